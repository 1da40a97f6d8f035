# SPDX-License-Identifier: Apache-2.0
# merit - independent reference evaluator for the merit language (differential testing)
"""An independent evaluator of merit schemes, written from the language contract alone.

It shares no code with the engine; the engine's results are compared against it.
Entry points: ``compile_scheme`` (text -> checked program) and ``evaluate`` (program +
roster bytes -> results in the JSON shape of the contract, section 8).
"""
from .errors import CompileError, DataError, UsageError, EvalError
from .checker import compile_scheme
from .evaluator import evaluate

__all__ = ["CompileError", "DataError", "UsageError", "EvalError", "compile_scheme", "evaluate"]
