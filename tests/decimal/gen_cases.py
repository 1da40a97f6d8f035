#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# merit - generates decimal test cases with Python's decimal module as the reference
"""Writes one file per operation into the directory given as argument.

Operands are written as "[-]COEFFICIENTE[-]EXPONENT" (read by
decimal::parse_scientific). Results are written in canonical form (see
canon()), or "!overflow", "!underflow", "!division_by_zero" for errors.

File formats, one case per line, fields separated by one space:
  add, sub, mul, div   a b result
  cmp                  a b -1|0|1
  round_<mode>         digits a result
  int64                a integer|none
  parse                h<hex of the UTF-8 text> result|!invalid
"""
import decimal as D
import os
import random
import re
import sys

CASES = 100_000
CTX = D.Context(prec=34, rounding=D.ROUND_HALF_EVEN, Emax=6144, Emin=-6143,
                traps=[D.Overflow, D.Underflow, D.DivisionByZero, D.InvalidOperation])
# Wide enough that quantize never runs out of digits or exponent range.
BIG = D.Context(prec=20000, Emax=999999, Emin=-999999, traps=[D.InvalidOperation])
MODES = {
    "half_even": D.ROUND_HALF_EVEN,
    "half_up": D.ROUND_HALF_UP,
    "floor": D.ROUND_FLOOR,
    "ceil": D.ROUND_CEILING,
    "truncate": D.ROUND_DOWN,
}
MAX_PLAIN = 80  # longer canonical forms are written in scientific form
ETINY, EMAX = -6176, 6144

rng = random.Random(20240611)


def canon(x):
    """Canonical plain form: no exponent, no trailing zeros, zero is "0".

    Forms longer than MAX_PLAIN characters become "[-]DIGITSE<exp>" with the
    digits stripped of leading and trailing zeros (exp of the last digit)."""
    sign, digits, exp = x.as_tuple()
    s = "".join(map(str, digits)).lstrip("0")
    if not s:
        return "0"
    stripped = s.rstrip("0")
    exp += len(s) - len(stripped)
    s = stripped
    neg = "-" if sign else ""
    if exp >= 0:
        length = len(s) + exp
    elif -exp >= len(s):
        length = 2 + -exp
    else:
        length = len(s) + 1
    if len(neg) + length > MAX_PLAIN:
        return f"{neg}{s}E{exp}"
    if exp >= 0:
        return neg + s + "0" * exp
    if -exp >= len(s):
        return neg + "0." + "0" * (-exp - len(s)) + s
    return neg + s[:exp] + "." + s[exp:]


def operand_text(x):
    sign, digits, exp = x.as_tuple()
    return ("-" if sign else "") + "".join(map(str, digits)) + "E" + str(exp)


def make(neg, coeff, exp):
    """The exact Decimal (-1)^neg * coeff * 10^exp, checked to be in range."""
    assert 0 <= coeff < 10**34
    if coeff:
        assert ETINY <= exp and exp + len(str(coeff)) - 1 <= EMAX, (coeff, exp)
    return D.Decimal((1 if neg else 0, tuple(int(c) for c in str(coeff)), exp))


def rand_coeff(n):
    return rng.randint(10 ** (n - 1), 10**n - 1)


def sign():
    return rng.random() < 0.35


def everyday():
    # Values such as 87.25, 0.2, 100: up to 100 with at most 2 decimals.
    scale = rng.choice((2, 2, 2, 1, 0))
    return make(sign(), rng.randint(0, 100 * 10**scale), -scale)


def integer():
    return make(sign(), rng.randint(0, 10 ** rng.randint(1, 19)), 0)


def full34():
    return make(sign(), rand_coeff(34), rng.randint(-40, 10))


def any_digits():
    n = rng.randint(1, 34)
    return make(sign(), rand_coeff(n), rng.randint(-60, 40))


def huge():
    n = rng.randint(1, 34)
    adj = rng.randint(6070, EMAX)
    return make(sign(), rand_coeff(n), adj - n + 1)


def tiny():
    adj = rng.randint(ETINY, -6080)
    n = min(rng.randint(1, 34), adj - ETINY + 1)
    return make(sign(), rand_coeff(n), adj - n + 1)


def zero():
    return make(sign(), 0, rng.choice((0, 0, -2, 5, -40, ETINY, EMAX, rng.randint(-6000, 6000))))


