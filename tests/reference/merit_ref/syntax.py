# SPDX-License-Identifier: Apache-2.0
# merit - syntax tree and recursive-descent parser of the reference evaluator (section 2)
"""Parses a token list into a Program of plain nodes. Types are filled in by checker.py."""
from .errors import CompileError
from .lexer import tokenize


# ---------------------------------------------------------------- expression nodes
class Node:
    type = None   # static type, set by the checker


class Lit(Node):
    def __init__(self, value, kind):
        self.value = value
        self.kind = kind          # int decimal string date bool


class Name(Node):
    def __init__(self, name, tok):
        self.name = name
        self.tok = tok
        self.ref = None           # ("field"|"param"|"let"|"output", name), set by the checker


class ScoreRef(Node):
    pass


class QuotaRef(Node):
    pass


class Neg(Node):
    def __init__(self, operand):
        self.operand = operand


class Not(Node):
    def __init__(self, operand):
        self.operand = operand


class Binary(Node):
    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right


class InList(Node):
    def __init__(self, operand, lits):
        self.operand = operand
        self.lits = lits


class If(Node):
    def __init__(self, cond, then, other):
        self.cond = cond
        self.then = then
        self.other = other


class Match(Node):
    def __init__(self, subject, arms, other):
        self.subject = subject
        self.arms = arms          # list of (Lit, Node)
        self.other = other        # Node or None


class Agg(Node):
    def __init__(self, fn, arg, where, over, join=()):
        self.fn = fn
        self.arg = arg
        self.where = where
        self.over = over          # tuple of field names ( () = whole roster )
        self.join = join          # `over f = g` (an extension): the reading row's fields g


class Present(Node):
    def __init__(self, name):
        self.name = name


class Weighted(Node):
    def __init__(self, terms):
        self.terms = terms        # list of (Name, Lit)


class StageFn(Node):
    def __init__(self, fn, stage):
        self.fn = fn
        self.stage = stage


class Entrants(Node):
    pass


class Call(Node):
    def __init__(self, fn, args):
        self.fn = fn
        self.args = args


AGGREGATES = {"count", "sum", "avg", "min", "max", "rank_desc", "rank_asc"}
FUNCTIONS = {"least", "greatest", "abs", "clamp", "round_half_up", "round_half_even",
             "floor", "ceil", "truncate", "years_between", "days_between"}


# ---------------------------------------------------------------- declarations
class Field:
    def __init__(self, name, type_, key, lo, hi, default, optional):
        self.name = name
        self.type = type_         # "int" "decimal" "bool" "text" "date" or ("enum", members)
        self.key = key
        self.lo = lo              # Lit or None
        self.hi = hi
        self.default = default    # Lit or None
        self.optional = optional


class Param:
    def __init__(self, name, type_, default):
        self.name = name
        self.type = type_
        self.default = default


class Rule:
    def __init__(self, kind, label, cond, target):
        self.kind = kind          # require veto cap check
        self.label = label
        self.cond = cond          # after folding the `when` guards
        self.target = target      # cap: tier name, or None for `none`


class Stage:
    def __init__(self, name, by):
        self.name = name
        self.by = by              # list of field names
        self.source = None        # None (= eligible), "eligible", "all", or ("stage", name)
        self.where = None
        self.order = None         # list of (Node, descending)
        self.quota = None
        self.tiers = []           # list of (name, Node or "rest")
        self.ties = None
        self.distinct = None      # list of field names (an extension), or None


class Candidates:
    """`candidates by f { items }` (an extension): the rows are grouped by f."""
    def __init__(self, by, items):
        self.by = by              # field name
        self.items = items        # list of (name, Node or None): None carries the rows' field


class Program:
    def __init__(self):
        self.name = None
        self.fields = None        # list of Field
        self.params = {}
        self.lets = {}            # name -> Node, in declaration order
        self.score = None
        self.rules = []
        self.outputs = {}
        self.stages = []
        self.names = set()
        self.candidates = None    # Candidates, or None


