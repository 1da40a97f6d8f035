# SPDX-License-Identifier: Apache-2.0
# merit - build hook: records where libmerit_c is, so the installed package finds it
import os
import pathlib

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).resolve().parent


def find_library():
    """MERIT_LIBRARY when set, else the shared library of a build tree of this checkout."""
    env = os.environ.get("MERIT_LIBRARY")
    if env:
        return str(pathlib.Path(env).resolve())
    root = HERE.parent.parent
    for pattern in ("build/release/libmerit_c.so", "build/*/libmerit_c.so", "build*/libmerit_c.so"):
        found = sorted(root.glob(pattern))
        if found:
            return str(found[0].resolve())
    return None


class build_py_with_library(build_py):
    def run(self):
        super().run()
        lib = find_library()
        target = pathlib.Path(self.build_lib) / "merit" / "_build_config.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("# SPDX-License-Identifier: Apache-2.0\n# merit - written at install time\n"
                          f"LIBRARY = {lib!r}\n", encoding="utf-8")


setup(cmdclass={"build_py": build_py_with_library})
