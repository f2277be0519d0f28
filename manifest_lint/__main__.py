"""``python -m manifest_lint``: the same as the ``manifest-lint`` command."""

from manifest_lint.cli import command

command()
