# SPDX-License-Identifier: Apache-2.0
# merit - error classes of the reference evaluator
"""Exceptions used by the reference evaluator."""


class CompileError(Exception):
    """The scheme text is not a valid program (exit code 1)."""


class UsageError(Exception):
    """A bad parameter or command line (exit code 3)."""


class DataError(Exception):
    """The roster is unusable as a whole (exit code 2)."""


class EvalError(Exception):
    """An error of one row: evaluation failed (division by zero, missing value, ...)."""
