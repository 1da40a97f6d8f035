# SPDX-License-Identifier: Apache-2.0
# merit - Python package over the merit C ABI
"""merit: an embeddable rules engine for award selection.

    import merit
    scheme = merit.compile(open("library.merit", encoding="utf-8").read(), "library.merit")
    result = scheme.evaluate("staff.csv", lenient=True)
    print(result.summary, result.candidates[0].score)
"""
from ._ffi import BudgetError, CompileError, DataError, MeritError, MeritIOError, UsageError, library_path
from ._ffi import version as library_version
from .api import Candidate, Diagnostic, Input, Param, Result, Scheme, Stage, StagePlace, compile, compile_file

__version__ = "0.1.0"

__all__ = ["compile", "compile_file", "Scheme", "Result", "Candidate", "StagePlace", "Diagnostic", "Input",
           "Param", "Stage", "MeritError", "CompileError", "DataError", "UsageError", "MeritIOError", "BudgetError",
           "library_version", "library_path", "__version__"]
