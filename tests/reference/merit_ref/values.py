# SPDX-License-Identifier: Apache-2.0
# merit - numbers, cell parsing and value printing of the reference evaluator (sections 5, 9)
"""Decimal context, int64 limits, typed parsing of text cells, JSON form of values."""
import datetime
import re
from decimal import (Context, Decimal, ROUND_HALF_EVEN, Overflow, Underflow, DivisionByZero,
                     InvalidOperation, DecimalException, MAX_PREC, MAX_EMAX, MIN_EMIN)

from .errors import EvalError

# Section 5: IEEE 754 decimal128 arithmetic; every trap is an error of the row.
CTX = Context(prec=34, rounding=ROUND_HALF_EVEN, Emax=6144, Emin=-6143,
              traps=[Overflow, Underflow, DivisionByZero, InvalidOperation])
# For exact sums (section 4: `sum` is exact and rounded once).
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])

INT64_MIN = -2 ** 63
INT64_MAX = 2 ** 63 - 1


class Missing:
    """The value of an optional field that is missing in a row."""

    def __repr__(self):
        return "MISSING"


MISSING = Missing()


def check_int(v):
    if not INT64_MIN <= v <= INT64_MAX:
        raise EvalError("integer overflow (the result leaves 64 bits)")
    return v


def dec_op(fn, a, b):
    """One decimal operation, rounded once; a trap becomes a row error."""
    try:
        return fn(Decimal(a) if isinstance(a, int) else a, Decimal(b) if isinstance(b, int) else b)
    except DivisionByZero:
        raise EvalError("division by zero") from None
    except Overflow:
        raise EvalError("decimal overflow") from None
    except Underflow:
        raise EvalError("decimal underflow") from None
    except InvalidOperation:
        raise EvalError("invalid decimal operation (0/0)") from None
    except DecimalException as e:
        raise EvalError(f"decimal error: {type(e).__name__}") from None


def round_ctx(value):
    """Rounds an exact Decimal once to the working precision."""
    return dec_op(lambda a, b: CTX.plus(a), value, 0)


def canonical(d):
    """Section 5: plain digits, no exponent, no trailing zeros, every zero as 0."""
    if d == 0:
        return "0"
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def to_json(value, type_):
    """A value as the contract's JSON prints it (section 8)."""
    if value is None or value is MISSING:
        return None
    if type_ == "decimal":
        return canonical(Decimal(value))
    if type_ == "date":
        return value.isoformat()
    return value   # int, bool, text, enum


INT_RE = re.compile(r"-?[0-9]+")
DEC_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_text(text, type_):
    """Parses a non-empty cell (or --param value). Returns the value or raises ValueError."""
    if type_ == "int":
        if not INT_RE.fullmatch(text):
            raise ValueError(f"not an int: '{text}'")
        v = int(text)
        if not INT64_MIN <= v <= INT64_MAX:
            raise ValueError(f"int out of 64-bit range: '{text}'")
        return v
    if type_ == "decimal":
        if not DEC_RE.fullmatch(text):
            raise ValueError(f"not a decimal: '{text}'")
        digits = text.lstrip("-").replace(".", "").lstrip("0")
        if len(digits) > 34:
            raise ValueError(f"more than 34 significant digits: '{text}'")
        return Decimal(text)
    if type_ == "bool":
        low = text.lower()
        if low in ("true", "1"):
            return True
        if low in ("false", "0"):
            return False
        raise ValueError(f"not a bool: '{text}'")
    if type_ == "date":
        if not DATE_RE.fullmatch(text):
            raise ValueError(f"not a date (YYYY-MM-DD): '{text}'")
        try:
            return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
        except ValueError:
            raise ValueError(f"not a valid date: '{text}'") from None
    if type_ == "text":
        return text
    if isinstance(type_, tuple) and type_[0] == "enum":
        if text not in type_[1]:
            raise ValueError(f"'{text}' is not one of " + ", ".join(type_[1]))
        return text
    raise AssertionError(type_)
