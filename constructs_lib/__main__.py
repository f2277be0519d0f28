"""``python -m constructs_lib <command> ...``: the project's command line.

Each command is a (help, add_arguments, run) entry in ``COMMANDS``; add ``render`` there.
Commands import their module only when chosen, so ``lint`` never loads cdk8s.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple, NoReturn

EXIT_USAGE = 2


class Command(NamedTuple):
    help: str
    module: str
    """Module with ``add_arguments(parser)`` and ``run(args) -> int``."""


COMMANDS: dict[str, Command] = {
    "lint": Command("lint Kubernetes manifests with the policy pack", "constructs_lib.lint.cli"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _Parser(prog="python -m constructs_lib", description="constructs_lib tools")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    # Only the chosen command's module is imported (argparse needs its arguments).
    chosen = next((a for a in argv if not a.startswith("-")), None)
    runners: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name, command in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=command.help, description=command.help, formatter_class=argparse.RawDescriptionHelpFormatter)
        if name == chosen:
            module = importlib.import_module(command.module)
            module.add_arguments(sub_parser)
            sub_parser.epilog = module.__doc__.split("\n\n", 1)[1] if module.__doc__ and "\n\n" in module.__doc__ else None
            runners[name] = module.run
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    return runners[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
