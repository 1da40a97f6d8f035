# SPDX-License-Identifier: Apache-2.0
# merit - roster evaluation, aggregates and allocation stages of the reference (sections 6-8)
"""Evaluates a checked Program over a CSV roster and builds the results of section 8.

The code follows the contract's order: validation (6.1), aggregates over the valid rows
(6.2), requires / vetoes / score / caps per row (6.3-6.4), stages in source order (7),
then outputs (6.5). Row-level failures are EvalError exceptions; they are cached so that
a value is computed at most once per row.
"""
import bisect
import datetime
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_FLOOR, ROUND_CEILING, ROUND_DOWN

from . import syntax as S
from .checker import is_enum
from .errors import EvalError, UsageError
from .roster import read_records
from .values import (CTX, EXACT, MISSING, check_int, dec_op, round_ctx, to_json, parse_text)

ROUNDING = {"round_half_up": ROUND_HALF_UP, "round_half_even": ROUND_HALF_EVEN,
            "floor": ROUND_FLOOR, "ceil": ROUND_CEILING, "truncate": ROUND_DOWN}



def has_aggregate(node):
    """Whether an aggregate appears in the expression itself (not through lets)."""
    if isinstance(node, S.Agg):
        return True
    for v in vars(node).values() if isinstance(node, S.Node) else ():
        items = v if isinstance(v, (list, tuple)) else [v]
        for x in items:
            if isinstance(x, tuple):
                if any(isinstance(y, S.Node) and has_aggregate(y) for y in x):
                    return True
            elif isinstance(x, S.Node) and has_aggregate(x):
                return True
    return False

class Row:
    """One record of the roster and everything computed for it."""

    def __init__(self, index, line):
        self.index = index
        self.line = line
        self.id = None            # the key value, None when missing or invalid
        self.fields = None        # name -> value (MISSING for an absent optional field)
        self.errors = []          # validation messages (step 1)
        self.cache = {}           # ("let", n) / ("score",) / ("output", n) -> value or EvalError
        self.base_status = None   # after step 3: eligible ineligible vetoed error
        self.base_reasons = []
        self.status = None
        self.reasons = []
        self.caps = None          # [(label, target)] of the true caps, once evaluated
        self.stage_results = {}   # stage name -> (selected, tier name or None, rank or None)
        self.tie = False


class PartitionContext:
    """Where a quota or tier size is evaluated: one partition of one stage."""

    def __init__(self, stage, key, by_values, entrants):
        self.stage = stage
        self.key = key
        self.by = by_values
        self.entrants = entrants
        self.quota = None


def years_completed(a, b):
    """Whole years from a to b (a <= b); a 29 February start completes on 1 March."""
    def anniversary(year):
        try:
            return datetime.date(year, a.month, a.day)
        except ValueError:   # 29 February in a common year
            return datetime.date(year, 3, 1)
    years = b.year - a.year
    if years > 0 and anniversary(a.year + years) > b:
        years -= 1
    return years


