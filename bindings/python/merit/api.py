# SPDX-License-Identifier: Apache-2.0
# merit - the Pythonic classes: Scheme, Result, Candidate
"""compile(), Scheme, Result and Candidate over the merit C ABI."""
import ctypes
import datetime
import decimal
import gc
import math
import os
import warnings
from ctypes import POINTER, byref, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t, c_uint8, c_void_p, cast
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import _ffi
from ._ffi import CompileError, DataError, MeritError, UsageError, lib, text

try:  # optional: buffers for NumPy / pandas columns
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None


@dataclass(frozen=True)
class Diagnostic:
    """One compile diagnostic. `column` is 1-based and counts characters
    (code points); `byte_offset` counts UTF-8 bytes."""
    severity: str
    line: int
    column: int
    byte_offset: int
    code: str
    message: str
    hint: str

    def __str__(self):
        return f"{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Input:
    name: str
    type: str
    key: bool
    optional: bool
    lo: Optional[str]
    hi: Optional[str]
    default: Optional[str]
    members: Tuple[str, ...]

    @property
    def required(self):
        return not self.optional and self.default is None


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Optional[str]
    members: Tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    name: str
    source: str
    by: Tuple[str, ...]
    tiers: Tuple[str, ...]
    ties_share: bool


@dataclass(frozen=True)
class StagePlace:
    entered: bool
    selected: bool
    tier: Optional[str]
    rank: Optional[int]
    tie: bool


@dataclass(frozen=True)
class Candidate:
    row: int
    id: Optional[str]
    status: str
    score: Optional[decimal.Decimal]
    selected: bool
    tier: Optional[str]
    rank: Optional[int]
    tie: bool
    reasons: Tuple[str, ...]
    caps: Tuple[str, ...]
    outputs: Dict[str, Optional[str]] = field(default_factory=dict)
    stages: Dict[str, StagePlace] = field(default_factory=dict)


def _utf8(s, what):
    if not isinstance(s, str):
        raise TypeError(f"{what} must be a str, not {type(s).__name__}")
    return s.encode("utf-8")


