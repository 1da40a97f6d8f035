# SPDX-License-Identifier: Apache-2.0
# merit - random valid schemes and rosters for the differential test (fixed seeds, standard library only)
"""gen_case.generate(seed, stages=True) -> (scheme_text, roster_text)
gen_case.generate_grouped(seed) -> (scheme_text, roster_text), schemes with `candidates by`

Every scheme follows LANGUAGE.md and must compile in both the engine and the
reference; rosters mix clean rows with missing values, edge values, ties,
duplicate keys and the odd bad cell.
"""
import random

ENUM = ["甲", "乙", "丙"]


class Gen:
    def __init__(self, seed, stages=True):
        self.r = random.Random(seed)
        # Draws for the language extensions come from a stream of their own,
        # so that they leave every other choice of a seed as it was.
        self.x = random.Random(seed * 7919 + 17)
        # Half the rosters keep every decimal within int64 at a few places
        # (compact columns, so the engine runs decimal code on scaled int64),
        # with values at the edge of int64 instead of one of 34 digits.
        self.narrow = random.Random(seed * 104729 + 3).random() < 0.5
        self.stages_on = stages
        self.fields = []  # (name, type, optional, default, range)
        self.lets = []    # (name, type)
        self.params = []  # (name, type)
        self.stage_names = []

    # ---------------------------------------------------------------- helpers
    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    def fields_of(self, types, optional=None):
        return [f[0] for f in self.fields if f[1] in types and (optional is None or f[2] == optional)]

    # ---------------------------------------------------------------- literals
    def int_lit(self):
        return str(self.pick([0, 1, 2, 3, 5, 7, 10, 50, 100, 1000, 123456789]))

    def dec_lit(self):
        return self.pick(["0.5", "1.5", "2.25", "0.1", "0.001", "12.5", "99.99", "3.3333333333", "0.8",
                          "40%", "12.5%", "100%", "1.000000000000000000000000000000001"])

    # ---------------------------------------------------------------- numeric
    def num(self, d, ctx):
        """(text, type) with type 'int' or 'dec'."""
        choices = ["lit", "field", "field"]
        if self.lets and ctx.get("lets", True):
            choices.append("let")
        if self.params:
            choices.append("param")
        if ctx.get("score"):
            choices.append("score")
        if d > 0:
            choices += ["bin", "bin", "div", "round", "minmax", "abs", "if", "match", "clamp", "neg", "dates"]
            if ctx.get("agg", True):
                choices += ["agg", "agg"]
            if ctx.get("weighted", True) and len(self.fields_of(["int", "dec"], False)) >= 2:
                choices.append("weighted")
        c = self.pick(choices)
        if c == "lit":
            return (self.int_lit(), "int") if self.chance(0.5) else (self.dec_lit(), "dec")
        if c == "field":
            opts = self.fields_of(["int", "dec"], False)
            name = self.pick(opts)
            return name, self.ftype(name)
        if c == "let":
            nums = [l for l in self.lets if l[1] in ("int", "dec")]
            if nums:
                l = self.pick(nums)
                return l[0], l[1]
            return self.num(0, ctx)
        if c == "param":
            nums = [p for p in self.params if p[1] in ("int", "dec")]
            if nums:
                p = self.pick(nums)
                return p[0], p[1]
            return self.num(0, ctx)
        if c == "score":
            return "score", ctx["score"]
        if c == "bin":
            a, ta = self.num(d - 1, ctx)
            b, tb = self.num(d - 1, ctx)
            op = self.pick(["+", "-", "*"])
            return f"({a} {op} {b})", "int" if ta == tb == "int" else "dec"
        if c == "div":
            a, _ = self.num(d - 1, ctx)
            b, _ = self.num(d - 1, ctx)
            return f"({a} / {b})", "dec"
        if c == "round":
            fn = self.pick(["round_half_up", "round_half_even", "floor", "ceil", "truncate"])
            a, ta = self.num(d - 1, ctx)
            if self.chance(0.5):
                return f"{fn}({a})", "int"
            return f"{fn}({a}, {self.pick([-2, -1, 0, 1, 2, 3])})", ta
        if c == "minmax":
            n = self.pick([2, 2, 3])
            parts = [self.num(d - 1, ctx) for _ in range(n)]
            t = "int" if all(p[1] == "int" for p in parts) else "dec"
            return f"{self.pick(['least', 'greatest'])}({', '.join(p[0] for p in parts)})", t
        if c == "abs":
            a, ta = self.num(d - 1, ctx)
            return f"abs({a})", ta
        if c == "neg":
            a, ta = self.num(d - 1, ctx)
            return f"(-{a})", ta
        if c == "clamp":
            a, ta = self.num(d - 1, ctx)
            lo, hi = sorted([self.r.randint(-5, 60), self.r.randint(-5, 60)])
            if self.chance(0.1):
                lo, hi = hi + 1, lo  # lo > hi: an error of the row
            return f"clamp({a}, {lo}, {hi})", ta
        if c == "if":
            cond = self.boolean(d - 1, ctx)
            a, ta = self.num(d - 1, ctx)
            b, tb = self.num(d - 1, ctx)
            return f"(if {cond} then {a} else {b})", "int" if ta == tb == "int" else "dec"
        if c == "match":
            return self.match_num(d, ctx)
        if c == "dates":
            dates = self.fields_of(["date"], False)
            if not dates:
                return self.num(0, ctx)
            fn = self.pick(["days_between", "years_between"])
            other = self.pick(dates + ["2024-02-29", "2023-01-01"])
            return f"{fn}({self.pick(dates)}, {other})", "int"
        if c == "weighted":
            opts = self.fields_of(["int", "dec"], False)
            k = min(len(opts), self.pick([2, 3]))
            names = self.r.sample(opts, k)
            weights = [self.pick(["10%", "20%", "25%", "50%", "0.25", "0.5"]) for _ in names[:-1]]
            total = sum(float(w[:-1]) / 100 if w.endswith("%") else float(w) for w in weights)
            if total > 1:
                weights = ["25%" for _ in names[:-1]]
                total = 0.25 * len(weights)
            rest = round((1 - total) * 100, 6)
            weights.append(f"{rest:g}%")
            return "weighted(" + ", ".join(f"{n}: {w}" for n, w in zip(names, weights)) + ")", "dec"
        if c == "agg":
            return self.agg(d, ctx)
        raise AssertionError(c)

    def ftype(self, name):
        for f in self.fields:
            if f[0] == name:
                return f[1]
        raise KeyError(name)

    def match_num(self, d, ctx):
        subj = self.pick(["enum", "int", "bool"])
        arms = []
        if subj == "enum" and self.fields_of(["enum"], False):
            s = self.pick(self.fields_of(["enum"], False))
            pats = [f'"{m}"' for m in self.r.sample(ENUM, self.pick([1, 2, 3]))]
            full = len(pats) == 3
        elif subj == "bool" and self.fields_of(["bool"], False):
            s = self.pick(self.fields_of(["bool"], False))
            pats = self.r.sample(["true", "false"], self.pick([1, 2]))
            full = len(pats) == 2
        else:
            ints = self.fields_of(["int"], False)
            s = self.pick(ints) if ints else "1"
            pats = [str(v) for v in self.r.sample([0, 1, 2, 3, 5, -1], self.pick([1, 2, 3]))]
            full = False
        types = []
        for p in pats:
            e, t = self.num(d - 1, ctx)
            arms.append(f"{p} => {e}")
            types.append(t)
        if not full or self.chance(0.3):
            if full:
                pass
            e, t = self.num(d - 1, ctx)
            if not full:
                arms.append(f"else => {e}")
                types.append(t)
        return f"(match {s} {{ {', '.join(arms)} }})", "int" if all(t == "int" for t in types) else "dec"

    def agg(self, d, actx):
        ctx = dict(actx, agg=False, score=None if not actx.get("score_in_agg") else actx.get("score"))
        kind = self.pick(["count", "sum", "avg", "min", "max", "rank_desc", "rank_asc"])
        where = ""
        if self.chance(0.4):
            where = "where " + self.boolean(d - 1, ctx)
        if kind == "count":
            text, t = f"count({where})", "int"
        else:
            arg, ta = self.num(d - 1, ctx)
            inner = arg + (" " + where if where else "")
            t = {"sum": ta, "avg": "dec", "min": ta, "max": ta, "rank_desc": "int", "rank_asc": "int"}[kind]
            text = f"{kind}({inner})"
        if actx.get("over", True) and self.chance(0.4):
            groups = [f[0] for f in self.fields if f[1] in ("text", "enum", "int", "bool", "date") and not f[2]
                      and not f[0] == "id"]
            if groups:
                k = self.pick([1, 1, 2]) if len(groups) >= 2 else 1
                g = self.r.sample(groups, k)
                text += " over " + (g[0] if k == 1 else "(" + ", ".join(g) + ")")
                if kind not in ("rank_desc", "rank_asc") and self.x.random() < 0.35:
                    # a join (an extension): the reading row's fields, each of
                    # the type of its partner, optional ones and the key too
                    h = [self.x.choice([f[0] for f in self.fields if f[1] == self.ftype(x)]) for x in g]
                    text += " = " + (h[0] if k == 1 else "(" + ", ".join(h) + ")")
        return text, t

    # ---------------------------------------------------------------- boolean
    def boolean(self, d, ctx):
        choices = ["cmp", "cmp", "fieldbool", "enum"]
        if self.fields_of(["int", "dec", "date", "text"], True):
            choices.append("present")
        if any(l[1] == "bool" for l in self.lets) and ctx.get("lets", True):
            choices.append("let")
        if d > 0:
            choices += ["not", "andor", "andor", "in", "datecmp", "textcmp"]
        c = self.pick(choices)
        if c == "cmp":
            a, _ = self.num(max(d - 1, 0), ctx)
            b, _ = self.num(max(d - 1, 0), ctx)
            return f"({a} {self.pick(['<', '<=', '>', '>=', '==', '!='])} {b})"
        if c == "fieldbool":
            bs = self.fields_of(["bool"], False) + [p[0] for p in self.params if p[1] == "bool"]
            return self.pick(bs) if bs else self.pick(["true", "false"])
        if c == "enum":
            es = self.fields_of(["enum"], False)
            if not es:
                return "true"
            return f'({self.pick(es)} {self.pick(["==", "!="])} "{self.pick(ENUM)}")'
        if c == "present":
            f = self.pick(self.fields_of(["int", "dec", "date", "text"], True))
            if self.ftype(f) in ("int", "dec") and self.chance(0.6):
                return f"(present({f}) and {f} > {self.int_lit()})"
            return f"present({f})"
        if c == "let":
            return self.pick([l[0] for l in self.lets if l[1] == "bool"])
        if c == "not":
            return f"not {self.boolean(d - 1, ctx)}"
        if c == "andor":
            return f"({self.boolean(d - 1, ctx)} {self.pick(['and', 'or'])} {self.boolean(d - 1, ctx)})"
        if c == "in":
            if self.fields_of(["enum"], False) and self.chance(0.5):
                return f"{self.pick(self.fields_of(['enum'], False))} in [{', '.join(chr(34) + m + chr(34) for m in self.r.sample(ENUM, 2))}]"
            a, _ = self.num(d - 1, ctx)
            return f"{a} in [{', '.join(self.pick(['0', '1', '2', '-1', '0.5', '100']) for _ in range(2))}]"
        if c == "datecmp":
            ds = self.fields_of(["date"], False)
            if not ds:
                return "true"
            return f"({self.pick(ds)} {self.pick(['<', '>=', '=='])} {self.pick(['2023-06-30', '2020-02-29'])})"
        if c == "textcmp":
            ts = [t for t in self.fields_of(["text"], False) if t != "id"]
            if not ts:
                return "true"
            return f'({self.pick(ts)} {self.pick(["==", "!="])} "{self.pick(["北", "南", "A1"])}")'
        raise AssertionError(c)

    # ---------------------------------------------------------------- program
    def scheme(self):
        r = self.r
        key_int = self.chance(0.3)
        self.fields.append(("id", "int" if key_int else "text", False, None, None))
        n = r.randint(2, 7)
        for i in range(n):
            t = self.pick(["int", "int", "dec", "dec", "dec", "bool", "enum", "date", "text"])
            optional = t in ("int", "dec", "date", "text") and self.chance(0.2)
            default = None
            rng = None
            if not optional and self.chance(0.3):
                default = {"int": "0", "dec": "1.5", "bool": "false", "enum": f'"{ENUM[0]}"', "date": "2023-01-01",
                           "text": '"北"'}[t]
            if t == "int" and self.chance(0.4):
                rng = ("-5", "100")
            if t == "dec" and self.chance(0.4):
                rng = ("0", "100")
            self.fields.append((f"f{i}", t, optional, default, rng))
        if not self.fields_of(["int", "dec"], False):
            self.fields.append(("fn", "dec", False, None, None))
        lines = [f'scheme "差分{r.randint(0, 999)}"', ""]
        if self.chance(0.3):
            self.params.append(("p0", "int"))
            lines.append("param p0: int = 3")
        if self.chance(0.2):
            self.params.append(("p1", "bool"))
            lines.append("param p1: bool = true")
        lines.append("input {")
        for name, t, optional, default, rng in self.fields:
            ty = {"int": "int", "dec": "decimal", "bool": "bool", "enum": "enum(" + ", ".join(f'"{m}"' for m in ENUM) + ")",
                  "date": "date", "text": "text"}[t]
            s = f"  {name}: {ty}"
            if name == "id":
                s += " key"
            if rng:
                s += f" in [{rng[0]}, {rng[1]}]"
            if default:
                s += f" = {default}"
            if optional:
                s += " optional"
            lines.append(s)
        lines.append("}")
        # lets: each may use the earlier ones only
        for i in range(r.randint(0, 4)):
            ctx = {"lets": True}
            if self.chance(0.25):
                e, t = self.boolean(2, ctx), "bool"
            else:
                e, t = self.num(3, ctx)
            lines.append(f"let l{i} = {e}")
            self.lets.append((f"l{i}", t))
        score_expr, score_t = self.num(3, {})
        lines.append(f"score = {score_expr}")
        labels = iter(range(1000))
        def rule(kind, ctx):
            e = self.boolean(2, ctx)
            label = f'"{kind}{next(labels)}": ' if self.chance(0.5) else ""
            return f"{kind} {label}{e}"
        for _ in range(r.randint(0, 3)):
            lines.append(rule("require", {}))
        for _ in range(r.randint(0, 2)):
            lines.append(rule("veto", {}))
        if self.chance(0.3):
            plain = {"agg": False, "lets": False}
            lines.append(f"check {self.boolean(1, plain)}")
        tiers = ["金", "銀", "銅"]
        # Stages are planned first so that caps name only tiers that exist
        # (the engine rejects a cap naming a tier no stage has; see README).
        plan = [self.pick([0, 1, 2, 3]) for _ in range(r.choice([0, 1, 1, 2]) if self.stages_on else 0)]
        targets = ["none"]
        for si, nt in enumerate(plan):
            targets += [f'"{t}"' for t in tiers[:nt]] if nt else [f'"階段{si}"']
        for _ in range(r.randint(0, 2)):
            target = self.pick(targets)
            lines.append(f"cap {self.boolean(2, {'score': score_t})} => {target}")
        if self.chance(0.4):
            lines.append(f"when {self.boolean(1, {})} {{")
            lines.append("  " + rule("require", {}))
            if self.chance(0.5):
                lines.append("  " + rule("veto", {}))
            if self.chance(0.5):
                lines.append(f"  cap {self.boolean(1, {})} => {self.pick(targets)}")
            lines.append("}")
        for si, nt in enumerate(plan):
            lines += self.stage(si, tiers, score_t, nt)
        for i in range(r.randint(0, 3)):
            octx = {"score": score_t}
            if self.stage_names and self.chance(0.5):
                s = self.pick(self.stage_names)
                e = self.pick([f'selected("{s}")', f'tier("{s}")', f'rank("{s}")'])
            elif self.chance(0.3):
                e = self.boolean(2, octx)
            else:
                e, _ = self.num(2, octx)
            lines.append(f"output o{i} = {e}")
        return "\n".join(lines) + "\n"

    def stage(self, si, tiers, score_t, nt):
        name = f"階段{si}"
        head = f'select "{name}"'
        groups = [f[0] for f in self.fields if f[1] in ("text", "enum", "bool", "int") and not f[2] and f[0] != "id"]
        by = []
        if groups and self.chance(0.5):
            by = self.r.sample(groups, 1)
            head += " by " + ", ".join(by)
        out = [head + " {"]
        src = self.pick(["eligible", "eligible", "all"] + [f'"{s}"' for s in self.stage_names])
        if src != "eligible" or self.chance(0.3):
            out.append(f"  from {src}")
        if self.chance(0.3):
            out.append(f"  where {self.boolean(1, {'score': score_t})}")
        keys = [f"score {self.pick(['desc', 'asc'])}"]
        if self.chance(0.4):
            k, _ = self.num(1, {"score": score_t})
            keys.append(f"{k} {self.pick(['asc', 'desc'])}")
        out.append("  order by " + ", ".join(keys))
        sizectx = {"agg": True, "lets": False, "over": False, "weighted": False}
        q = self.pick(["lit", "count", "entrants", "expr"])
        if q == "lit":
            quota = str(self.r.randint(-1, 6))
        elif q == "count":
            quota = f"round_half_up({self.pick(['40%', '50%', '0.3'])} * count())"
        elif q == "entrants":
            quota = f"entrants() - {self.r.randint(0, 2)}"
        else:
            quota = f"greatest(1, round_half_even(entrants() / {self.r.randint(1, 4)}))"
        out.append(f"  quota {quota}")
        for i in range(nt):
            if i == nt - 1 and self.chance(0.6):
                out.append(f'  tier "{tiers[i]}" = rest')
            else:
                size = self.pick([str(self.r.randint(-1, 3)), "round_half_up(50% * quota)", "quota - 1"])
                out.append(f'  tier "{tiers[i]}" = {size}')
        if self.chance(0.4):
            out.append("  ties share")
        spread = [f for f in groups if f not in by]
        if spread and self.x.random() < 0.35:
            k = 2 if len(spread) >= 2 and self.x.random() < 0.3 else 1
            out.append("  distinct " + ", ".join(self.x.sample(spread, k)))
        out.append("}")
        self.stage_names.append(name)
        del sizectx
        return out

    # ---------------------------------------------------------------- roster
    def roster(self):
        r = self.r
        names = [f[0] for f in self.fields]
        if self.chance(0.2):
            r.shuffle(names)
        rows = [",".join(names)]
        nrows = self.pick([0, 1, 2, 5, 8, 12, 20])
        for i in range(nrows):
            cells = []
            for name in names:
                f = next(x for x in self.fields if x[0] == name)
                cells.append(self.cell(f, i))
            rows.append(",".join(cells))
        return "\n".join(rows) + ("\n" if self.chance(0.8) else "")

    def cell(self, f, i):
        name, t, optional, default, rng = f
        r = self.r
        if name == "id":
            if self.chance(0.05):
                return "" if self.chance(0.5) else ("1" if t == "int" else "K1")
            return str(i + 1) if t == "int" else f"K{i + 1}"
        if self.chance(0.12 if (optional or default) else 0.04):
            return ""
        if self.chance(0.02):
            return self.pick(["abc", "1.2.3", "--1", "2023-02-30", "1e3"])
        if t == "int":
            return str(self.pick([0, 1, 2, 5, 5, 5, 10, 50, 99, 100, -5, 101, 9223372036854775807]))
        if t == "dec":
            big = "92233720368547758.07" if self.narrow else "12345678901234567890.12345678901234"
            return self.pick(["0", "0.5", "50", "50.0", "87.25", "87.25", "99.999", "100", "-0.5", "33.3333333333333",
                              big])
        if t == "bool":
            return self.pick(["true", "false", "TRUE", "0", "1"])
        if t == "enum":
            return self.pick(ENUM)
        if t == "date":
            return self.pick(["2020-02-29", "2021-02-28", "2023-03-01", "2023-06-30", "1999-12-31"])
        if t == "text":
            return self.pick(["北", "南", "A1", '"x,y"', "東"])
        raise AssertionError(t)