SPECIALS = [(1, 0), (5, -1), (25, -2), (1, 34), (10**34 - 1, 0), (10**34 - 1, -34), (10**34 - 1, 6111),
            (1, ETINY), (5, ETINY), (1, EMAX), (10**33, -6176), (1, -6143), (3, 0), (7, 0), (1, -1),
            (10**33, 0), (99, 0), (5, 0), (15, -1), (125, -3), (2, 0), (10**33 + 1, -33)]


def special():
    c, e = rng.choice(SPECIALS)
    return make(sign(), c, e)


GENERATORS = [(everyday, 30), (integer, 13), (full34, 15), (any_digits, 15), (huge, 7), (tiny, 7),
              (zero, 4), (special, 9)]
_GEN_FUNCS = [g for g, _ in GENERATORS]
_GEN_WEIGHTS = [w for _, w in GENERATORS]


def operand():
    return rng.choices(_GEN_FUNCS, _GEN_WEIGHTS)[0]()


def related(a):
    """An operand close to a: cancellation, ties, far-apart exponents."""
    sign_, digits, exp = a.as_tuple()
    k = rng.randint(0, 5)
    if k == 0:  # -a plus a little: cancellation
        c = int("".join(map(str, digits)))
        return make(not sign_, c, exp) if rng.random() < 0.5 else a
    if k == 1:  # half a unit of the 34th digit: a tie when a has 34 digits
        adj = exp + len(digits) - 1
        e = adj - 34
        return make(sign(), 5, e) if e >= ETINY else a
    if k == 2:  # far below a: the sticky path
        n = rng.randint(1, 34)
        e = exp - rng.randint(30, 90) - n
        return make(sign(), rand_coeff(n), e) if e >= ETINY else a
    if k == 3:  # same value, other exponent (1.0 vs 1)
        c = int("".join(map(str, digits)))
        z = rng.randint(1, 4)
        if c and len(str(c)) + z <= 34 and exp - z >= ETINY:
            return make(sign_, c * 10**z, exp - z)
        return a
    if k == 4:
        return make(sign(), rand_coeff(rng.randint(1, 34)), exp + rng.randint(-3, 3)) \
            if ETINY <= exp - 3 and exp + 36 <= EMAX else a
    return operand()


def pair():
    a = operand()
    b = related(a) if rng.random() < 0.3 else operand()
    return (a, b) if rng.random() < 0.5 else (b, a)


def outcome(fn):
    try:
        return canon(fn())
    except D.Overflow:
        return "!overflow"
    except D.Underflow:
        return "!underflow"
    except D.DivisionByZero:
        return "!division_by_zero"
    except D.InvalidOperation:
        # Only 0/0 reaches here; merit reports it as a division by zero.
        return "!division_by_zero"


def write(dirname, name, lines):
    with open(os.path.join(dirname, name + ".txt"), "w", encoding="ascii") as f:
        f.write("\n".join(lines))
        f.write("\n")


def gen_binary(op):
    fn = {"add": CTX.add, "sub": CTX.subtract, "mul": CTX.multiply, "div": CTX.divide}[op]
    lines = []
    for _ in range(CASES):
        a, b = pair()
        if op == "div" and rng.random() < 0.15 and b:  # exact quotients
            try:
                a = CTX.multiply(b, make(sign(), rng.randint(0, 10**rng.randint(1, 12)), rng.randint(-3, 3)))
            except D.DecimalException:
                pass
        lines.append(f"{operand_text(a)} {operand_text(b)} {outcome(lambda: fn(a, b))}")
    return lines


def gen_cmp():
    lines = []
    for _ in range(CASES):
        a, b = pair()
        if rng.random() < 0.1:
            b = a
        lines.append(f"{operand_text(a)} {operand_text(b)} {(a > b) - (a < b)}")
    return lines


def round_operand(digits):
    r = rng.random()
    if r < 0.4:
        return operand()
    if r < 0.6:
        return everyday()
    # A tie or near-tie at `digits` fractional digits: ...d5, ...d50, ...d49, ...d51.
    k = rng.randint(1, 3)
    n = rng.randint(0, 34 - k)
    base = rand_coeff(n) if n else 0
    tail = 5 * 10 ** (k - 1) + rng.choice((0, 0, 0, -1, 1))
    if tail >= 10**k:
        tail = 5 * 10 ** (k - 1)
    return make(sign(), base * 10**k + tail, -(digits + k))


