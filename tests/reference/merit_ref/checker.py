# SPDX-License-Identifier: Apache-2.0
# merit - name resolution and static types of the reference evaluator (sections 3, 4, 11)
"""Resolves names and gives every expression node its static type.

Types are the strings "int" "decimal" "bool" "text" "date", ("enum", members) for enums,
and "string" for a string literal that has not (yet) met an enum. The static type matters
at run time only in one way: a value whose static type is decimal prints as a decimal even
when it came from an int branch, so the evaluator coerces by ``node.type``.
"""
import copy
from decimal import Decimal

from . import syntax as S
from .errors import CompileError

NUMERIC = ("int", "decimal")
ORDERED = ("int", "decimal", "date")
PARTITION_TYPES = ("text", "int", "bool", "date")


def is_enum(t):
    return isinstance(t, tuple) and t[0] == "enum"


def is_textual(t):
    return t in ("text", "string") or is_enum(t)


def type_name(t):
    return "enum(" + ", ".join(f'"{m}"' for m in t[1]) + ")" if is_enum(t) else str(t)


def lit_type(lit):
    return {"int": "int", "decimal": "decimal", "string": "string",
            "date": "date", "bool": "bool"}[lit.kind]


def err(msg):
    raise CompileError(msg)


def can_compare_eq(a, b, lits=()):
    """Whether `a == b` is allowed. lits: literal nodes on either side, for enum membership."""
    if a in NUMERIC and b in NUMERIC:
        return True
    if is_enum(a) and is_enum(b):
        return a[1] == b[1]
    if is_enum(a) and b == "string" or is_enum(b) and a == "string":
        enum = a if is_enum(a) else b
        for lit in lits:
            if isinstance(lit, S.Lit) and lit.kind == "string" and lit.value not in enum[1]:
                err(f'"{lit.value}" is not a member of {type_name(enum)}')
        return True
    if is_textual(a) and is_textual(b) and not is_enum(a) and not is_enum(b):
        return True
    return a == b


def check_members(t, branches):
    """A string literal branch of an enum-typed `if` / `match` must be a member."""
    if is_enum(t):
        for b in branches:
            if isinstance(b, S.Lit) and b.kind == "string" and b.value not in t[1]:
                err(f'"{b.value}" is not a member of {type_name(t)}')


def unify(a, b, what):
    """The one type of two branches (section 4)."""
    if a == b:
        return a
    if a in NUMERIC and b in NUMERIC:
        return "decimal"
    if is_enum(a) and b == "string":
        return a
    if is_enum(b) and a == "string":
        return b
    if {a, b} == {"text", "string"}:
        return "text"
    err(f"{what}: branches of types {type_name(a)} and {type_name(b)} do not agree")


class Env:
    """Where an expression stands: what it may name."""

    def __init__(self, kind, stage=None):
        self.kind = kind      # row, check, output, size, quota, agg
        self.stage = stage    # for sizes: the stage


