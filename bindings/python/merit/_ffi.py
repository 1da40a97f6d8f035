# SPDX-License-Identifier: Apache-2.0
# merit - loading libmerit_c and the table of its C prototypes
"""Low-level access to the merit C ABI (ctypes). Use the classes in merit.api."""
import ctypes
import ctypes.util
import glob
import os
import pathlib
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t, c_uint
from ctypes import c_uint32, c_uint64, c_uint8, c_void_p

ABI_MAJOR = 0  # the MERIT_VERSION_MAJOR this package is written against

OK, E_COMPILE, E_DATA, E_USAGE, E_IO, E_NOMEM, E_MISUSE, E_INTERNAL, E_BUDGET = range(9)
TYPE_NAMES = {1: "int", 2: "decimal", 3: "bool", 4: "text", 5: "date", 6: "enum"}
STATUS_NAMES = {0: "eligible", 1: "ineligible", 2: "vetoed", 3: "error"}
SEVERITY_NAMES = {0: "error", 1: "warning", 2: "note"}


class MeritError(Exception):
    """A failure reported by the merit library: `code` is the MERIT_E_* status
    code, `message` the library's message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class CompileError(MeritError):
    """The scheme has errors; `diagnostics` lists every one with its line and column."""

    def __init__(self, code, message, diagnostics=()):
        super().__init__(code, message)
        self.diagnostics = list(diagnostics)


class DataError(MeritError):
    """The roster has bad rows (strict evaluation) or is unusable as a whole.
    `rows` lists (row, id, reasons) for every bad row; `result` is the whole
    result as lenient evaluation reports it, or None."""

    def __init__(self, code, message, rows=(), result=None):
        super().__init__(code, message)
        self.rows = list(rows)
        self.result = result


class UsageError(MeritError, ValueError):
    """A mistake in the values given: an unknown or missing field or param, a
    column of the wrong type, a param that does not read as its type."""


class MeritIOError(MeritError, OSError):
    """A file could not be read."""


class BudgetError(MeritError):
    """The evaluation ran past its time limit (`time_limit`); nothing was
    returned. The message names the time spent and the pass reached."""


_CLASSES = {E_COMPILE: CompileError, E_DATA: DataError, E_USAGE: UsageError, E_IO: MeritIOError,
            E_BUDGET: BudgetError}


def error_for(code, message):
    return _CLASSES.get(code, MeritError)(code, message)


class Diagnostic(Structure):
    _fields_ = [("severity", c_int), ("line", c_uint32), ("column", c_uint32), ("byte_offset", c_uint32),
                ("byte_end", c_uint32), ("code", c_char_p), ("message", c_char_p), ("hint", c_char_p)]


class Input(Structure):
    _fields_ = [("name", c_char_p), ("type", c_int), ("key", c_int), ("optional", c_int), ("lo", c_char_p),
                ("hi", c_char_p), ("default_value", c_char_p), ("member_count", c_size_t),
                ("members", POINTER(c_char_p))]


class Param(Structure):
    _fields_ = [("name", c_char_p), ("type", c_int), ("default_value", c_char_p), ("member_count", c_size_t),
                ("members", POINTER(c_char_p))]


class Stage(Structure):
    _fields_ = [("name", c_char_p), ("from_", c_char_p), ("by_count", c_size_t), ("by", POINTER(c_char_p)),
                ("tier_count", c_size_t), ("tiers", POINTER(c_char_p)), ("ties_share", c_int)]


class RowError(Structure):
    _fields_ = [("row", c_size_t), ("line", c_uint32), ("field", c_char_p), ("message", c_char_p)]


class EvalOptions(Structure):
    _fields_ = [("version", c_uint), ("lenient", c_int), ("explain", c_int), ("threads", c_uint),
                ("param_count", c_size_t), ("param_names", POINTER(c_char_p)), ("param_values", POINTER(c_char_p)),
                ("time_limit_ms", c_uint64)]


EVAL_OPTIONS_VERSION = 2
TEXT_ID, TEXT_SCORE, TEXT_OUTPUT = 0, 1, 2
LIST_REASONS, LIST_CAPS = 0, 1

_P = c_void_p
_S = POINTER(c_size_t)
_CS = POINTER(c_char_p)
_U8 = POINTER(c_uint8)

# name: (restype, argtypes). Functions returning int are status codes and get
# the errcheck below; the others return values directly.
_PROTOTYPES = {
    "merit_version": (c_char_p, []),
    "merit_version_number": (c_int, []),
    "merit_abi_version": (c_int, []),
    "merit_errstr": (c_char_p, [c_int]),
    "merit_last_errmsg": (c_char_p, []),
    "merit_program_compile": (c_int, [POINTER(_P), c_char_p, c_size_t, c_char_p]),
    "merit_program_compile_file": (c_int, [POINTER(_P), c_char_p]),
    "merit_program_free": (None, [_P]),
    "merit_program_errmsg": (c_char_p, [_P]),
    "merit_program_diagnostic_count": (c_int, [_S, _P]),
    "merit_program_diagnostic_get": (c_int, [POINTER(POINTER(Diagnostic)), _P, c_size_t]),
    "merit_program_name": (c_int, [_CS, _P]),
    "merit_program_input_count": (c_int, [_S, _P]),
    "merit_program_input_get": (c_int, [POINTER(POINTER(Input)), _P, c_size_t]),
    "merit_program_input_find": (c_int, [_S, _P, c_char_p]),
    "merit_program_param_count": (c_int, [_S, _P]),
    "merit_program_param_get": (c_int, [POINTER(POINTER(Param)), _P, c_size_t]),
    "merit_program_stage_count": (c_int, [_S, _P]),
    "merit_program_stage_get": (c_int, [POINTER(POINTER(Stage)), _P, c_size_t]),
    "merit_program_tier_count": (c_int, [_S, _P]),
    "merit_program_tier_get": (c_int, [_CS, _P, c_size_t]),
    "merit_roster_new": (c_int, [POINTER(_P), _P]),
    "merit_roster_free": (None, [_P]),
    "merit_roster_set_ints": (c_int, [_P, c_char_p, POINTER(c_int64), _U8, c_size_t]),
    "merit_roster_set_decimals_scaled": (c_int, [_P, c_char_p, POINTER(c_int64), c_int32, _U8, c_size_t]),
    "merit_roster_set_doubles": (c_int, [_P, c_char_p, POINTER(c_double), _U8, c_size_t]),
    "merit_roster_set_bools": (c_int, [_P, c_char_p, _U8, _U8, c_size_t]),
    "merit_roster_set_dates": (c_int, [_P, c_char_p, POINTER(c_int32), _U8, c_size_t]),
    "merit_roster_set_cells": (c_int, [_P, c_char_p, _CS, c_size_t]),
    "merit_roster_set_texts_utf8": (c_int, [_P, c_char_p, c_char_p, POINTER(c_int64), _U8, c_size_t]),
    "merit_roster_add_row": (c_int, [_P, _CS, c_size_t]),
    "merit_roster_add_row_named": (c_int, [_P, _CS, _CS, c_size_t]),
    "merit_roster_finish": (c_int, [_P]),
    "merit_roster_read_csv": (c_int, [POINTER(_P), _P, c_char_p]),
    "merit_roster_read_csv_text": (c_int, [POINTER(_P), _P, c_char_p, c_size_t, c_char_p]),
    "merit_roster_row_count": (c_int, [_S, _P]),
    "merit_roster_error_count": (c_int, [_S, _P]),
    "merit_roster_error_get": (c_int, [POINTER(POINTER(RowError)), _P, c_size_t]),
    "merit_roster_warning_count": (c_int, [_S, _P]),
    "merit_roster_warning_get": (c_int, [_CS, _P, c_size_t]),
    "merit_eval_options_init": (c_int, [POINTER(EvalOptions), c_uint]),
    "merit_program_evaluate": (c_int, [POINTER(_P), _P, _P, POINTER(EvalOptions)]),
    "merit_result_free": (None, [_P]),
    "merit_result_candidate_count": (c_int, [_S, _P]),
    "merit_result_count_status": (c_int, [_S, _P, c_int]),
    "merit_result_output_count": (c_int, [_S, _P]),
    "merit_result_output_name": (c_int, [_CS, _P, c_size_t]),
    "merit_result_stage_count": (c_int, [_S, _P]),
    "merit_result_stage_name": (c_int, [_CS, _P, c_size_t]),
    "merit_result_warning_count": (c_int, [_S, _P]),
    "merit_result_warning_get": (c_int, [_CS, _P, c_size_t]),
    "merit_result_get_id": (c_int, [_CS, _P, c_size_t]),
    "merit_result_get_status": (c_int, [POINTER(c_int), _P, c_size_t]),
    "merit_result_get_score": (c_int, [_CS, _P, c_size_t]),
    "merit_result_get_selected": (c_int, [POINTER(c_int), _P, c_size_t]),
    "merit_result_get_tier": (c_int, [_CS, _P, c_size_t]),
    "merit_result_get_rank": (c_int, [POINTER(c_int64), _P, c_size_t]),
    "merit_result_get_tie": (c_int, [POINTER(c_int), _P, c_size_t]),
    "merit_result_reason_count": (c_int, [_S, _P, c_size_t]),
    "merit_result_reason_get": (c_int, [_CS, _P, c_size_t, c_size_t]),
    "merit_result_cap_count": (c_int, [_S, _P, c_size_t]),
    "merit_result_cap_get": (c_int, [_CS, _P, c_size_t, c_size_t]),
    "merit_result_get_output": (c_int, [_CS, _P, c_size_t, c_size_t]),
    "merit_result_get_stage_entered": (c_int, [POINTER(c_int), _P, c_size_t, c_size_t]),
    "merit_result_get_stage_selected": (c_int, [POINTER(c_int), _P, c_size_t, c_size_t]),
    "merit_result_get_stage_tier": (c_int, [_CS, _P, c_size_t, c_size_t]),
    "merit_result_get_stage_rank": (c_int, [POINTER(c_int64), _P, c_size_t, c_size_t]),
    "merit_result_get_stage_tie": (c_int, [POINTER(c_int), _P, c_size_t, c_size_t]),
    "merit_result_read_candidates": (c_int, [POINTER(ctypes.c_int8), _U8, POINTER(c_int32), POINTER(c_int64), _U8,
                                             _P, c_size_t, c_size_t]),
    "merit_result_read_texts": (c_int, [POINTER(c_void_p), POINTER(POINTER(c_int64)), POINTER(_U8), _P, c_int]),
    "merit_result_read_lists": (c_int, [POINTER(c_void_p), _S, POINTER(POINTER(c_int64)), _P, c_int]),
    "merit_result_json": (c_int, [_CS, _P, c_uint]),
    "merit_result_explain": (c_int, [_CS, _P, c_char_p]),
}


# Bulk readers, newer than the rest of the ABI; absent from an older library.
_OPTIONAL = {"merit_result_read_candidates", "merit_result_read_texts", "merit_result_read_lists"}


def has(name):
    """True when the loaded library has the C function `name`."""
    try:
        getattr(lib, name)
        return True
    except AttributeError:
        return False


def _library_candidates():
    env = os.environ.get("MERIT_LIBRARY")
    if env:
        yield env
        return
    here = pathlib.Path(__file__).resolve().parent
    for p in sorted(here.glob("libmerit_c.so*")):
        yield str(p)
    try:
        from . import _build_config  # written at install time
        if getattr(_build_config, "LIBRARY", None):
            yield _build_config.LIBRARY
    except ImportError:
        pass
    # The build tree, when running from a source checkout (bindings/python/merit).
    root = here.parents[2]
    for pattern in ("build/release/libmerit_c.so", "build/*/libmerit_c.so", "build*/libmerit_c.so"):
        for p in sorted(glob.glob(str(root / pattern))):
            yield p
    found = ctypes.util.find_library("merit_c")
    if found:
        yield found


def _load():
    tried = []
    for path in _library_candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append(f"{path}: {e}")
    raise ImportError("merit: cannot load libmerit_c (set MERIT_LIBRARY to its path); tried: "
                      + ("; ".join(tried) if tried else "nothing found"))


lib, library_path = _load()


def _errcheck(code, func, args):
    if code != OK:
        raise error_for(code, lib.merit_last_errmsg().decode("utf-8", "replace"))
    return code


for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    try:
        _f = getattr(lib, _name)
    except AttributeError:
        if _name in _OPTIONAL:  # an older library: the package reads results one by one instead
            continue
        raise
    _f.restype = _restype
    _f.argtypes = _argtypes
    if _restype is c_int and _name not in ("merit_version_number", "merit_abi_version"):
        _f.errcheck = _errcheck

_number = lib.merit_version_number()
if _number // 10000 != ABI_MAJOR:
    raise ImportError(f"merit: {library_path} is version {lib.merit_version().decode()}, "
                      f"this package needs major version {ABI_MAJOR}")

version = lib.merit_version().decode()


def text(p):
    """A library-owned C string as str (None stays None)."""
    return None if p is None else p.decode("utf-8")


__all__ = ["lib", "byref", "MeritError", "CompileError", "DataError", "UsageError", "MeritIOError"]