def gen_round(mode):
    lines = []
    q_mode = MODES[mode]
    for _ in range(CASES):
        digits = rng.randint(-34, 34)
        x = round_operand(digits)
        q = x.quantize(D.Decimal((0, (1,), -digits)), rounding=q_mode, context=BIG)
        result = x if q == x else q  # unchanged when no digit is dropped
        lines.append(f"{digits} {operand_text(x)} {canon(result)}")
    return lines


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def gen_int64():
    lines = []
    edges = [INT64_MAX, INT64_MAX + 1, INT64_MIN, INT64_MIN - 1, 0, 1, -1, 10**18, 10**19, -(10**18)]
    for _ in range(CASES):
        r = rng.random()
        if r < 0.4:
            v = rng.choice(edges) + rng.choice((0, 0, 1, -1, rng.randint(-1000, 1000)))
            z = rng.randint(0, 34 - len(str(abs(v))))  # trailing zeros: the same integer
            if rng.random() < 0.2 and v % 10 == 0 and v:
                x = make(v < 0, abs(v) // 10, 1)
            else:
                x = make(v < 0, abs(v) * 10**z, -z)
        elif r < 0.55:  # an integer plus a fraction in the last places
            v = rng.randint(INT64_MIN, INT64_MAX)
            z = rng.randint(1, 34 - len(str(abs(v))))
            x = make(v < 0, abs(v) * 10**z + rng.randint(1, 10**z - 1), -z)
        else:
            x = operand()
        if x == x.to_integral_value() and INT64_MIN <= x <= INT64_MAX:
            expect = str(int(x))
        else:
            expect = "none"
        lines.append(f"{operand_text(x)} {expect}")
    return lines


PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_text():
    r = rng.random()
    if r < 0.02:
        return rng.choice(["", "-", "0", "-0", "00", "-0.0", "0.000", "000.000", ".5", "5.", "+5", "1e5",
                           "1E5", " 1", "1 ", "1.2.3", "--1", "1-", "abc", "\u0661", "\uff15", "1,5",
                           "0x10", "1_000", "\t1", "1\n", "-.5", "NaN", "Infinity", "12a"])
    if r < 0.03:  # many decimal places: the limit is 6176
        k = rng.choice((6170, 6174, 6175, 6176, 6177))
        return "0." + "0" * (k - 1) + rng.choice("123456789") + rng.choice(("", "0"))
    neg = "-" if rng.random() < 0.3 else ""
    lead = "0" * rng.choice((0, 0, 0, 1, 2, 5))
    total = rng.choice((rng.randint(1, 34), rng.randint(30, 36), 34, 35))
    digits = str(rand_coeff(total)) if rng.random() < 0.85 else "0" * total
    if rng.random() < 0.3:  # trailing zeros count
        tz = rng.randint(1, 4)
        digits = digits[:-tz] + "0" * tz if len(digits) > tz else digits
    point = rng.randint(0, len(digits))
    if point == 0 or rng.random() < 0.3:
        text = neg + lead + digits
    else:
        text = neg + lead + digits[:point] + "." + digits[point:]
    if point == 0 and rng.random() < 0.5:
        text = neg + "0." + "0" * rng.randint(0, 8) + digits
    if rng.random() < 0.1:  # a corruption somewhere
        pos = rng.randint(0, len(text))
        text = text[:pos] + rng.choice(" +-.eE,x\t\u0661") + text[pos:]
    return text


def gen_parse():
    lines = []
    for _ in range(CASES):
        text = parse_text()
        ok = PLAIN.fullmatch(text) is not None
        if ok:
            digits = text.lstrip("-").replace(".", "")
            significant = len(digits.lstrip("0"))  # leading zeros do not count
            places = len(text.split(".")[1]) if "." in text else 0
            value = D.Decimal(text)
            ok = significant <= 34 and (value == 0 or places <= -ETINY)
        expect = canon(D.Decimal(text)) if ok else "!invalid"
        lines.append(f"h{text.encode('utf-8').hex()} {expect}")
    return lines


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for op in ("add", "sub", "mul", "div"):
        write(out, op, gen_binary(op))
    write(out, "cmp", gen_cmp())
    for mode in MODES:
        write(out, "round_" + mode, gen_round(mode))
    write(out, "int64", gen_int64())
    write(out, "parse", gen_parse())


if __name__ == "__main__":
    main()