class _Handle:
    _free = None
    _kind = "handle"

    def __init__(self, handle):
        self._h = handle

    def _handle(self):
        if self._h is None:
            raise ValueError(f"this {self._kind} is closed")
        return self._h

    def close(self):
        """Frees the underlying handle; further use raises ValueError."""
        h, self._h = self._h, None
        if h is not None:
            type(self)._free(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


def _count(fn, *args):
    n = c_size_t()
    fn(byref(n), *args)
    return n.value


def _str(fn, *args):
    s = c_char_p()
    fn(byref(s), *args)
    return text(s.value)


def _strings(ptr, n):
    return tuple(ptr[i].decode("utf-8") for i in range(n))


def _diagnostics(h):
    out = []
    for i in range(_count(lib.merit_program_diagnostic_count, h)):
        d = POINTER(_ffi.Diagnostic)()
        lib.merit_program_diagnostic_get(byref(d), h, i)
        d = d.contents
        out.append(Diagnostic(_ffi.SEVERITY_NAMES.get(d.severity, "error"), d.line, d.column, d.byte_offset,
                              text(d.code), text(d.message), text(d.hint)))
    return out


def compile(text_, filename=None):
    """Compiles scheme text into a Scheme. Raises CompileError carrying every
    diagnostic (with line and column) when the scheme has errors."""
    data = _utf8(text_, "scheme text")
    fname = None if filename is None else _utf8(os.fspath(filename), "filename")
    h = c_void_p()
    try:
        lib.merit_program_compile(byref(h), data, len(data), fname)
    except CompileError as e:
        try:
            diags = _diagnostics(h)
            rendered = text(lib.merit_program_errmsg(h))
        finally:
            lib.merit_program_free(h)
        raise CompileError(e.code, rendered or e.message, diags) from None
    return Scheme(h)


def compile_file(path):
    """Reads and compiles a scheme file."""
    with open(path, encoding="utf-8") as f:
        return compile(f.read(), os.fspath(path))


class Scheme(_Handle):
    """A compiled scheme. Immutable: one Scheme may be evaluated by many
    threads at once. Use as a context manager or call close()."""
    _free = staticmethod(lib.merit_program_free)
    _kind = "scheme"

    def __init__(self, handle):
        super().__init__(handle)
        h = handle
        self.name = _str(lib.merit_program_name, h)
        self.diagnostics = _diagnostics(h)  # warnings
        ins = []
        for i in range(_count(lib.merit_program_input_count, h)):
            p = POINTER(_ffi.Input)()
            lib.merit_program_input_get(byref(p), h, i)
            d = p.contents
            ins.append(Input(text(d.name), _ffi.TYPE_NAMES[d.type], bool(d.key), bool(d.optional), text(d.lo),
                             text(d.hi), text(d.default_value), _strings(d.members, d.member_count)))
        self.inputs = ins
        ps = []
        for i in range(_count(lib.merit_program_param_count, h)):
            p = POINTER(_ffi.Param)()
            lib.merit_program_param_get(byref(p), h, i)
            d = p.contents
            ps.append(Param(text(d.name), _ffi.TYPE_NAMES[d.type], text(d.default_value),
                            _strings(d.members, d.member_count)))
        self.params = ps
        st = []
        for i in range(_count(lib.merit_program_stage_count, h)):
            p = POINTER(_ffi.Stage)()
            lib.merit_program_stage_get(byref(p), h, i)
            d = p.contents
            st.append(Stage(text(d.name), text(d.from_), _strings(d.by, d.by_count),
                            _strings(d.tiers, d.tier_count), bool(d.ties_share)))
        self.stages = st
        self.tiers = [_str(lib.merit_program_tier_get, h, i) for i in range(_count(lib.merit_program_tier_count, h))]

    def evaluate(self, roster, params=None, lenient=False, explain=False, threads=1, time_limit=None):
        """Evaluates the scheme over `roster`: a CSV file path, a list of dicts,
        a dict of columns (lists or NumPy arrays), or a pandas DataFrame.

        Returns a Result. In strict mode (the default) bad rows raise DataError
        listing them (its `result` holds the lenient view). Raises UsageError
        for a missing input column, a column of the wrong type, or bad params,
        before any evaluation work is done. `time_limit` (seconds, int or
        float, rounded up to whole milliseconds; None: no limit) bounds the
        evaluation's wall-clock time: past it BudgetError is raised and
        nothing is returned."""
        h = self._handle()
        opts = _options(params, lenient, explain, threads, time_limit)
        r = _build_roster(self, roster)
        try:
            out = c_void_p()
            try:
                lib.merit_program_evaluate(byref(out), h, r, byref(opts))
            except DataError as e:
                if not out.value:
                    raise
                partial = Result(out, self)
                bad = partial._error_rows()
                raise DataError(e.code, e.message, bad, partial) from None
            return Result(out, self)
        finally:
            lib.merit_roster_free(r)


def _param_text(name, v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise UsageError(_ffi.E_USAGE, f"param '{name}': {v!r} is not a finite number")
        return _plain(repr(v))
    if isinstance(v, decimal.Decimal):
        if not v.is_finite():
            raise UsageError(_ffi.E_USAGE, f"param '{name}': {v} is not a finite number")
        return format(v, "f")
    if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
        return v.isoformat()
    raise TypeError(f"param '{name}': cannot pass a {type(v).__name__} ({v!r})")


def _options(params, lenient, explain, threads, time_limit=None):
    opts = _ffi.EvalOptions()
    lib.merit_eval_options_init(byref(opts), _ffi.EVAL_OPTIONS_VERSION)
    opts.lenient = 1 if lenient else 0
    opts.explain = 1 if explain else 0
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a positive int, not {threads!r}")
    opts.threads = threads
    if time_limit is not None:
        if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not math.isfinite(time_limit) \
                or time_limit <= 0:
            raise ValueError(f"time_limit must be a positive number of seconds, not {time_limit!r}")
        opts.time_limit_ms = math.ceil(time_limit * 1000)
    if params is not None:
        if not hasattr(params, "items"):
            raise TypeError(f"params must be a dict of name to value, not {type(params).__name__}")
        items = list(params.items())
        names = (c_char_p * len(items))(*[_utf8(k, "param name") for k, _ in items])
        values = (c_char_p * len(items))(*[_param_text(k, v).encode("utf-8") for k, v in items])
        opts.param_count = len(items)
        opts.param_names = names
        opts.param_values = values
        opts._keep = (names, values)  # the arrays live as long as the options
    return opts


def _plain(s):
    """A number's text in plain notation ('1e-07' -> '0.0000001'), by decimal
    text manipulation only (no binary arithmetic)."""
    if "e" in s or "E" in s:
        return format(decimal.Decimal(s), "f")
    return s


# ---------------------------------------------------------------------------
# Rosters
# ---------------------------------------------------------------------------

def _is_dataframe(x):
    return type(x).__name__ == "DataFrame" and hasattr(x, "columns") and hasattr(x, "dtypes")


def _build_roster(scheme, roster):
    h = scheme._handle()
    if isinstance(roster, (str, bytes, os.PathLike)):
        path = os.fsencode(roster)
        out = c_void_p()
        lib.merit_roster_read_csv(byref(out), h, path)
        return out
    if _is_dataframe(roster):
        columns = {str(k): roster[k] for k in roster.columns}
    elif isinstance(roster, dict):
        columns = roster
    elif isinstance(roster, (list, tuple)):
        columns = _rows_to_columns(scheme, roster)
    else:
        raise TypeError("roster must be a CSV path, a list of dicts, a dict of columns or a pandas DataFrame, "
                        f"not {type(roster).__name__}")
    return _columns_roster(scheme, columns)


def _columns_roster(scheme, columns):
    return _roster_from_prepared(scheme, _prepare_columns(scheme, columns))


def _rows_to_columns(scheme, rows):
    declared = {i.name for i in scheme.inputs}
    seen = set()
    for n, row in enumerate(rows):
        if not isinstance(row, dict):
            raise TypeError(f"roster row {n} must be a dict, not {type(row).__name__}")
        seen.update(row.keys())
    cols = {}
    for name in declared:
        if name in seen:
            cols[name] = [row.get(name) for row in rows]
    for extra in sorted(str(k) for k in seen - declared):
        cols[extra] = None  # reported as undeclared below
    return _Rows(cols, len(rows))


class _Rows(dict):
    """Columns made from a list of dicts (its length known even when empty)."""

    def __init__(self, cols, n):
        super().__init__(cols)
        self.n = n


def _prepare_columns(scheme, columns):
    """Every declared column as (name, (length, setter, args, arrays to keep
    alive)), checked against the scheme; no roster is made yet."""
    inputs = {i.name: i for i in scheme.inputs}
    for k in columns:
        if not isinstance(k, str):
            raise TypeError(f"roster column names must be str, not {type(k).__name__} ({k!r})")
    missing = [i for i in scheme.inputs if i.required and i.name not in columns]
    if missing:
        raise UsageError(_ffi.E_USAGE, "the roster has no column for " + ", ".join(
            f"'{i.name}' ({i.type})" for i in missing) + f"; scheme '{scheme.name}' requires "
            + ("it" if len(missing) == 1 else "them"))
    extra = [k for k in columns if k not in inputs]
    if extra:
        warnings.warn("roster columns not declared by the scheme are ignored: " + ", ".join(extra), stacklevel=4)
    prepared = []
    n = columns.n if isinstance(columns, _Rows) else None
    for name, col in columns.items():
        if name not in inputs:
            continue
        setter = _prepare_column(inputs[name], col)
        if n is None:
            n = setter[0]
        elif setter[0] != n:
            raise UsageError(_ffi.E_USAGE, f"roster column '{name}' has {setter[0]} values, "
                                           f"the other columns have {n}")
        prepared.append((name, setter))
    return prepared


def _roster_from_prepared(scheme, prepared):
    """A new C roster filled from _prepare_columns' setters."""
    out = c_void_p()
    lib.merit_roster_new(byref(out), scheme._handle())
    try:
        for name, (_, fn, args, _keep) in prepared:
            fn(out, name.encode("utf-8"), *args)
    except BaseException:
        lib.merit_roster_free(out)
        raise
    return out


def _ptr(arr, ctype):
    return arr.ctypes.data_as(POINTER(ctype))


def _series_to_numpy(col):
    """A pandas Series as (values, valid) NumPy arrays, missing values masked."""
    dt = col.dtype
    isna = col.isna().to_numpy()
    kind = getattr(dt, "kind", "O")
    if type(dt).__module__.startswith("pandas") and kind in "iub":  # nullable Int64 / boolean
        numpy_dtype = _np.bool_ if kind == "b" else _np.int64
        return col.to_numpy(dtype=numpy_dtype, na_value=0), ~isna
    if type(dt).__module__.startswith("pandas") and kind == "f":
        return col.to_numpy(dtype=_np.float64, na_value=_np.nan), ~isna
    if kind == "M":
        return col.to_numpy(), ~isna
    if kind in "iubf":
        return col.to_numpy(), None
    values = col.astype(object).to_numpy()
    return values, ~isna


def _prepare_column(inp, col):
    """(length, setter, args, arrays to keep alive) for one column, its type checked first."""
    valid = None
    if _np is not None and hasattr(col, "isna") and hasattr(col, "to_numpy"):
        if inp.type in ("text", "enum") and getattr(col.dtype, "kind", "") == "O":
            # A column of str has no missing value to mask (an empty str is
            # missing, as an empty CSV cell is), so pandas' isna, a pass over
            # every object, is only needed when a cell is not a str.
            fast = _prepare_strings(col.to_numpy(dtype=object).tolist(), None)
            if fast is not None:
                return fast
        col, valid = _series_to_numpy(col)
    if _np is not None and isinstance(col, _np.ndarray):
        if col.ndim != 1:
            raise UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' must be one-dimensional")
        return _prepare_array(inp, col, valid)
    if col is None or isinstance(col, (str, bytes, dict)) or not hasattr(col, "__len__"):
        raise TypeError(f"roster column '{inp.name}' must be a list or an array, not {type(col).__name__}")
    values = list(col)
    fast = _prepare_strings(values, None)
    return fast if fast is not None else _prepare_objects(inp, values, None)


def _valid_array(valid, n):
    if valid is None:
        return None
    return _np.ascontiguousarray(valid, dtype=_np.uint8)


def _type_error(inp, what):
    return UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' holds {what}, but the field is {inp.type}")


def _prepare_array(inp, arr, valid):
    n = len(arr)
    kind = arr.dtype.kind
    t = inp.type
    v = _valid_array(valid, n)
    vp = None if v is None else _ptr(v, c_uint8)
    if kind == "b":
        if t != "bool":
            raise _type_error(inp, "bools")
        a = _np.ascontiguousarray(arr, dtype=_np.uint8)
        return n, lib.merit_roster_set_bools, (_ptr(a, c_uint8), vp, n), (a, v)
    if kind in "iu":
        if t not in ("int", "decimal"):
            raise _type_error(inp, f"integers ({arr.dtype})")
        if kind == "u" and n and arr.max() > _np.iinfo(_np.int64).max:
            raise UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' has a value above 2^63-1")
        a = _np.ascontiguousarray(arr, dtype=_np.int64)
        return n, lib.merit_roster_set_ints, (_ptr(a, c_int64), vp, n), (a, v)
    if kind == "f":
        if t not in ("int", "decimal"):
            raise _type_error(inp, f"floats ({arr.dtype})")
        a = _np.ascontiguousarray(arr, dtype=_np.float64)
        scaled = _scaled_decimals(a)
        if scaled is not None:
            coeff, scale, nan = scaled
            if nan is not None:
                v = _np.ascontiguousarray(~nan if v is None else (v.astype(bool) & ~nan), dtype=_np.uint8)
                vp = _ptr(v, c_uint8)
            return n, lib.merit_roster_set_decimals_scaled, (_ptr(coeff, c_int64), scale, vp, n), (coeff, v)
        # Converted in C, one by one, through the shortest round-trip text.
        return n, lib.merit_roster_set_doubles, (_ptr(a, c_double), vp, n), (a, v)
    if kind == "M":
        if t != "date":
            raise _type_error(inp, f"datetimes ({arr.dtype})")
        nat = _np.isnat(arr)
        days = arr.astype("datetime64[D]")
        timed = (days.astype(arr.dtype) != arr) & ~nat
        if timed.any():
            r = int(_np.flatnonzero(timed)[0])
            raise UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' row {r}: {arr[r]} has a time of day; "
                                           "a date field takes dates only")
        a = _np.ascontiguousarray(days.astype(_np.int64), dtype=_np.int32)
        ok = ~nat if v is None else (v.astype(bool) & ~nat)
        v = _np.ascontiguousarray(ok, dtype=_np.uint8)
        return n, lib.merit_roster_set_dates, (_ptr(a, c_int32), _ptr(v, c_uint8), n), (a, v)
    if kind in "OUS":
        values = arr.tolist()
        fast = _prepare_strings(values, valid)
        return fast if fast is not None else _prepare_objects(inp, values, valid)
    raise _type_error(inp, f"values of dtype {arr.dtype}")


_MAX_SCALE = 6


def _scaled_decimals(a):
    """A float64 column whose every value is, exactly, its shortest round-trip
    decimal with at most _MAX_SCALE fractional digits, as (int64 coefficients,
    scale, NaN mask or None), so that merit_roster_set_decimals_scaled takes it
    without formatting a double per value. The same values as
    merit_roster_set_doubles gives, by this argument: c / 10^k == x (IEEE
    division is correctly rounded) means the decimal c·10^-k reads back as x;
    and when ulp(x) < 10^-k no other decimal with k or fewer fractional digits
    reads back as x, while the shortest one has no more digits than c·10^-k, so
    it is c·10^-k. None (the caller uses set_doubles) for anything else:
    infinities, -0.0, more digits, or values too large for the argument."""
    n = len(a)
    if n == 0:
        return None
    nan = _np.isnan(a)
    x = a
    if nan.any():
        x = _np.where(nan, 0.0, a)
    else:
        nan = None
    if not _np.isfinite(x).all() or (_np.signbit(x) & (x == 0)).any():
        return None
    top = float(_np.abs(x).max())
    sample = x[:: max(1, n // 1024)]
    for k in range(_MAX_SCALE + 1):
        p = 10.0 ** k  # exact for these k
        if top * p >= 2.0 ** 53 or _np.spacing(top) * p >= 0.5:
            return None
        c = _np.round(sample * p)
        if not _np.array_equal(c / p, sample):
            continue
        c = _np.round(x * p)
        if _np.array_equal(c / p, x):
            return _np.ascontiguousarray(c.astype(_np.int64)), k, nan
    return None


def _prepare_strings(values, valid):
    """A column of str (missing rows masked by `valid`) as one UTF-8 buffer
    plus offsets, made without a Python loop per row: the cells are joined
    with NUL terminators, encoded once, the terminators found with NumPy and
    removed. None when a value is not a str (or holds a NUL, or does not
    encode): the caller then takes the general path, which checks each value."""
    if _np is None:
        return None
    n = len(values)
    if valid is not None:
        ok = _np.asarray(valid, dtype=bool)
        if not ok.all():
            values = _np.array(values, dtype=object)
            values[~ok] = ""
            values = values.tolist()
    try:
        data = ("\0".join(values) + "\0").encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return None
    ends = _np.flatnonzero(_np.frombuffer(data, dtype=_np.uint8) == 0)
    if len(ends) != n:  # a cell holds a NUL byte
        return None
    offsets = _np.empty(n + 1, dtype=_np.int64)
    offsets[0] = 0
    offsets[1:] = ends - _np.arange(n, dtype=_np.int64)  # each cell's end once the NULs before it are gone
    data = data.replace(b"\0", b"")
    v = _valid_array(valid, n)
    vp = None if v is None else _ptr(v, c_uint8)
    return n, lib.merit_roster_set_texts_utf8, (data, _ptr(offsets, c_int64), vp, n), (data, offsets, v)


def _prepare_objects(inp, values, valid):
    """Python objects → one UTF-8 buffer plus offsets (set_texts_utf8)."""
    n = len(values)
    cells = [_cell(inp, x, r) for r, x in enumerate(values)]
    if valid is not None:
        cells = [c if ok else None for c, ok in zip(cells, valid)]
    encoded = [b"" if c is None else c.encode("utf-8") for c in cells]
    data = b"".join(encoded)
    offsets = (c_int64 * (n + 1))()
    pos = 0
    for i, e in enumerate(encoded):
        pos += len(e)
        offsets[i + 1] = pos
    ok = (c_uint8 * n)(*[0 if c is None else 1 for c in cells])
    return n, lib.merit_roster_set_texts_utf8, (data, offsets, ok, n), None


def _cell(inp, x, row):
    """One value as cell text, or None when missing; a value of a type the
    field cannot take raises UsageError naming the field and row."""
    if x is None:
        return None
    t = inp.type
    if isinstance(x, str):
        return x
    if isinstance(x, float) and math.isnan(x):
        return None
    if _np is not None and isinstance(x, _np.generic):
        if isinstance(x, _np.floating) and _np.isnan(x):
            return None
        if isinstance(x, _np.datetime64):
            if _np.isnat(x):
                return None
            x = x.astype("datetime64[us]").item()
        else:
            x = x.item()
    if type(x).__name__ in ("NAType", "NaTType"):
        return None
    if t in ("int", "decimal"):
        if isinstance(x, bool):
            pass
        elif isinstance(x, int):
            return str(x)
        elif isinstance(x, float):
            return _plain(repr(x)) if math.isfinite(x) else repr(x)  # inf: an error of its row
        elif isinstance(x, decimal.Decimal):
            return format(x, "f") if x.is_finite() else str(x)
    elif t == "bool":
        if isinstance(x, bool):
            return "true" if x else "false"
    elif t == "date":
        if isinstance(x, datetime.datetime):
            if x.time() != datetime.time(0):
                raise UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' row {row}: {x} has a time of day; "
                                               "a date field takes dates only")
            return x.date().isoformat()
        if isinstance(x, datetime.date):
            return x.isoformat()
    raise UsageError(_ffi.E_USAGE, f"roster column '{inp.name}' row {row}: {type(x).__name__} {x!r} "
                                   f"cannot be a value of the {t} field '{inp.name}'")


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

class Result(_Handle):
    """The result of an evaluation. Belongs to one thread at a time."""
    _free = staticmethod(lib.merit_result_free)
    _kind = "result"

    def __init__(self, handle, scheme):
        super().__init__(handle)
        self.scheme_name = scheme.name
        self._candidates = None
        self._last_tiers = tuple(scheme.stages[-1].tiers) if scheme.stages else ()

    @property
    def outputs(self) -> List[str]:
        h = self._handle()
        return [_str(lib.merit_result_output_name, h, k) for k in range(_count(lib.merit_result_output_count, h))]

    @property
    def stages(self) -> List[str]:
        h = self._handle()
        return [_str(lib.merit_result_stage_name, h, s) for s in range(_count(lib.merit_result_stage_count, h))]

    @property
    def warnings(self) -> List[str]:
        h = self._handle()
        return [_str(lib.merit_result_warning_get, h, i) for i in range(_count(lib.merit_result_warning_count, h))]

    @property
    def summary(self) -> Dict[str, int]:
        """Candidates per status, and the row count."""
        h = self._handle()
        out = {"rows": _count(lib.merit_result_candidate_count, h)}
        for code, name in _ffi.STATUS_NAMES.items():
            out[name if name != "error" else "errors"] = _count(lib.merit_result_count_status, h, code)
        return out

    @property
    def candidates(self) -> List[Candidate]:
        """Every candidate, in roster order."""
        if self._candidates is None:
            self._candidates = self._read_candidates()
        return self._candidates

    def _read_candidates(self):
        h = self._handle()
        outputs = self.outputs
        stages = self.stages
        n = _count(lib.merit_result_candidate_count, h)
        ci = c_int()
        i64 = c_int64()
        out = []
        for i in range(n):
            lib.merit_result_get_status(byref(ci), h, i)
            status = _ffi.STATUS_NAMES[ci.value]
            score = _str(lib.merit_result_get_score, h, i)
            lib.merit_result_get_selected(byref(ci), h, i)
            selected = bool(ci.value)
            lib.merit_result_get_rank(byref(i64), h, i)
            rank = i64.value or None
            lib.merit_result_get_tie(byref(ci), h, i)
            tie = bool(ci.value)
            reasons = tuple(_str(lib.merit_result_reason_get, h, i, j)
                            for j in range(_count(lib.merit_result_reason_count, h, i)))
            caps = tuple(_str(lib.merit_result_cap_get, h, i, j)
                         for j in range(_count(lib.merit_result_cap_count, h, i)))
            outs = {name: _str(lib.merit_result_get_output, h, i, k) for k, name in enumerate(outputs)}
            places = {}
            for s, name in enumerate(stages):
                lib.merit_result_get_stage_entered(byref(ci), h, i, s)
                entered = bool(ci.value)
                lib.merit_result_get_stage_selected(byref(ci), h, i, s)
                ssel = bool(ci.value)
                lib.merit_result_get_stage_rank(byref(i64), h, i, s)
                srank = i64.value or None
                lib.merit_result_get_stage_tie(byref(ci), h, i, s)
                places[name] = StagePlace(entered, ssel, _str(lib.merit_result_get_stage_tier, h, i, s), srank,
                                          bool(ci.value))
            out.append(Candidate(i, _str(lib.merit_result_get_id, h, i), status,
                                 None if score is None else decimal.Decimal(score), selected,
                                 _str(lib.merit_result_get_tier, h, i), rank, tie, reasons, caps, outs, places))
        return out

    def json(self, values=False) -> str:
        """The result as the JSON document of the language reference."""
        return _str(lib.merit_result_json, self._handle(), 1 if values else 0)

    def explain(self, id) -> str:
        """Why candidate `id` got what it got (raises UsageError for an unknown id)."""
        return _str(lib.merit_result_explain, self._handle(), _utf8(id, "candidate id"))

    def _bulk(self):
        """True when the columns can be read in bulk (NumPy and a library with the bulk readers)."""
        return _np is not None and _ffi.has("merit_result_read_candidates")

    def _error_rows(self):
        """(row, id, reasons) of every error candidate; only those are read one by one."""
        if not self._bulk():
            return [(c.row, c.id, c.reasons) for c in self.candidates if c.status == "error"]
        h = self._handle()
        status = self._read_columns(_count(lib.merit_result_candidate_count, h))[0]
        out = []
        for i in _np.flatnonzero(status == 3).tolist():
            reasons = tuple(_str(lib.merit_result_reason_get, h, i, j)
                            for j in range(_count(lib.merit_result_reason_count, h, i)))
            out.append((i, _str(lib.merit_result_get_id, h, i), reasons))
        return out

    def _read_columns(self, n):
        """status (int8), selected, tier index (-1 none), rank (0 none), tie: NumPy arrays, one C call."""
        status = _np.zeros(n, dtype=_np.int8)
        selected = _np.zeros(n, dtype=_np.uint8)
        tier = _np.zeros(n, dtype=_np.int32)
        rank = _np.zeros(n, dtype=_np.int64)
        tie = _np.zeros(n, dtype=_np.uint8)
        if n:
            lib.merit_result_read_candidates(_ptr(status, ctypes.c_int8), _ptr(selected, c_uint8),
                                             _ptr(tier, c_int32), _ptr(rank, c_int64), _ptr(tie, c_uint8),
                                             self._handle(), 0, n)
        return status, selected, tier, rank, tie

    def _read_texts(self, column, n):
        """One text column as a NumPy object array (None where missing), from one packed buffer."""
        out = _np.empty(n, dtype=object)
        if not n:
            return out
        data, offs, valid = c_void_p(), POINTER(c_int64)(), POINTER(c_uint8)()
        lib.merit_result_read_texts(byref(data), byref(offs), byref(valid), self._handle(), column)
        offsets = _np.ctypeslib.as_array(offs, shape=(n + 1,))
        buf = ctypes.string_at(data, int(offsets[n]))
        items = buf.decode("utf-8").split("\0")
        if len(items) == n + 1:
            out[:] = items[:n]
        else:  # a value holds a NUL: cut by the offsets instead
            out[:] = [buf[offsets[i]:offsets[i + 1] - 1].decode("utf-8") for i in range(n)]
        out[_np.ctypeslib.as_array(valid, shape=(n,)) == 0] = None
        return out

    def _read_lists(self, which, n):
        """Reasons or caps: one Python list per candidate, from one packed buffer."""
        if not n:
            return []
        data, total, cnt = c_void_p(), c_size_t(), POINTER(c_int64)()
        lib.merit_result_read_lists(byref(data), byref(total), byref(cnt), self._handle(), which)
        counts = _np.ctypeslib.as_array(cnt, shape=(n,)).tolist()
        buf = ctypes.string_at(data, total.value) if total.value else b""
        items = buf.decode("utf-8").split("\0")[:-1] if buf else []
        if len(items) != sum(counts):  # an item holds a NUL: read them one by one
            fn, cfn = ((lib.merit_result_reason_get, lib.merit_result_reason_count) if which == _ffi.LIST_REASONS
                       else (lib.merit_result_cap_get, lib.merit_result_cap_count))
            h = self._handle()
            return [[_str(fn, h, i, j) for j in range(_count(cfn, h, i))] for i in range(n)]
        # Candidate i's list is items[start_i:end_i]; map() keeps the loop in C.
        ends = _np.cumsum(counts, dtype=_np.int64)
        starts = (ends - _np.asarray(counts, dtype=_np.int64)).tolist()
        return list(map(items.__getitem__, map(slice, starts, ends.tolist())))

    def to_pandas(self):
        """One row per candidate: id, status, score (Decimal), selected, tier,
        rank, tie, reasons, caps, then every output. Read column by column."""
        import pandas as pd
        if not self._bulk():
            return self._to_pandas_by_candidate()
        # Millions of new lists and Decimals would set off the cyclic garbage
        # collector over and over; none of them can form a cycle.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._to_pandas_bulk(pd)
        finally:
            if was_enabled:
                gc.enable()

    def _to_pandas_bulk(self, pd):
        n = _count(lib.merit_result_candidate_count, self._handle())
        status, selected, tier, rank, tie = self._read_columns(n)
        status_names = _np.array([_ffi.STATUS_NAMES[k] for k in range(4)], dtype=object)
        tier_names = _np.array(list(self._last_tiers) + [None], dtype=object)  # index -1: none
        scores = self._read_texts(_ffi.TEXT_SCORE, n)
        has_score = _np.not_equal(scores, None)
        if has_score.any():
            dec = _np.empty(int(has_score.sum()), dtype=object)
            dec[:] = list(map(decimal.Decimal, scores[has_score]))
            scores[has_score] = dec
        data = {
            "id": self._read_texts(_ffi.TEXT_ID, n),
            "status": status_names[status],
            "score": pd.Series(scores, dtype=object),
            "selected": selected.astype(bool),
            "tier": tier_names[tier],
            "rank": pd.arrays.IntegerArray(rank, rank == 0),
            "tie": tie.astype(bool),
            "reasons": self._read_lists(_ffi.LIST_REASONS, n),
            "caps": self._read_lists(_ffi.LIST_CAPS, n),
        }
        for k, name in enumerate(self.outputs):
            data[name] = self._read_texts(_ffi.TEXT_OUTPUT + k, n)
        return pd.DataFrame(data)

    def _to_pandas_by_candidate(self):
        import pandas as pd
        cs = self.candidates
        data = {
            "id": [c.id for c in cs],
            "status": [c.status for c in cs],
            "score": pd.Series([c.score for c in cs], dtype=object),
            "selected": [c.selected for c in cs],
            "tier": [c.tier for c in cs],
            "rank": pd.array([c.rank for c in cs], dtype="Int64"),
            "tie": [c.tie for c in cs],
            "reasons": [list(c.reasons) for c in cs],
            "caps": [list(c.caps) for c in cs],
        }
        for name in self.outputs:
            data[name] = [c.outputs[name] for c in cs]
        return pd.DataFrame(data)