# ---------------------------------------------------------------- parser
class Parser:
    def __init__(self, source):
        self.source = source
        self.toks = tokenize(source)
        self.pos = 0

    # -- token helpers
    def peek(self, k=0):
        return self.toks[min(self.pos + k, len(self.toks) - 1)]

    def fail(self, msg, tok=None):
        tok = tok or self.peek()
        raise CompileError(f"{tok.line}:{tok.col}: {msg}")

    def at(self, kind, value=None, k=0):
        t = self.peek(k)
        return t.kind == kind and (value is None or t.value == value)

    def at_kw(self, word, k=0):
        return self.at("KW", word, k)

    def at_op(self, op, k=0):
        return self.at("OP", op, k)

    def take(self):
        t = self.peek()
        self.pos += 1
        return t

    def expect(self, kind, value=None):
        if not self.at(kind, value):
            want = value if value is not None else kind
            got = self.peek().text or "end of file"
            self.fail(f"expected {want!r}, found {got!r}")
        return self.take()

    def expect_kw(self, word):
        return self.expect("KW", word)

    def expect_op(self, op):
        return self.expect("OP", op)

    def source_text(self, first, last):
        """Source text of tokens first..last-1, each gap (whitespace, comments) one space."""
        parts = []
        for k in range(first, last):
            if k > first and self.toks[k].start > self.toks[k - 1].end:
                parts.append(" ")
            parts.append(self.toks[k].text)
        return "".join(parts)

    # -- program
    def program(self):
        prog = Program()
        self.prog = prog
        while not self.at("EOF"):
            self.decl(prog)
        if prog.name is None:
            self.fail("missing `scheme \"name\"`")
        if prog.fields is None:
            self.fail("missing `input { ... }`")
        return prog

    def declare(self, name, tok):
        if name in self.prog.names:
            self.fail(f"name '{name}' declared twice", tok)
        self.prog.names.add(name)

    def decl(self, prog):
        t = self.peek()
        if self.at_kw("scheme"):
            self.take()
            if prog.name is not None:
                self.fail("`scheme` given twice", t)
            prog.name = self.expect("STRING").value
        elif self.at_kw("input"):
            self.take()
            if prog.fields is not None:
                self.fail("`input` given twice", t)
            self.expect_op("{")
            prog.fields = [self.field()]
            while not self.at_op("}"):
                prog.fields.append(self.field())
            self.take()
        elif self.at_kw("param"):
            self.take()
            nt = self.expect("IDENT")
            self.declare(nt.value, nt)
            self.expect_op(":")
            type_ = self.type_()
            default = None
            if self.at_op("="):
                self.take()
                default = self.lit()
            prog.params[nt.value] = Param(nt.value, type_, default)
        elif self.at_kw("let"):
            self.take()
            nt = self.expect("IDENT")
            self.declare(nt.value, nt)
            self.expect_op("=")
            prog.lets[nt.value] = self.expr()
        elif self.at_kw("score"):
            self.take()
            if prog.score is not None:
                self.fail("`score` given twice", t)
            self.expect_op("=")
            prog.score = self.expr()
        elif self.at_kw("output"):
            self.take()
            nt = self.expect("IDENT")
            self.declare(nt.value, nt)
            self.expect_op("=")
            prog.outputs[nt.value] = self.expr()
        elif self.at_kw("select"):
            self.take()
            prog.stages.append(self.stage())
        elif self.at("IDENT", "candidates") and self.at_kw("by", 1):
            # `candidates by f { ... }` (docs/language.md section 15); the
            # word is not reserved: a declaration only where one begins
            self.take()
            self.take()
            if prog.candidates is not None:
                self.fail("`candidates` given twice", t)
            by = self.expect("IDENT").value
            self.expect_op("{")
            items = []
            while not self.at_op("}"):
                nt = self.expect("IDENT")
                value = None
                if self.at_op("="):
                    self.take()
                    value = self.expr()
                items.append((nt.value, value))
            self.take()
            prog.candidates = Candidates(by, items)
        elif self.at_kw("require") or self.at_kw("veto") or self.at_kw("check") \
                or self.at_kw("cap") or self.at_kw("when"):
            self.rule(prog.rules, [])
        else:
            self.fail(f"expected a declaration, found {t.text or 'end of file'!r}")

    def field(self):
        nt = self.expect("IDENT")
        self.declare(nt.value, nt)
        self.expect_op(":")
        type_ = self.type_()
        key = optional = False
        lo = hi = default = None
        if self.at_kw("key"):
            self.take()
            key = True
        if self.at_kw("in"):
            self.take()
            self.expect_op("[")
            lo = self.lit()
            self.expect_op(",")
            hi = self.lit()
            self.expect_op("]")
        if self.at_op("="):
            self.take()
            default = self.lit()
        elif self.at_kw("optional"):
            self.take()
            optional = True
        return Field(nt.value, type_, key, lo, hi, default, optional)

    def type_(self):
        t = self.take()
        if t.kind == "KW" and t.value in ("int", "decimal", "bool", "text", "date"):
            return t.value
        if t.kind == "KW" and t.value == "enum":
            self.expect_op("(")
            members = [self.expect("STRING").value]
            while self.at_op(","):
                self.take()
                members.append(self.expect("STRING").value)
            self.expect_op(")")
            if len(set(members)) != len(members):
                self.fail("enum member listed twice", t)
            return ("enum", tuple(members))
        self.fail(f"expected a type, found {t.text!r}", t)

    def rule(self, out, guards):
        t = self.take()
        kind = t.value
        if kind == "when":
            guard = self.expr()
            self.expect_op("{")
            while not self.at_op("}"):
                if not any(self.at_kw(w) for w in ("require", "veto", "check", "cap", "when")):
                    self.fail("expected a rule inside `when`")
                self.rule(out, guards + [guard])
            self.take()
            return
        label = None
        if self.at("STRING") and self.at_op(":", 1):
            label = self.take().value
            self.take()
        first = self.pos
        cond = self.expr()
        if label is None:
            label = self.source_text(first, self.pos)
        target = None
        if kind == "cap":
            self.expect_op("=>")
            if self.at_kw("none"):
                self.take()
                target = None
            else:
                target = self.expect("STRING").value
        # fold the guards, innermost first (section 3)
        for g in reversed(guards):
            if kind in ("require", "check"):
                cond = Binary("or", Not(g), cond)
            else:
                cond = Binary("and", g, cond)
        rule = Rule(kind, label, cond, target)
        rule.guards = list(guards)   # kept for the checker: a check's guard may not aggregate
        out.append(rule)

    def stage(self):
        nt = self.expect("STRING")
        by = []
        if self.at_kw("by"):
            self.take()
            by.append(self.expect("IDENT").value)
            while self.at_op(","):
                self.take()
                by.append(self.expect("IDENT").value)
        st = Stage(nt.value, by)
        self.expect_op("{")
        while not self.at_op("}"):
            t = self.take()
            if t.kind == "IDENT" and t.value == "distinct":
                # `distinct f, ...` (docs/language.md section 15): a word of its
                # own only where a clause begins; it is not reserved.
                if st.distinct is not None:
                    self.fail("`distinct` given twice", t)
                st.distinct = [self.expect("IDENT").value]
                while self.at_op(","):
                    self.take()
                    st.distinct.append(self.expect("IDENT").value)
                continue
            if t.kind != "KW":
                self.fail(f"expected a stage clause, found {t.text!r}", t)
            if t.value == "from":
                if st.source is not None:
                    self.fail("`from` given twice", t)
                if self.at_kw("eligible") or self.at_kw("all"):
                    st.source = self.take().value
                else:
                    st.source = ("stage", self.expect("STRING").value)
            elif t.value == "where":
                if st.where is not None:
                    self.fail("`where` given twice", t)
                st.where = self.expr()
            elif t.value == "order":
                if st.order is not None:
                    self.fail("`order by` given twice", t)
                self.expect_kw("by")
                st.order = [self.order_key()]
                while self.at_op(","):
                    self.take()
                    st.order.append(self.order_key())
            elif t.value == "quota":
                if st.quota is not None:
                    self.fail("`quota` given twice", t)
                st.quota = self.expr()
            elif t.value == "tier":
                name = self.expect("STRING").value
                if any(name == n for n, _ in st.tiers):
                    self.fail(f"tier '{name}' given twice", t)
                self.expect_op("=")
                if self.at_kw("rest"):
                    self.take()
                    if any(e == "rest" for _, e in st.tiers):
                        self.fail("`rest` given twice", t)
                    st.tiers.append((name, "rest"))
                else:
                    st.tiers.append((name, self.expr()))
            elif t.value == "ties":
                if st.ties is not None:
                    self.fail("`ties` given twice", t)
                if self.at_kw("key") or self.at_kw("share"):
                    st.ties = self.take().value
                else:
                    self.fail("expected `key` or `share`")
            else:
                self.fail(f"expected a stage clause, found {t.text!r}", t)
        self.take()
        if st.order is None:
            self.fail(f"stage '{st.name}' needs `order by`", nt)
        if st.quota is None:
            self.fail(f"stage '{st.name}' needs `quota`", nt)
        return st

    def order_key(self):
        e = self.expr()
        if self.at_kw("asc"):
            self.take()
            return (e, False)
        if self.at_kw("desc"):
            self.take()
            return (e, True)
        self.fail("every `order by` key needs `asc` or `desc`")

    # -- literals
    def lit(self):
        t = self.peek()
        if self.at_op("-"):
            self.take()
            n = self.take()
            if n.kind not in ("INT", "DECIMAL", "PERCENT"):
                self.fail("expected a number after '-'", n)
            kind = "int" if n.kind == "INT" else "decimal"
            return Lit(-n.value, kind)
        self.take()
        if t.kind == "INT":
            return Lit(t.value, "int")
        if t.kind in ("DECIMAL", "PERCENT"):
            return Lit(t.value, "decimal")
        if t.kind == "DATE":
            return Lit(t.value, "date")
        if t.kind == "STRING":
            return Lit(t.value, "string")
        if t.kind == "KW" and t.value in ("true", "false"):
            return Lit(t.value == "true", "bool")
        self.fail(f"expected a literal, found {t.text!r}", t)

    # -- expressions
    def expr(self):
        if self.at_kw("if"):
            self.take()
            c = self.expr()
            self.expect_kw("then")
            a = self.expr()
            self.expect_kw("else")
            b = self.expr()
            return If(c, a, b)
        return self.disj()

    def disj(self):
        e = self.conj()
        while self.at_kw("or"):
            self.take()
            e = Binary("or", e, self.conj())
        return e

    def conj(self):
        e = self.neg()
        while self.at_kw("and"):
            self.take()
            e = Binary("and", e, self.neg())
        return e

    def neg(self):
        if self.at_kw("not"):
            self.take()
            return Not(self.neg())
        return self.rel()

    def rel(self):
        e = self.add()
        if self.peek().kind == "OP" and self.peek().value in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take().value
            e = Binary(op, e, self.add())
        elif self.at_kw("in"):
            self.take()
            self.expect_op("[")
            lits = [self.lit()]
            while self.at_op(","):
                self.take()
                lits.append(self.lit())
            self.expect_op("]")
            e = InList(e, lits)
        else:
            return e
        t = self.peek()
        if (t.kind == "OP" and t.value in ("==", "!=", "<", "<=", ">", ">=")) or self.at_kw("in"):
            self.fail("comparisons do not chain; use `and`", t)
        return e

    def add(self):
        e = self.mul()
        while self.at_op("+") or self.at_op("-"):
            op = self.take().value
            e = Binary(op, e, self.mul())
        return e

    def mul(self):
        e = self.unary()
        while self.at_op("*") or self.at_op("/"):
            op = self.take().value
            e = Binary(op, e, self.unary())
        return e

    def unary(self):
        if self.at_op("-"):
            self.take()
            return Neg(self.unary())
        return self.primary()

    def primary(self):
        t = self.peek()
        if t.kind == "INT":
            self.take()
            return Lit(t.value, "int")
        if t.kind in ("DECIMAL", "PERCENT"):
            self.take()
            return Lit(t.value, "decimal")
        if t.kind == "DATE":
            self.take()
            return Lit(t.value, "date")
        if t.kind == "STRING":
            self.take()
            return Lit(t.value, "string")
        if t.kind == "KW":
            if t.value in ("true", "false"):
                self.take()
                return Lit(t.value == "true", "bool")
            if t.value == "score":
                self.take()
                return ScoreRef()
            if t.value == "quota":
                self.take()
                return QuotaRef()
            if t.value == "match":
                return self.match()
            if t.value == "tier" and self.at_op("(", 1):
                self.take()
                return self.stage_fn("tier")
            self.fail(f"unexpected {t.text!r}", t)
        if self.at_op("("):
            self.take()
            e = self.expr()
            self.expect_op(")")
            return e
        if t.kind == "IDENT":
            self.take()
            if not self.at_op("("):
                return Name(t.value, t)
            name = t.value
            if name in AGGREGATES:
                return self.aggregate(name)
            if name == "present":
                self.take()
                f = self.expect("IDENT")
                self.expect_op(")")
                return Present(Name(f.value, f))
            if name == "weighted":
                self.take()
                terms = []
                while True:
                    f = self.expect("IDENT")
                    self.expect_op(":")
                    terms.append((Name(f.value, f), self.lit()))
                    if self.at_op(","):
                        self.take()
                        continue
                    break
                self.expect_op(")")
                return Weighted(terms)
            if name in ("selected", "rank"):
                return self.stage_fn(name)
            if name == "entrants":
                self.take()
                self.expect_op(")")
                return Entrants()
            if name in FUNCTIONS:
                self.take()
                args = [self.expr()]
                while self.at_op(","):
                    self.take()
                    args.append(self.expr())
                self.expect_op(")")
                return Call(name, args)
            self.fail(f"unknown function '{name}'", t)
        self.fail(f"unexpected {t.text or 'end of file'!r}", t)

    def stage_fn(self, fn):
        self.expect_op("(")
        s = self.expect("STRING").value
        self.expect_op(")")
        return StageFn(fn, s)

    def match(self):
        self.take()
        subject = self.disj()
        self.expect_op("{")
        arms = []
        other = None
        while True:
            if self.at_kw("else"):
                if not arms:
                    self.fail("`match` needs at least one arm before `else`")
                self.take()
                self.expect_op("=>")
                other = self.expr()
                break
            pat = self.lit()
            self.expect_op("=>")
            arms.append((pat, self.expr()))
            if self.at_op(","):
                self.take()
                continue
            break
        self.expect_op("}")
        return Match(subject, arms, other)

    def aggregate(self, fn):
        t = self.expect_op("(")
        arg = where = None
        if not self.at_op(")") and not self.at_kw("where"):
            arg = self.expr()
        if self.at_kw("where"):
            self.take()
            where = self.expr()
        self.expect_op(")")
        over = join = ()
        if self.at_kw("over"):
            self.take()
            over = self.field_list()
            if self.at_op("="):   # the lexer keeps `==` and `=>` whole
                self.take()
                join = self.field_list()
        if fn == "count" and arg is not None:
            self.fail("count() takes no argument (use `count(where c)`)", t)
        if fn != "count" and arg is None:
            self.fail(f"{fn}() needs an argument", t)
        return Agg(fn, arg, where, over, join)

    def field_list(self):
        """`f` or `(f, g, ...)` after `over` (and after its `=`)."""
        if self.at_op("("):
            self.take()
            names = [self.expect("IDENT").value]
            while self.at_op(","):
                self.take()
                names.append(self.expect("IDENT").value)
            self.expect_op(")")
            return tuple(names)
        return (self.expect("IDENT").value,)


def parse(source):
    return Parser(source).program()
