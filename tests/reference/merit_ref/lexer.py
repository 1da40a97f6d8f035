# SPDX-License-Identifier: Apache-2.0
# merit - lexer of the reference evaluator (LANGUAGE.md section 1)
"""Turns scheme text into tokens.

Every token keeps its start and end offsets so that default rule labels can be rebuilt
from the source text (section 3: whitespace and comments collapse to one space).
"""
import datetime
import re
from decimal import Decimal

from .errors import CompileError

KEYWORDS = frozenset("""
scheme input key in param let score require veto cap none check output select by from
eligible all order asc desc quota tier rest ties share over if then else match and or not
true false int decimal bool text date enum when where optional
""".split())

OPERATORS = ["=>", "==", "!=", "<=", ">=", "<", ">", "=", "+", "-", "*", "/",
             "(", ")", "{", "}", "[", "]", ",", ":"]

WHITESPACE = " \t\r\n"
INT64_MAX = 2 ** 63 - 1


class Token:
    __slots__ = ("kind", "value", "text", "start", "end", "line", "col")

    def __init__(self, kind, value, text, start, end, line, col):
        self.kind = kind      # INT DECIMAL PERCENT DATE STRING IDENT KW OP EOF
        self.value = value    # int, Decimal, datetime.date, str
        self.text = text      # the source text of the token
        self.start = start
        self.end = end
        self.line = line
        self.col = col

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r}, {self.line}:{self.col})"


def significant_digits(digits):
    """Digits as written, leading zeros not counted, trailing zeros counted."""
    return len(digits.lstrip("0"))


def tokenize(source):
    """source: str (already decoded, BOM removed). Returns a list of Tokens ending in EOF."""
    tokens = []
    i = 0
    n = len(source)
    line = 1
    line_start = 0

    def fail(msg, pos):
        raise CompileError(f"{line}:{pos - line_start + 1}: {msg}")

    while True:
        # whitespace and comments
        while i < n:
            c = source[i]
            if c in WHITESPACE:
                if c == "\n":
                    line += 1
                    line_start = i + 1
                i += 1
            elif c == "#":
                while i < n and source[i] != "\n":
                    i += 1
            else:
                break
        if i >= n:
            tokens.append(Token("EOF", None, "", n, n, line, i - line_start + 1))
            return tokens
        start = i
        col = i - line_start + 1
        c = source[i]
        if "0" <= c <= "9":
            m = re.compile(r"[0-9]+-[0-9]+-[0-9]+").match(source, i)
            if m:
                text = m.group(0)
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                    fail(f"invalid date '{text}' (dates are YYYY-MM-DD)", start)
                try:
                    value = datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
                except ValueError:
                    fail(f"invalid date '{text}'", start)
                i = m.end()
                tokens.append(Token("DATE", value, text, start, i, line, col))
                continue
            m = re.compile(r"[0-9]+(\.[0-9]+)?%?").match(source, i)
            text = m.group(0)
            i = m.end()
            digits = text.rstrip("%").replace(".", "")
            if text.endswith("%"):
                if significant_digits(digits) > 34:
                    fail("percent literal has more than 34 significant digits", start)
                value = Decimal(text[:-1]).scaleb(-2)
                tokens.append(Token("PERCENT", value, text, start, i, line, col))
            elif "." in text:
                if significant_digits(digits) > 34:
                    fail("decimal literal has more than 34 significant digits", start)
                tokens.append(Token("DECIMAL", Decimal(text), text, start, i, line, col))
            else:
                value = int(text)
                if value > INT64_MAX:
                    fail(f"integer literal {text} does not fit in 64 bits", start)
                tokens.append(Token("INT", value, text, start, i, line, col))
            if i < n and source[i] == "%":
                fail("unexpected '%'", i)
            continue
        if c == '"':
            i += 1
            chars = []
            while True:
                if i >= n or source[i] == "\n":
                    fail("unterminated string", start)
                ch = source[i]
                if ch == '"':
                    i += 1
                    break
                if ch == "\\":
                    nxt = source[i + 1] if i + 1 < n else ""
                    if nxt == '"':
                        chars.append('"')
                    elif nxt == "\\":
                        chars.append("\\")
                    elif nxt == "n":
                        chars.append("\n")
                    else:
                        fail(f"unknown escape '\\{nxt}' (only \\\", \\\\ and \\n)", i)
                    i += 2
                    continue
                chars.append(ch)
                i += 1
            tokens.append(Token("STRING", "".join(chars), source[start:i], start, i, line, col))
            continue
        if c == "_" or c.isalpha():
            i += 1
            while i < n and (source[i] == "_" or source[i].isalpha() or "0" <= source[i] <= "9"):
                i += 1
            text = source[start:i]
            kind = "KW" if text in KEYWORDS else "IDENT"
            tokens.append(Token(kind, text, text, start, i, line, col))
            continue
        for op in OPERATORS:
            if source.startswith(op, i):
                i += len(op)
                tokens.append(Token("OP", op, op, start, i, line, col))
                break
        else:
            if c == "\u3000":
                fail("ideographic space (U+3000) is not whitespace; use an ASCII space", start)
            if "\uff01" <= c <= "\uff5e":
                fail(f"full-width punctuation '{c}'; use its ASCII form", start)
            fail(f"unexpected character '{c}'", start)