class Checker:
    def __init__(self, prog):
        self.prog = prog
        self.fields = {f.name: f for f in prog.fields}
        self.let_types = {}
        self.output_types = {}
        self.score_type = None
        self.visiting = []

    # ------------------------------------------------------------ declarations
    def run(self):
        p = self.prog
        if p.candidates is not None:
            for f in p.fields:
                self.check_field(f)
            self.regroup()      # p.fields become the candidates' fields
        keys = [f for f in p.fields if f.key]
        if len(keys) != 1:
            err("input needs exactly one `key` field")
        key = keys[0]
        if key.type not in ("text", "int"):
            err(f"key field '{key.name}' must be text or int")
        if key.default is not None or key.optional:
            err(f"key field '{key.name}' may have no default and may not be optional")
        p.key = key.name
        if p.candidates is None:
            for f in p.fields:
                self.check_field(f)
        for prm in p.params.values():
            if prm.default is not None:
                prm.default_value = self.lit_value(prm.default, prm.type, f"param '{prm.name}'")
        for name in p.lets:
            self.let_type(name)
        if p.score is not None:
            self.get_score_type()
        for r in p.rules:
            env = Env("check" if r.kind == "check" else "row")
            t = self.check(r.cond, env)
            if t != "bool":
                err(f"{r.kind} '{r.label}' must be a condition (bool), not {type_name(t)}")
            if r.kind == "check" and any(self.uses_aggregate(g, set()) for g in getattr(r, "guards", [])):
                err(f"check '{r.label}': its `when` guard may not use aggregates")
            if r.kind == "check" and self.uses_aggregate_indirectly(r.cond):
                # A group check may use aggregates directly (docs/language.md
                # section 15), not through a let or the score: those cover the
                # valid rows, which the checks decide.
                err(f"check '{r.label}' may use aggregates only directly")
        for name in p.outputs:
            self.output_type(name)
        seen = set()
        for st in p.stages:
            self.check_stage(st, seen)
            seen.add(st.name)
        # A cap naming a tier that no stage has is an error (a stage without
        # tiers has one named after itself).
        tiers = set()
        for st in p.stages:
            tiers.update(n for n, _ in st.tiers) if st.tiers else tiers.add(st.name)
        for r in p.rules:
            if r.kind == "cap" and r.target is not None and r.target not in tiers:
                err(f"cap '{r.label}' names tier '{r.target}', which no stage has")
        return p

    def check_field(self, f):
        what = f"field '{f.name}'"
        if f.lo is not None:
            if f.type not in ORDERED:
                err(f"{what}: `in [lo, hi]` needs an int, decimal or date field")
            f.lo_value = self.lit_value(f.lo, f.type, what)
            f.hi_value = self.lit_value(f.hi, f.type, what)
            if f.lo_value > f.hi_value:
                err(f"{what}: empty range")
        if f.default is not None:
            f.default_value = self.lit_value(f.default, f.type, what)
            if f.lo is not None and not (f.lo_value <= f.default_value <= f.hi_value):
                err(f"{what}: default outside the range")

    def lit_value(self, lit, type_, what):
        """A literal's value as a value of type_ (a default, a range end, a param default)."""
        lt = lit_type(lit)
        if type_ == "decimal" and lt in NUMERIC:
            return Decimal(lit.value)
        if is_enum(type_) and lt == "string":
            if lit.value not in type_[1]:
                err(f'{what}: "{lit.value}" is not a member of {type_name(type_)}')
            return lit.value
        if type_ == "text" and lt == "string":
            return lit.value
        if lt == type_:
            return lit.value
        err(f"{what}: literal of type {lt} where {type_name(type_)} is needed")

    def regroup(self):
        """`candidates by f { ... }` (docs/language.md section 15): the input
        fields are the rows' (p.row_fields; a carried one is optional on each
        row); the scheme's fields become the candidates': the key f, then the
        items, each carried from the rows or computed over them."""
        p = self.prog
        cd = p.candidates
        if any(f.key for f in p.fields):
            err("with `candidates by`, a row has no key field (the candidates' key is the `by` field)")
        rows = {f.name: f for f in p.fields}
        by = rows.get(cd.by)
        if by is None:
            err(f"candidates by: '{cd.by}' is not an input field")
        if by.type not in ("text", "int") or by.optional or by.default is not None:
            err(f"candidates by: '{cd.by}' must be a text or int field, neither optional nor with a default")
        key = copy.copy(by)
        key.key, key.lo, key.hi = True, None, None
        fields = [key]
        row_fields = [copy.copy(f) for f in p.fields]
        seen = {cd.by}
        computed = []
        for name, value in cd.items:
            if name in seen:
                err(f"candidates: '{name}' listed twice (or it is the key)")
            seen.add(name)
            if value is None:
                if name not in rows:
                    err(f"candidates: '{name}' is not an input field (a name alone carries one)")
                f = copy.copy(rows[name])          # keeps its default, taken when no row gives it
                f.key, f.lo, f.hi = False, None, None
                fields.append(f)
                for rf in row_fields:
                    if rf.name == name:
                        rf.optional, rf.default = True, None
            else:
                if name in p.names:
                    err(f"candidates: '{name}' is already declared")
                computed.append((name, value))
                fields.append(S.Field(name, None, False, None, None, None, False))
        p.row_fields = row_fields
        self.row_fields = {f.name: f for f in row_fields}
        for name, value in computed:
            t = self.check(value, Env("candidate"))
            for f in fields:
                if f.name == name:
                    f.type = "text" if t == "string" else t
        p.computed = dict(computed)
        p.fields = fields
        self.fields = {f.name: f for f in fields}

    def check_stage(self, st, earlier):
        names = {s.name for s in self.prog.stages}
        if sum(1 for s in self.prog.stages if s.name == st.name) > 1:
            err(f"stage '{st.name}' declared twice")
        for f in st.by:
            self.partition_field(f, f"stage '{st.name}' by")
        if st.distinct is not None:
            if len(set(st.distinct)) != len(st.distinct):
                err(f"stage '{st.name}': a field is listed twice after `distinct`")
            for f in st.distinct:
                self.partition_field(f, f"stage '{st.name}' distinct")
                if f in st.by:
                    err(f"stage '{st.name}': '{f}' is a `by` field; `distinct` cannot spread over it")
        if isinstance(st.source, tuple):
            if st.source[1] not in names:
                err(f"stage '{st.name}': unknown stage '{st.source[1]}'")
            if st.source[1] not in earlier:
                err(f"stage '{st.name}': `from` must name an earlier stage")
        row = Env("row")
        if st.where is not None and self.check(st.where, row) != "bool":
            err(f"stage '{st.name}': `where` must be a condition")
        for e, _ in st.order:
            t = self.check(e, row)
            if t not in ORDERED:
                err(f"stage '{st.name}': order key of type {type_name(t)} (int, decimal or date needed)")
        if self.check(st.quota, Env("quota", st)) != "int":
            err(f"stage '{st.name}': quota must be an int")
        for name, e in st.tiers:
            if e != "rest" and self.check(e, Env("size", st)) != "int":
                err(f"stage '{st.name}': size of tier '{name}' must be an int")

    def partition_field(self, name, what, may_be_optional=False):
        f = self.fields.get(name)
        if f is None:
            err(f"{what}: '{name}' is not an input field")
        if f.optional and not may_be_optional:
            err(f"{what}: '{name}' is optional")
        if not (f.type in PARTITION_TYPES or is_enum(f.type)):
            err(f"{what}: '{name}' has type {type_name(f.type)}")

    # ------------------------------------------------------------ named values
    def enter(self, key):
        if key in self.visiting:
            err("cycle: " + " -> ".join(k[1] for k in self.visiting + [key]))
        self.visiting.append(key)

    def let_type(self, name):
        if name not in self.let_types:
            self.enter(("let", name))
            self.let_types[name] = self.check(self.prog.lets[name], Env("row"))
            self.visiting.pop()
        return self.let_types[name]

    def output_type(self, name):
        if name not in self.output_types:
            self.enter(("output", name))
            self.output_types[name] = self.check(self.prog.outputs[name], Env("output"))
            self.visiting.pop()
        return self.output_types[name]

    def get_score_type(self):
        if self.prog.score is None:
            err("`score` is used but not declared")
        if self.score_type is None:
            self.enter(("score", "score"))
            t = self.check(self.prog.score, Env("row"))
            if t not in NUMERIC:
                err(f"score must be int or decimal, not {type_name(t)}")
            self.score_type = t
            self.visiting.pop()
        return self.score_type

    def uses_aggregate(self, node, seen_lets):
        if isinstance(node, S.Agg):
            return True
        if isinstance(node, S.Name) and node.ref and node.ref[0] == "let":
            if node.name in seen_lets:
                return False
            seen_lets.add(node.name)
            return self.uses_aggregate(self.prog.lets[node.name], seen_lets)
        if isinstance(node, S.ScoreRef):
            return self.uses_aggregate(self.prog.score, seen_lets)
        return any(self.uses_aggregate(c, seen_lets) for c in children(node))

    def uses_aggregate_indirectly(self, node):
        """An aggregate reached through a let or the score."""
        if isinstance(node, S.Name) and node.ref and node.ref[0] == "let":
            return self.uses_aggregate(self.prog.lets[node.name], set())
        if isinstance(node, S.ScoreRef):
            return self.uses_aggregate(self.prog.score, set())
        return any(self.uses_aggregate_indirectly(c) for c in children(node))

    # ------------------------------------------------------------ expressions
    def check(self, node, env):
        t = getattr(self, "c_" + type(node).__name__)(node, env)
        node.type = t
        return t

    def c_Lit(self, n, env):
        return lit_type(n)

    def c_Name(self, n, env):
        p = self.prog
        name = n.name
        if env.kind in ("candidate", "candidate_agg"):
            # a computed candidate field: the rows' fields inside aggregates, params
            if name in self.row_fields:
                if env.kind != "candidate_agg":
                    err(f"'{name}': a candidate's field uses the rows' fields only inside aggregates")
                n.ref = ("field", name)
                return self.row_fields[name].type
            if name in p.params:
                n.ref = ("param", name)
                return p.params[name].type
            err(f"'{name}': a candidate's field may use the rows' fields and params only")
        if env.kind in ("size", "quota"):
            if name in p.params:
                n.ref = ("param", name)
                return p.params[name].type
            if name in env.stage.by:
                n.ref = ("field", name)
                return self.fields[name].type
            err(f"'{name}': quota and tier sizes may name only params and the stage's `by` fields")
        if name in self.fields:
            n.ref = ("field", name)
            return self.fields[name].type
        if name in p.params:
            n.ref = ("param", name)
            return p.params[name].type
        if name in p.lets:
            n.ref = ("let", name)
            return self.let_type(name)
        if name in p.outputs:
            if env.kind != "output":
                err(f"'{name}': only outputs may use outputs")
            n.ref = ("output", name)
            return self.output_type(name)
        err(f"unknown name '{name}'")

    def c_ScoreRef(self, n, env):
        if env.kind in ("candidate", "candidate_agg"):
            err("`score` is not allowed in a candidate's field")
        if env.kind in ("size", "quota"):
            err("`score` is not allowed in quota or tier sizes")
        return self.get_score_type()

    def c_QuotaRef(self, n, env):
        if env.kind != "size":
            err("`quota` may be used only in tier sizes")
        return "int"

    def c_Neg(self, n, env):
        t = self.check(n.operand, env)
        if t not in NUMERIC:
            err(f"unary '-' needs a number, not {type_name(t)}")
        return t

    def c_Not(self, n, env):
        if self.check(n.operand, env) != "bool":
            err("`not` needs a condition")
        return "bool"

    def c_Binary(self, n, env):
        a = self.check(n.left, env)
        b = self.check(n.right, env)
        op = n.op
        if op in ("and", "or"):
            if a != "bool" or b != "bool":
                err(f"`{op}` needs conditions on both sides")
            return "bool"
        if op in ("+", "-", "*", "/"):
            if a not in NUMERIC or b not in NUMERIC:
                err(f"'{op}' needs numbers, not {type_name(a)} and {type_name(b)}")
            if op == "/" or "decimal" in (a, b):
                return "decimal"
            return "int"
        if op in ("==", "!="):
            if not can_compare_eq(a, b, (n.left, n.right)):
                err(f"cannot compare {type_name(a)} with {type_name(b)}")
            return "bool"
        # < <= > >=
        if not ((a in NUMERIC and b in NUMERIC) or (a == b == "date")):
            err(f"'{op}' orders int, decimal and date only, not {type_name(a)} and {type_name(b)}")
        return "bool"

    def c_InList(self, n, env):
        a = self.check(n.operand, env)
        for lit in n.lits:
            b = self.check(lit, env)
            if not can_compare_eq(a, b, (lit,)):
                err(f"`in`: cannot compare {type_name(a)} with {type_name(b)}")
        return "bool"

    def c_If(self, n, env):
        if self.check(n.cond, env) != "bool":
            err("`if` needs a condition")
        t = unify(self.check(n.then, env), self.check(n.other, env), "if")
        check_members(t, [n.then, n.other])
        return t

    def c_Match(self, n, env):
        s = self.check(n.subject, env)
        seen = []
        t = None
        for lit, e in n.arms:
            lt = self.check(lit, env)
            if not can_compare_eq(s, lt, (lit,)):
                err(f"match: pattern of type {type_name(lt)} for a {type_name(s)}")
            if lit.value in seen:
                err(f"match: pattern {lit.value!r} given twice")
            seen.append(lit.value)
            et = self.check(e, env)
            t = et if t is None else unify(t, et, "match")
        if n.other is not None:
            t = unify(t, self.check(n.other, env), "match")
        else:
            covered = (is_enum(s) and set(s[1]) <= set(seen)) or \
                      (s == "bool" and True in seen and False in seen)
            if not covered:
                err("match: `else` is required unless the arms cover every value")
        check_members(t, [e for _, e in n.arms] + [n.other])
        return t

    def c_Agg(self, n, env):
        if env.kind == "candidate_agg":
            err("aggregates do not nest")
        if env.kind == "candidate" and (n.over or n.fn in ("rank_desc", "rank_asc")):
            err(f"{n.fn}: a candidate's field aggregates the candidate's rows (no `over`, no rank)")
        if n.over and env.kind in ("size", "quota"):
            err("`over` is not allowed in quota or tier sizes")
        if n.join:
            # `over f = g` (docs/language.md section 15): pairwise fields of
            # one type, optional allowed (a missing value matches nothing);
            # no join for a rank.
            if n.fn in ("rank_desc", "rank_asc"):
                err(f"{n.fn}() cannot use a join (`over f = g`)")
            if len(n.over) != len(n.join):
                err("a join needs as many fields after `=` as before it")
            for f, g in zip(n.over, n.join):
                self.partition_field(f, "over", True)
                self.partition_field(g, "over ... =", True)
                if self.fields[f].type != self.fields[g].type:
                    err(f"cannot join '{f}' ({type_name(self.fields[f].type)}) "
                        f"with '{g}' ({type_name(self.fields[g].type)})")
        else:
            for f in n.over:
                self.partition_field(f, "over")
        # Inside an output, an aggregate may read stage results (an extension:
        # a tally of stars per person); elsewhere its argument may not.
        inner = Env("agg_output" if env.kind == "output" else
                    "candidate_agg" if env.kind == "candidate" else "agg")
        if n.where is not None and self.check(n.where, inner) != "bool":
            err(f"{n.fn}(... where c): c must be a condition")
        if n.fn == "count":
            return "int"
        t = self.check(n.arg, inner)
        if n.fn == "sum":
            if t not in NUMERIC:
                err("sum needs a number")
            return t
        if n.fn == "avg":
            if t not in NUMERIC:
                err("avg needs a number")
            return "decimal"
        if t not in ORDERED:
            err(f"{n.fn} needs an int, decimal or date")
        if n.fn in ("min", "max"):
            return t
        if env.kind in ("size", "quota"):
            err(f"{n.fn} needs a row; not allowed in quota or tier sizes")
        return "int"

    def c_Present(self, n, env):
        if env.kind in ("candidate", "candidate_agg"):
            f = self.row_fields.get(n.name.name)
            if f is None or not f.optional or env.kind != "candidate_agg":
                err(f"present({n.name.name}): an optional field of the rows, inside an aggregate")
            return "bool"
        f = self.fields.get(n.name.name)
        if f is None or not f.optional:
            err(f"present({n.name.name}): not an optional input field")
        if env.kind in ("size", "quota"):
            err("present() is not allowed in quota or tier sizes")
        return "bool"

    def c_Weighted(self, n, env):
        total = Decimal(0)
        result = "int"
        for name, lit in n.terms:
            t = self.check(name, env)
            if t not in NUMERIC:
                err(f"weighted: '{name.name}' is not a number")
            if lit.kind not in ("int", "decimal") or lit.value < 0:
                err("weighted: weights are non-negative number literals")
            self.check(lit, env)
            total += lit.value
            if t == "decimal" or lit.kind == "decimal":
                result = "decimal"
        if total != 1:
            pct = total * 100
            err(f"weighted: weights sum to {pct.normalize():f}%, not 100%")
        return result

    def c_StageFn(self, n, env):
        if env.kind not in ("output", "agg_output"):
            err(f"{n.fn}() may be used only in outputs")
        if n.stage not in {s.name for s in self.prog.stages}:
            err(f"{n.fn}(): unknown stage '{n.stage}'")
        return {"selected": "bool", "tier": "text", "rank": "int"}[n.fn]

    def c_Entrants(self, n, env):
        if env.kind not in ("size", "quota"):
            err("entrants() may be used only in quota and tier sizes")
        return "int"

    def c_Call(self, n, env):
        fn = n.fn
        ts = [self.check(a, env) for a in n.args]
        if fn in ("least", "greatest", "clamp"):
            if fn == "clamp" and len(ts) != 3:
                err("clamp takes three arguments")
            if len(ts) < 2:
                err(f"{fn} takes two or more arguments")
            if all(t in NUMERIC for t in ts):
                return "decimal" if "decimal" in ts else "int"
            if all(t == "date" for t in ts):
                return "date"
            err(f"{fn}: arguments must be all numbers or all dates")
        if fn == "abs":
            if len(ts) != 1 or ts[0] not in NUMERIC:
                err("abs takes one number")
            return ts[0]
        if fn in ("years_between", "days_between"):
            if ts != ["date", "date"]:
                err(f"{fn} takes two dates")
            return "int"
        # rounding
        if len(ts) not in (1, 2) or ts[0] not in NUMERIC:
            err(f"{fn} takes a number and optional digits")
        if len(ts) == 1:
            return "int"
        d = n.args[1]
        value = None
        if isinstance(d, S.Lit) and d.kind == "int":
            value = d.value
        elif isinstance(d, S.Neg) and isinstance(d.operand, S.Lit) and d.operand.kind == "int":
            value = -d.operand.value
        if value is None or not -34 <= value <= 34:
            err(f"{fn}: digits must be an int literal in [-34, 34]")
        n.digits = value
        return ts[0]


def children(node):
    """The sub-expressions of a node."""
    if isinstance(node, (S.Neg, S.Not)):
        return [node.operand]
    if isinstance(node, S.Binary):
        return [node.left, node.right]
    if isinstance(node, S.InList):
        return [node.operand]
    if isinstance(node, S.If):
        return [node.cond, node.then, node.other]
    if isinstance(node, S.Match):
        out = [node.subject] + [e for _, e in node.arms]
        return out + ([node.other] if node.other is not None else [])
    if isinstance(node, S.Agg):
        return [x for x in (node.arg, node.where) if x is not None]
    if isinstance(node, S.Weighted):
        return [nm for nm, _ in node.terms]
    if isinstance(node, S.Call):
        return list(node.args)
    return []


def compile_scheme(source):
    """source: bytes or str. Returns the checked Program; raises CompileError."""
    if isinstance(source, bytes):
        if source.startswith(b"\xef\xbb\xbf"):
            source = source[3:]
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as e:
            raise CompileError(f"invalid UTF-8 at byte {e.start}") from None
    elif source.startswith("\ufeff"):
        source = source[1:]
    prog = S.parse(source)
    return Checker(prog).run()