def generate_grouped(seed):
    """A scheme with `candidates by` (an extension) and a roster of lines: a
    line per candidate with its carried fields, lines per event, and now and
    then a line that disagrees, a bad cell, a line without key or an event of
    a candidate without its own line."""
    r = random.Random(seed)
    int_key = r.random() < 0.3
    lines = [f'scheme "分組{seed % 1000}"', "", "input {",
             f"  k: {'int' if int_key else 'text'}",
             "  shop: text",
             "  grade: int in [0, 9] = 0",
             "  ok: bool = false",
             "  note: decimal optional",
             "  ticket: text optional",
             "  pts: int in [-5, 50] = 1",
             '  kind: enum("甲", "乙", "丙") optional',
             "  w: decimal in [0, 100] optional",
             "}", ""]
    carried = ["shop"] + r.sample(["grade", "ok", "note"], r.randint(0, 3))
    pool = [("n_t", "count(where present(ticket))", "int"),
            ("s_p", "sum(pts where present(ticket))", "int"),
            ("s_k", 'sum(pts where present(kind) and kind == "甲")', "int"),
            ("c_k", 'count(where present(kind) and kind in ["乙", "丙"])', "int"),
            ("m_p", "max(pts)", "int"),
            ("mix", "2 * count(where present(ticket)) + sum(pts where pts < 0)", "int"),
            ("a_w", "avg(w where present(w))", "dec"),
            ("s_w", "sum(w where present(w) and w > 10) / 2", "dec"),
            ("r_w", "round_half_up(sum(w where present(w)), 1)", "dec"),
            ("mt", 'sum(match kind { "甲" => 2, "乙" => 1, "丙" => 0 } where present(kind))', "int")]
    computed = r.sample(pool, r.randint(1, 4))
    lines.append("candidates by k {")
    lines += [f"  {c}" for c in carried]
    lines += [f"  {n} = {e}" for n, e, _ in computed]
    lines.append("}")
    nums = [n for n, _, t in computed] + (["grade"] if "grade" in carried else [])
    score = " + ".join(r.sample(nums, min(len(nums), 2))) if nums else "1"
    lines.append(f"score = {score}")
    if "ok" in carried and r.random() < 0.6:
        lines.append('require "ok": ok')
    ints = [n for n, _, t in computed if t == "int"]
    if ints and r.random() < 0.4:
        lines.append(f"veto {r.choice(ints)} > 8")
    if r.random() < 0.3:
        lines.append(f"check sum({r.choice(nums) if nums else '1'}) over shop < 200")
    lines += ['select "星" by shop {', f"  order by score {r.choice(['desc', 'asc'])}",
              f"  quota {r.randint(0, 3)}"]
    if "grade" in carried and r.random() < 0.5:
        lines.append("  distinct grade")
    lines.append("}")
    lines.append("output team = count() over shop")
    if "note" in carried:
        lines.append("output has_note = present(note)")
    scheme = "\n".join(lines) + "\n"

    header = ["k", "shop", "grade", "ok", "note", "ticket", "pts", "kind", "w"]
    keys = [str(i + 1) if int_key else f"P{i + 1}" for i in range(r.choice([0, 1, 3, 6, 9]))]
    shop_of = {k: r.choice(["北", "南", "東"]) for k in keys}
    grade_of = {k: str(r.randint(0, 9)) for k in keys}
    ok_of = {k: r.choice(["true", "false"]) for k in keys}
    note_of = {k: r.choice(["", "1.5", "2"]) for k in keys}
    rows = []
    for k in keys:   # the candidates' own lines
        rows.append([k, shop_of[k], grade_of[k], ok_of[k], note_of[k], "", "", "", ""])
    for i in range(r.randint(0, 25)):
        if keys and r.random() > 0.05:
            k = r.choice(keys)
        else:
            k = r.choice(["", "Z9" if not int_key else "99"])   # no key / a candidate without a line
        row = [k, "", "", "", "", "", "", "", ""]
        if r.random() < 0.6:
            row[1] = shop_of.get(k, "北") if r.random() > 0.05 else "西"   # repeated (or not)
        if r.random() < 0.7:
            row[5] = f"T{i}"
        row[6] = r.choice(["", "0", "3", "-2", "7", "50"])
        row[7] = r.choice(["", "甲", "乙", "丙"])
        row[8] = r.choice(["", "12.5", "3", "99.99", "0"])
        if r.random() < 0.03:
            row[r.choice([2, 6, 8])] = r.choice(["x", "1000", "-1"])        # a bad cell
        if r.random() < 0.03 and k in grade_of:
            row[2] = str((int(grade_of[k]) + 1) % 10)                      # a carried value that disagrees
        rows.append(row)
    roster = ",".join(header) + "\n" + "".join(",".join(x) + "\n" for x in rows)
    return scheme, roster


def generate(seed, stages=True):
    g = Gen(seed, stages)
    scheme = g.scheme()
    return scheme, g.roster()


if __name__ == "__main__":
    import sys
    s, ro = generate(int(sys.argv[1]), stages=len(sys.argv) < 3 or sys.argv[2] != "nostages")
    print(s)
    print(ro)