class Evaluator:
    def __init__(self, prog, params):
        self.prog = prog
        self.params = params
        self.fields = {f.name: f for f in prog.fields}
        self.valid_rows = []
        self.groups = {}          # over-field tuple -> {key tuple: [rows]}
        self.agg_cache = {}       # (id(node), fields, key) -> ("ok", data) | ("err", message)
        self.dispatch = {}
        for cls in (S.Lit, S.Name, S.ScoreRef, S.QuotaRef, S.Neg, S.Not, S.Binary, S.InList,
                    S.If, S.Match, S.Agg, S.Present, S.Weighted, S.StageFn, S.Entrants, S.Call):
            self.dispatch[cls] = getattr(self, "e_" + cls.__name__)

    # ============================================================ expressions
    def eval(self, node, ctx):
        v = self.dispatch[node.__class__](node, ctx)
        if node.type == "decimal" and type(v) is int:
            v = Decimal(v)
        return v

    def e_Lit(self, n, ctx):
        return n.value

    def e_Name(self, n, ctx):
        kind, name = n.ref
        if kind == "field":
            if isinstance(ctx, PartitionContext):
                return ctx.by[name]
            v = ctx.fields[name]
            if v is MISSING:
                raise EvalError(f"field '{name}': missing value")
            return v
        if kind == "param":
            return self.params[name]
        if kind == "let":
            return self.cached(ctx, ("let", name), self.prog.lets[name])
        return self.cached(ctx, ("output", name), self.prog.outputs[name])

    def cached(self, row, key, node):
        hit = row.cache.get(key)
        if hit is None:
            try:
                hit = self.eval(node, row)
            except EvalError as e:
                hit = e
            row.cache[key] = hit
        if isinstance(hit, EvalError):
            raise hit
        return hit

    def e_ScoreRef(self, n, ctx):
        return self.cached(ctx, ("score",), self.prog.score)

    def e_QuotaRef(self, n, ctx):
        return ctx.quota

    def e_Entrants(self, n, ctx):
        return ctx.entrants

    def e_Neg(self, n, ctx):
        v = self.eval(n.operand, ctx)
        if n.type == "int":
            return check_int(-v)
        return dec_op(lambda a, b: CTX.minus(a), v, 0)

    def e_Not(self, n, ctx):
        return not self.eval(n.operand, ctx)

    def e_Binary(self, n, ctx):
        op = n.op
        if op == "and":   # lazy
            return self.eval(n.left, ctx) and self.eval(n.right, ctx)
        if op == "or":    # lazy
            return self.eval(n.left, ctx) or self.eval(n.right, ctx)
        a = self.eval(n.left, ctx)
        b = self.eval(n.right, ctx)
        if op == "+":
            return check_int(a + b) if n.type == "int" else dec_op(CTX.add, a, b)
        if op == "-":
            return check_int(a - b) if n.type == "int" else dec_op(CTX.subtract, a, b)
        if op == "*":
            return check_int(a * b) if n.type == "int" else dec_op(CTX.multiply, a, b)
        if op == "/":
            return dec_op(CTX.divide, a, b)
        if op == "==":
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        raise AssertionError(op)

    def e_InList(self, n, ctx):
        v = self.eval(n.operand, ctx)
        return any(v == lit.value for lit in n.lits)

    def e_If(self, n, ctx):
        if self.eval(n.cond, ctx):
            return self.eval(n.then, ctx)
        return self.eval(n.other, ctx)

    def e_Match(self, n, ctx):
        v = self.eval(n.subject, ctx)
        for lit, e in n.arms:
            if v == lit.value:
                return self.eval(e, ctx)
        if n.other is None:
            raise AssertionError("match without else fell through")
        return self.eval(n.other, ctx)

    def e_Present(self, n, ctx):
        return ctx.fields[n.name.name] is not MISSING

    def e_Weighted(self, n, ctx):
        acc = None
        for name, lit in n.terms:
            v = self.eval(name, ctx)
            if n.type == "int":
                term = check_int(lit.value * v)
                acc = term if acc is None else check_int(acc + term)
            else:
                term = dec_op(CTX.multiply, lit.value, v)
                acc = term if acc is None else dec_op(CTX.add, acc, term)
        return acc

    def e_StageFn(self, n, ctx):
        selected, tier, rank = ctx.stage_results.get(n.stage, (False, None, None))
        if n.fn == "selected":
            return selected
        if n.fn == "tier":
            return tier if tier is not None else ""
        return rank if rank is not None else 0

    def e_Call(self, n, ctx):
        fn = n.fn
        args = [self.eval(a, ctx) for a in n.args]   # always every argument
        if fn == "least":
            return min(args)
        if fn == "greatest":
            return max(args)
        if fn == "clamp":
            x, lo, hi = args
            if lo > hi:
                raise EvalError(f"clamp: lower bound {lo} above upper bound {hi}")
            return min(max(x, lo), hi)
        if fn == "abs":
            if n.type == "int":
                return check_int(abs(args[0]))
            return dec_op(lambda a, b: CTX.abs(a), args[0], 0)
        if fn == "days_between":
            return (args[1] - args[0]).days
        if fn == "years_between":
            a, b = args
            return years_completed(a, b) if a <= b else -years_completed(b, a)
        # rounding
        mode = ROUNDING[fn]
        x = args[0]
        if len(args) == 1:
            if type(x) is int:
                return x
            return check_int(int(x.to_integral_value(rounding=mode)))
        digits = n.digits
        if type(x) is int:
            if digits >= 0:
                return x
            q = Decimal(x).quantize(Decimal((0, (1,), -digits)), rounding=mode,
                                    context=EXACT)
            return check_int(int(q))
        if x.as_tuple().exponent >= -digits:
            return x   # fewer digits than asked: unchanged
        return dec_op(lambda a, b: a.quantize(Decimal((0, (1,), -digits)), rounding=mode,
                                              context=CTX), x, 0)

    # ------------------------------------------------------------ aggregates
    def group_rows(self, fields, key):
        if any(v is MISSING for v in key):
            return []   # a join's missing value matches nothing
        table = self.groups.get(fields)
        if table is None:
            table = {}
            for r in self.valid_rows:
                table.setdefault(tuple(r.fields[f] for f in fields), []).append(r)
            self.groups[fields] = table
        return table.get(key, [])

    def e_Agg(self, n, ctx):
        if isinstance(ctx, PartitionContext):
            fields, key = tuple(ctx.stage.by), ctx.key
        else:
            fields = n.over
            # a join (`over f = g`) reads the rows whose f equal this row's g
            key = tuple(ctx.fields[f] for f in (n.join or n.over))
        ck = (id(n), fields, key)
        data = self.agg_cache.get(ck)
        if data is None:
            data = self.compute_aggregate(n, self.group_rows(fields, key))
            self.agg_cache[ck] = data
        status, value = data
        if status == "err":
            raise EvalError(value)
        if n.fn in ("rank_desc", "rank_asc"):
            own = self.eval(n.arg, ctx)
            if n.fn == "rank_desc":
                return 1 + len(value) - bisect.bisect_right(value, own)
            return 1 + bisect.bisect_left(value, own)
        return value

    def compute_aggregate(self, n, rows):
        values = []
        count = 0
        for r in rows:
            try:
                if n.where is not None and not self.eval(n.where, r):
                    continue
                count += 1
                if n.arg is not None:
                    values.append(self.eval(n.arg, r))
            except EvalError as e:
                return ("err", f"{n.fn}() fails on line {r.line}: {e}")
        fn = n.fn
        try:
            if fn == "count":
                return ("ok", count)
            if fn == "sum":
                if n.type == "int":
                    return ("ok", check_int(sum(values)))
                total = Decimal(0)
                for v in values:
                    total = EXACT.add(total, v)
                return ("ok", round_ctx(total))
            if fn in ("avg", "min", "max") and not values:
                return ("err", f"{fn}() over no rows")
            if fn == "avg":
                total = Decimal(0)
                for v in values:
                    total = EXACT.add(total, v)
                return ("ok", dec_op(CTX.divide, total, len(values)))
            if fn == "min":
                return ("ok", min(values))
            if fn == "max":
                return ("ok", max(values))
            return ("ok", sorted(values))   # rank_desc / rank_asc
        except EvalError as e:
            return ("err", f"{fn}(): {e}")

    # ============================================================ the roster
    def read_rows(self, data, fields, key_name):
        """Section 9 and the reads of section 6.1: one Row per record, with
        its values and its errors. Returns (rows, header warnings)."""
        header, records = read_records(data)
        warnings = []
        declared = {f.name for f in fields}
        for name in header:
            if name not in declared:
                warnings.append({"kind": "column_ignored", "column": name})
        rows = []
        for i, rec in enumerate(records):
            row = Row(i, rec.line)
            rows.append(row)
            if rec.error:
                row.errors.append(rec.error)
                continue
            cells = dict(zip(header, rec.cells))
            values = {}
            for f in fields:
                text = cells.get(f.name)
                if text is None or text == "":
                    if f.default is not None:
                        values[f.name] = f.default_value
                    elif f.optional:
                        values[f.name] = MISSING
                    else:
                        row.errors.append(f"field '{f.name}': missing value")
                    continue
                try:
                    v = parse_text(text, f.type)
                except ValueError as e:
                    row.errors.append(f"field '{f.name}': {e}")
                    continue
                if f.lo is not None and not (f.lo_value <= v <= f.hi_value):
                    row.errors.append(f"field '{f.name}': {text} is outside "
                                      f"[{to_json(f.lo_value, 'x')}, {to_json(f.hi_value, 'x')}]")
                    continue
                values[f.name] = v
            row.fields = values
            row.id = values.get(key_name) if key_name is not None else None
        return rows, warnings

    def group(self, data):
        """`candidates by` (docs/language.md section 15): the records are the
        rows of the candidates, grouped by the key in the order of their first
        rows. A candidate with a bad row, rows disagreeing on a carried field,
        a carried field nobody gives (no default, not optional) or a computed
        field that fails is a data error naming the line; a row whose key does
        not read is a candidate of its own, without id."""
        p = self.prog
        by = p.candidates.by
        events, warnings = self.read_rows(data, p.row_fields, None)
        groups, index = [], {}
        for ev in events:
            k = ev.fields.get(by, MISSING) if ev.fields is not None else MISSING
            if k is MISSING:
                groups.append((None, [ev]))
                continue
            if k not in index:
                index[k] = len(groups)
                groups.append((k, []))
            groups[index[k]][1].append(ev)
        rows = []
        for i, (k, members) in enumerate(groups):
            row = Row(i, members[0].line)
            row.id = k
            rows.append(row)
            for ev in members:
                row.errors.extend(f"line {ev.line}: {msg}" for msg in ev.errors)
            if row.errors:
                continue
            values = {by: k}
            # computed fields: aggregates over this candidate's rows alone
            sub = Evaluator(p, self.params)
            sub.valid_rows = members
            for f in p.fields[1:]:
                if f.name in p.computed:
                    try:
                        values[f.name] = sub.eval(p.computed[f.name], members[0])
                    except EvalError as e:
                        row.errors.append(f"field '{f.name}': {e}")
                    continue
                given = None
                for ev in members:
                    v = ev.fields[f.name]
                    if v is MISSING:
                        continue
                    if given is None:
                        given = (ev, v)
                    elif v != given[1]:
                        row.errors.append(f"field '{f.name}': line {given[0].line} and line {ev.line} differ")
                        break
                if given is not None:
                    values[f.name] = given[1]
                elif f.default is not None:
                    values[f.name] = f.default_value
                elif f.optional:
                    values[f.name] = MISSING
                else:
                    row.errors.append(f"field '{f.name}': missing value (no row gives it)")
            if not row.errors:
                row.fields = values
        return rows, warnings

    def validate(self, data):
        """Section 6.1 and section 9. Returns (rows, header warnings)."""
        if self.prog.candidates is not None:
            rows, warnings = self.group(data)
        else:
            rows, warnings = self.read_rows(data, self.prog.fields, self.prog.key)
        # duplicate keys: every occurrence is an error
        by_key = {}
        for row in rows:
            if row.id is not None:
                by_key.setdefault(row.id, []).append(row)
        for same in by_key.values():
            if len(same) > 1:
                lines = [r.line for r in same]
                for r in same:
                    others = ", ".join(str(x) for x in lines if x != r.line)
                    r.errors.append(f"duplicate key '{r.id}' (also on line {others})")
        # checks, on rows whose fields all read cleanly: first those without
        # aggregates; then the group checks (docs/language.md section 15),
        # whose aggregates cover the rows that passed the first
        def run_checks(candidates, group):
            for row in candidates:
                for rule in self.prog.rules:
                    if rule.kind != "check" or has_aggregate(rule.cond) != group:
                        continue
                    try:
                        if not self.eval(rule.cond, row):
                            row.errors.append(f"check '{rule.label}' failed")
                    except EvalError as e:
                        row.errors.append(f"check '{rule.label}': {e}")

        run_checks([r for r in rows if r.fields is not None and len(r.fields) == len(self.prog.fields)], False)
        self.valid_rows = [r for r in rows if not r.errors]
        if any(rule.kind == "check" and has_aggregate(rule.cond) for rule in self.prog.rules):
            run_checks(list(self.valid_rows), True)
            self.groups, self.agg_cache = {}, {}   # aggregates from here on cover the valid rows
            self.valid_rows = [r for r in rows if not r.errors]
        return rows, warnings

    # ============================================================ step 3
    def judge(self, row):
        """Requires, vetoes, score and caps of one valid row (section 6.3)."""
        rules = self.prog.rules
        errors, failed = [], []
        for rule in rules:
            if rule.kind == "require":
                try:
                    if not self.eval(rule.cond, row):
                        failed.append(rule.label)
                except EvalError as e:
                    errors.append(f"require '{rule.label}': {e}")
        if errors:
            return "error", errors
        if failed:
            return "ineligible", failed
        vetoes = []
        for rule in rules:
            if rule.kind == "veto":
                try:
                    if self.eval(rule.cond, row):
                        vetoes.append(rule.label)
                except EvalError as e:
                    errors.append(f"veto '{rule.label}': {e}")
        if errors:
            return "error", errors
        if vetoes:
            return "vetoed", vetoes
        if self.prog.score is not None:
            try:
                self.cached(row, ("score",), self.prog.score)
            except EvalError as e:
                errors.append(f"score: {e}")
        try:
            self.evaluate_caps(row)
        except EvalError as e:
            errors.append(str(e))
        if errors:
            return "error", errors
        return "eligible", []

    def evaluate_caps(self, row):
        if row.caps is not None:
            return row.caps
        caps, errors = [], []
        for rule in self.prog.rules:
            if rule.kind == "cap":
                try:
                    if self.eval(rule.cond, row):
                        caps.append((rule.label, rule.target))
                except EvalError as e:
                    errors.append(f"cap '{rule.label}': {e}")
        if errors:
            raise EvalError("; ".join(errors))
        row.caps = caps
        return caps

    # ============================================================ stages
    def run_stages(self, rows):
        """Runs every stage; an error met entering a stage removes the row and restarts."""
        stage_errors = {}
        while True:
            for r in self.valid_rows:
                if r.index in stage_errors:
                    r.status, r.reasons = "error", stage_errors[r.index]
                else:
                    r.status, r.reasons = r.base_status, r.base_reasons
                r.stage_results = {}
                r.tie = False
            summary = {}
            new_errors = {}
            for st in self.prog.stages:
                summary[st.name], new_errors = self.run_stage(st)
                if new_errors:
                    break
            if not new_errors:
                return summary
            for idx, msgs in new_errors.items():
                stage_errors.setdefault(idx, []).extend(msgs)

    def tier_names(self, st):
        return [name for name, _ in st.tiers] if st.tiers else [st.name]

    def effective_cap(self, row, st):
        """Index of the best tier this row may receive (len(tiers) = none)."""
        names = self.tier_names(st)
        best = 0
        for _, target in self.evaluate_caps(row):
            if target is None:
                best = len(names)
            elif target in names:
                best = max(best, names.index(target))
        return best

    def partition_sort_key(self, st):
        def key(values):
            out = []
            for f, v in zip(st.by, values):
                t = self.fields[f].type
                out.append(t[1].index(v) if is_enum(t) else v)
            return tuple(out)
        return key

    def run_stage(self, st):
        names = self.tier_names(st)
        honours_caps = st.source != "all"
        by = tuple(st.by)
        part_keys = sorted({tuple(r.fields[f] for f in by) for r in self.valid_rows},
                           key=self.partition_sort_key(st))
        if not by:
            part_keys = [()]
        # the entrant pool, in roster order
        if st.source in (None, "eligible"):
            pool = [r for r in self.valid_rows if r.status == "eligible"]
        elif st.source == "all":
            pool = [r for r in self.valid_rows if r.status != "error"]
        else:
            earlier = st.source[1]
            pool = [r for r in self.valid_rows
                    if r.status != "error" and r.stage_results.get(earlier, (False,))[0]]
        errors = {}
        entrants_of = {k: [] for k in part_keys}
        for r in pool:
            try:
                if st.where is not None and not self.eval(st.where, r):
                    continue
                keys = [self.eval(e, r) for e, _ in st.order]
                cap = self.effective_cap(r, st) if honours_caps else 0
            except EvalError as e:
                errors[r.index] = [f"stage '{st.name}': {e}"]
                continue
            entrants_of[tuple(r.fields[f] for f in by)].append((r, keys, cap))
        if errors:
            return None, errors
        # sizes, fixed before filling
        parts = []
        for pk in part_keys:
            entrants = entrants_of[pk]
            ctx = PartitionContext(st, pk, dict(zip(by, pk)), len(entrants))
            warnings = []
            try:
                sizes = self.sizes(st, ctx, warnings)
            except EvalError as e:
                for r, _, _ in entrants:
                    errors[r.index] = [f"stage '{st.name}': quota or tier size: {e}"]
                sizes = None
                warnings.append({"kind": "size_error", "message": str(e)})
            parts.append((pk, entrants, ctx, sizes, warnings))
        if errors:
            return None, errors
        summary = []
        for pk, entrants, ctx, sizes, warnings in parts:
            summary.append(self.fill(st, names, pk, entrants, ctx, sizes, warnings))
        return summary, {}

    def sizes(self, st, ctx, warnings):
        quota = self.eval(st.quota, ctx)
        if quota < 0:
            warnings.append({"kind": "negative_quota", "value": quota})
            quota = 0
        ctx.quota = quota
        if not st.tiers:
            return [quota]
        sizes = []
        for name, e in st.tiers:
            if e == "rest":
                sizes.append(None)
                continue
            v = self.eval(e, ctx)
            if v < 0:
                warnings.append({"kind": "negative_size", "tier": name, "value": v})
                v = 0
            sizes.append(v)
        others = sum(s for s in sizes if s is not None)
        if others > quota:
            warnings.append({"kind": "sizes_above_quota", "sizes": others, "quota": quota})
        return [max(0, quota - others) if s is None else s for s in sizes]

    def fill(self, st, names, pk, entrants, ctx, sizes, warnings):
        # order: keys asc/desc, then the key field ascending (stable sorts, last key first)
        entrants = sorted(entrants, key=lambda e: e[0].id)
        for i in reversed(range(len(st.order))):
            entrants.sort(key=lambda e: e[1][i], reverse=st.order[i][1])
        placed = {}   # row index -> tier index
        filled = []
        if sizes is not None:
            # `distinct` (docs/language.md section 15): a spread pass that
            # places at most one entrant per value of the distinct fields
            # (over all tiers), then a relaxation pass, tiers best first, for
            # the places still empty, whatever the value.
            spread = st.distinct is not None
            taken_values = set()
            normal = [0] * len(sizes)     # placed by the fill, not by ties share
            grown = [0] * len(sizes)
            relaxed = [0] * len(sizes)

            def value_of(r):
                return tuple(r.fields[f] for f in st.distinct)

            def may_take(r, cap, t, spreading):
                return (r.index not in placed and cap <= t
                        and not (spreading and value_of(r) in taken_values))

            def put(r, t):
                placed[r.index] = t
                if spread:
                    taken_values.add(value_of(r))

            def fill_tier(t, spreading):
                last = None
                for r, keys, cap in entrants:
                    if normal[t] >= sizes[t]:
                        break
                    if may_take(r, cap, t, spreading):
                        put(r, t)
                        normal[t] += 1
                        if spread and not spreading:
                            relaxed[t] += 1
                        last = keys
                if st.ties == "share" and last is not None and normal[t] == sizes[t]:
                    for r, keys, cap in entrants:
                        if keys == last and may_take(r, cap, t, spreading):
                            put(r, t)
                            grown[t] += 1

            for t in range(len(sizes)):
                fill_tier(t, spread)
            if spread:
                for t in range(len(sizes)):
                    if normal[t] < sizes[t]:
                        fill_tier(t, False)
            for t, size in enumerate(sizes):
                if grown[t]:
                    warnings.append({"kind": "tier_grown", "tier": names[t], "count": grown[t]})
                if relaxed[t]:
                    warnings.append({"kind": "distinct_relaxed", "tier": names[t], "count": relaxed[t]})
                filled.append(normal[t] + grown[t])
                if normal[t] < size:
                    warnings.append({"kind": "unfilled", "tier": names[t], "count": size - normal[t]})
        if not entrants:
            warnings.append({"kind": "no_entrants"})
        for rank, (r, keys, cap) in enumerate(entrants, 1):
            t = placed.get(r.index)
            r.stage_results[st.name] = (t is not None, names[t] if t is not None else None, rank)
        # the tie flag: equal keys, same effective cap, different outcome
        outcomes = {}
        for r, keys, cap in entrants:
            outcomes.setdefault((tuple(keys), cap), set()).add(placed.get(r.index))
        for r, keys, cap in entrants:
            if len(outcomes[(tuple(keys), cap)]) > 1:
                r.tie = True
        partition = {f: to_json(v, self.fields[f].type) for f, v in zip(st.by, pk)}
        return {"partition": partition,
                "quota": ctx.quota if sizes is not None else None,
                "tiers": [{"name": names[t],
                           "size": sizes[t] if sizes is not None else None,
                           "filled": filled[t] if sizes is not None else 0}
                          for t in range(len(names))],
                "warnings": warnings}


def resolve_params(prog, given):
    """given: {name: text}. Returns {name: value}; raises UsageError."""
    out = {}
    for name in given:
        if name not in prog.params:
            raise UsageError(f"unknown param '{name}'")
    for name, p in prog.params.items():
        if name in given:
            try:
                out[name] = parse_text(given[name], p.type)
            except ValueError as e:
                raise UsageError(f"param '{name}': {e}") from None
        elif p.default is not None:
            out[name] = p.default_value
        else:
            raise UsageError(f"param '{name}' has no default and was not given")
    return out


def evaluate(prog, roster_bytes, params=None, lenient=False, with_values=False):
    """Evaluates prog over the roster. Returns (exit code, JSON-ready result)."""
    ev = Evaluator(prog, resolve_params(prog, params or {}))
    rows, warnings = ev.validate(roster_bytes)
    key_type = ev.fields[prog.key].type
    # step 3
    for r in ev.valid_rows:
        r.base_status, r.base_reasons = ev.judge(r)
    summary = ev.run_stages(rows)
    # outputs, for every row that passed validation
    score_type = prog.score.type if prog.score is not None else None
    for r in rows:
        if r.errors:
            r.status, r.reasons = "error", r.errors
    error_rows = [r for r in rows if r.status == "error"]
    if error_rows and not lenient:
        return 2, {"error": "data",
                   "rows": [{"line": r.line, "id": to_json(r.id, key_type), "messages": r.reasons}
                            for r in error_rows]}
    candidates = []
    last = prog.stages[-1].name if prog.stages else None
    for r in rows:
        outputs = {}
        for name, node in prog.outputs.items():
            value = None
            if not r.errors:
                try:
                    value = to_json(ev.cached(r, ("output", name), node), node.type)
                except EvalError as e:
                    warnings.append({"kind": "output_failed", "line": r.line, "output": name,
                                     "message": str(e)})
            outputs[name] = value
        stages = {}
        for st in prog.stages:
            sel, tier, rank = r.stage_results.get(st.name, (False, None, None))
            stages[st.name] = {"selected": sel, "tier": tier, "rank": rank}
        top = stages[last] if last else {"selected": False, "tier": None, "rank": None}
        eligible = r.status == "eligible"
        score = None
        if eligible and prog.score is not None:
            score = to_json(r.cache[("score",)], score_type)
        caps = [label for label, _ in r.caps] if (r.caps is not None and r.status != "error") else []
        cand = {"id": to_json(r.id, key_type), "status": r.status, "score": score,
                "selected": top["selected"], "tier": top["tier"], "rank": top["rank"],
                "reasons": list(r.reasons), "caps": caps,
                "tie": bool(r.tie) and r.status != "error", "outputs": outputs, "stages": stages}
        if with_values:
            vals = {}
            for name, node in prog.lets.items():
                try:
                    vals[name] = None if r.errors else to_json(ev.cached(r, ("let", name), node),
                                                               node.type)
                except EvalError:
                    vals[name] = None
            cand["values"] = vals
        candidates.append(cand)
    counts = {"rows": len(rows), "eligible": 0, "ineligible": 0, "vetoed": 0, "errors": 0}
    for r in rows:
        counts["errors" if r.status == "error" else r.status] += 1
    result = {"scheme": prog.name,
              "summary": dict(counts, stages=summary),
              "candidates": candidates,
              "reference_warnings": warnings}
    return 0, result
