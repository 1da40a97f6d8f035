// SPDX-License-Identifier: Apache-2.0
// merit - compiling checked expressions into flat batch code
#include "eval/plan.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "merit/roster.hpp"

namespace merit::detail {

reg_kind kind_of(ast::type_kind t) noexcept {
  switch (t) {
    case ast::type_kind::decimal: return reg_kind::d;
    case ast::type_kind::text: return reg_kind::t;
    default: return reg_kind::i;
  }
}

namespace {

struct reg_ref {
  reg_kind k = reg_kind::i;
  std::int32_t r = -1;
};

[[noreturn]] void internal(const std::string& what) {
  throw std::logic_error("merit evaluator: unexpected program shape: " + what);
}

class compiler {
 public:
  compiler(plan& p, const source_file& src) : p_(p), src_(src) {}

  /// Compiles a partition-level expression of a stage partitioned by `by`:
  /// its aggregates cover the partition, i.e. they are taken `over` `by`.
  code compile_partition_level(const ast::expr& e, const std::vector<std::int32_t>& by) {
    over_override_ = &by;
    code c = compile(e);
    over_override_ = nullptr;
    return c;
  }

  /// Compiles `e` into a fresh code object.
  code compile(const ast::expr& e) {
    code c;
    c_ = &c;
    c.text = std::string(src_.slice(e.where));
    c.type = e.type;
    c.enum_members = e.enum_members;
    reg_ref r = emit(e, 0);
    c.result = r.r;
    c.kind = r.k;
    for (int k = 0; k < 3; ++k) p_.max_regs[k] = std::max(p_.max_regs[k], c.regs[k]);
    p_.max_sels = std::max(p_.max_sels, c.sels);
    c_ = nullptr;
    return c;
  }

 private:
  plan& p_;
  const source_file& src_;
  code* c_ = nullptr;
  const std::vector<std::int32_t>* over_override_ = nullptr;

 public:
  bool in_check_ = false;  // compiling a check's condition: its aggregates precede the group checks

 private:

  std::int32_t new_reg(reg_kind k) { return c_->regs[static_cast<int>(k)]++; }
  std::int32_t new_sel() { return c_->sels++; }
  std::int32_t message(const ast::expr& e) {
    c_->messages.emplace_back(src_.slice(e.where));
    return static_cast<std::int32_t>(c_->messages.size() - 1);
  }
  void push(instr in) { c_->instrs.push_back(in); }
  static void add_unique(std::vector<std::int32_t>& v, std::int32_t x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  }

  std::int32_t field_index(const std::string& name) const {
    for (std::size_t i = 0; i < p_.m->fields.size(); ++i)
      if (p_.m->fields[i].name.name == name) return static_cast<std::int32_t>(i);
    internal("unknown field '" + name + "'");
  }

  // ---- constants -------------------------------------------------------
  std::int32_t const_i(std::int64_t v) {
    p_.consts.i.push_back(v);
    return static_cast<std::int32_t>(p_.consts.i.size() - 1);
  }
  std::int32_t const_d(const decimal& v) {
    p_.consts.d.push_back(v);
    return static_cast<std::int32_t>(p_.consts.d.size() - 1);
  }
  std::int32_t const_t(const std::string& v) {
    p_.consts.t.push_back(v);
    return static_cast<std::int32_t>(p_.consts.t.size() - 1);
  }

  /// A literal's value as a decimal (int, decimal or percent).
  static decimal literal_decimal(const ast::literal& l) {
    decimal v;
    if (l.kind == ast::literal_kind::percent) v = decimal::parse(l.text) / decimal(100);
    else v = decimal::parse(l.text);
    return l.negative ? -v : v;
  }

  /// The constant index of literal `l` in a register of kind `k`, for a value
  /// of static type `t` (enum members `members` map strings to indices).
  std::int32_t literal_const(const ast::literal& l, reg_kind k, ast::type_kind t,
                             const std::vector<std::string>& members) {
    switch (l.kind) {
      case ast::literal_kind::boolean: return const_i(l.boolean ? 1 : 0);
      case ast::literal_kind::date: {
        auto d = date::parse(l.text);
        if (!d) internal("bad date literal " + l.text);
        return const_i(d->days);
      }
      case ast::literal_kind::string: {
        if (t == ast::type_kind::enum_) {
          auto it = std::find(members.begin(), members.end(), l.text);
          if (it == members.end()) internal("'" + l.text + "' is not an enum member");
          return const_i(it - members.begin());
        }
        return const_t(l.text);
      }
      case ast::literal_kind::integer:
        if (k == reg_kind::i) {
          std::int64_t v = 0;
          std::string digits = l.negative ? "-" + l.text : l.text;
          auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
          if (res.ec != std::errc() || res.ptr != digits.data() + digits.size())
            internal("int literal " + digits);
          return const_i(v);
        }
        return const_d(literal_decimal(l));
      case ast::literal_kind::decimal:
      case ast::literal_kind::percent:
        if (k != reg_kind::d) internal("decimal literal in an int context");
        return const_d(literal_decimal(l));
    }
    internal("literal");
  }

  /// A literal expression's register; `hint` gives enum members when the
  /// literal's own node has none.
  reg_ref emit_literal(const ast::expr& e, std::int32_t sel, const std::vector<std::string>* hint) {
    reg_kind k = kind_of(e.type);
    if (e.type == ast::type_kind::none) {
      switch (e.lit.kind) {
        case ast::literal_kind::decimal:
        case ast::literal_kind::percent: k = reg_kind::d; break;
        case ast::literal_kind::string: k = reg_kind::t; break;
        default: k = reg_kind::i;
      }
    }
    const std::vector<std::string>& members = !e.enum_members.empty() || !hint ? e.enum_members : *hint;
    instr in{.op = opcode::load_const, .k = k, .dst = new_reg(k), .sel = sel};
    in.imm = literal_const(e.lit, k, e.type, members);
    push(in);
    return {k, in.dst};
  }

  // ---- helpers ---------------------------------------------------------
  reg_ref convert(reg_ref r, reg_kind want, std::int32_t sel) {
    if (r.k == want) return r;
    if (r.k == reg_kind::i && want == reg_kind::d) {
      instr in{.op = opcode::to_dec, .k = reg_kind::i, .dst = new_reg(reg_kind::d), .a = r.r, .sel = sel};
      push(in);
      return {reg_kind::d, in.dst};
    }
    internal("cannot convert between register kinds");
  }

  reg_ref emit_as(const ast::expr& e, std::int32_t sel, reg_kind want,
                  const std::vector<std::string>* hint = nullptr) {
    return convert(emit(e, sel, hint), want, sel);
  }

  /// Evaluates `e` over `sel` into the existing register `dst` of kind `k`.
  void emit_into(const ast::expr& e, std::int32_t sel, reg_ref dst, const std::vector<std::string>* hint) {
    reg_ref r = emit_as(e, sel, dst.k, hint);
    push(instr{.op = opcode::copy, .k = dst.k, .dst = dst.r, .a = r.r, .sel = sel});
  }

  static bool is_numeric(ast::type_kind t) {
    return t == ast::type_kind::int_ || t == ast::type_kind::decimal;
  }

  /// The register kind two operands are compared or combined in.
  static reg_kind common_kind(const ast::expr& a, const ast::expr& b) {
    if (a.type == ast::type_kind::decimal || b.type == ast::type_kind::decimal) return reg_kind::d;
    if (a.type == ast::type_kind::text || b.type == ast::type_kind::text) return reg_kind::t;
    if (a.type == ast::type_kind::none && b.type == ast::type_kind::none) {
      if (a.kind == ast::expr_kind::literal && (a.lit.kind == ast::literal_kind::decimal ||
                                                a.lit.kind == ast::literal_kind::percent))
        return reg_kind::d;
    }
    return reg_kind::i;
  }

  static std::int64_t const_int(const ast::expr& e) {
    if (e.kind == ast::expr_kind::literal && e.lit.kind == ast::literal_kind::integer) {
      std::int64_t v = 0;
      std::from_chars(e.lit.text.data(), e.lit.text.data() + e.lit.text.size(), v);
      return e.lit.negative ? -v : v;
    }
    if (e.kind == ast::expr_kind::negate && !e.args.empty()) return -const_int(e.args[0]);
    internal("digits must be an int literal");
  }

  // ---- expressions -----------------------------------------------------
  reg_ref emit(const ast::expr& e, std::int32_t sel, const std::vector<std::string>* hint = nullptr) {
    using ek = ast::expr_kind;
    switch (e.kind) {
      case ek::literal: return emit_literal(e, sel, hint);
      case ek::name: return emit_name(e, sel);
      case ek::score: {
        if (p_.score_slot < 0) internal("score used but not declared");
        return load_slot(p_.score_slot, sel);
      }
      case ek::quota:
      case ek::entrants: {
        instr in{.op = opcode::stage_ctx, .k = reg_kind::i, .dst = new_reg(reg_kind::i), .sel = sel,
                 .imm = e.kind == ek::quota ? 1 : 0};
        push(in);
        return {reg_kind::i, in.dst};
      }
      case ek::stage_fn: {
        c_->uses_stage = true;
        const std::uint8_t what = e.id.name == "selected" ? 0 : e.id.name == "tier" ? 1 : 2;
        const reg_kind k = what == 1 ? reg_kind::t : reg_kind::i;
        instr in{.op = opcode::stage_value, .k = k, .sub = what, .dst = new_reg(k), .sel = sel,
                 .imm = e.ref_index};
        push(in);
        return {k, in.dst};
      }
      case ek::negate: {
        reg_kind k = kind_of(e.type);
        reg_ref a = emit_as(e.args.at(0), sel, k);
        instr in{.op = opcode::neg, .k = k, .dst = new_reg(k), .a = a.r, .sel = sel, .msg = message(e)};
        push(in);
        return {k, in.dst};
      }
      case ek::not_: {
        reg_ref a = emit(e.args.at(0), sel);
        instr in{.op = opcode::not_, .k = reg_kind::i, .dst = new_reg(reg_kind::i), .a = a.r, .sel = sel};
        push(in);
        return {reg_kind::i, in.dst};
      }
      case ek::binary: return emit_binary(e, sel);
      case ek::in_list: return emit_in_list(e, sel);
      case ek::if_: {
        reg_ref cond = emit(e.args.at(0), sel);
        std::int32_t st = new_sel(), sf = new_sel();
        push(instr{.op = opcode::sel_true, .dst = st, .a = cond.r, .sel = sel});
        push(instr{.op = opcode::sel_false, .dst = sf, .a = cond.r, .sel = sel});
        reg_ref dst{kind_of(e.type), new_reg(kind_of(e.type))};
        emit_into(e.args.at(1), st, dst, &e.enum_members);
        emit_into(e.args.at(2), sf, dst, &e.enum_members);
        return dst;
      }
      case ek::match: return emit_match(e, sel);
      case ek::aggregate: return emit_aggregate(e, sel);
      case ek::present: {
        std::int32_t f = e.ref_index >= 0 && e.ref == ast::ref_kind::field ? e.ref_index : field_index(e.id.name);
        add_unique(c_->fields, f);
        instr in{.op = opcode::present, .dst = new_reg(reg_kind::i), .sel = sel, .imm = f};
        push(in);
        return {reg_kind::i, in.dst};
      }
      case ek::weighted: {
        reg_ref acc;
        for (const ast::weight& w : e.weights) {
          std::int32_t f = field_index(w.field.name);
          add_unique(c_->fields, f);
          reg_kind fk = kind_of(p_.m->fields[f].type.kind);
          instr ld{.op = opcode::load_field, .k = fk, .dst = new_reg(fk), .sel = sel, .imm = f};
          push(ld);
          reg_ref val = convert({fk, ld.dst}, reg_kind::d, sel);
          instr wc{.op = opcode::load_const, .k = reg_kind::d, .dst = new_reg(reg_kind::d), .sel = sel};
          wc.imm = const_d(literal_decimal(w.amount));
          push(wc);
          std::int32_t m = message(e);
          instr mul{.op = opcode::arith, .k = reg_kind::d, .sub = static_cast<std::uint8_t>(ast::binary_op::mul),
                    .dst = new_reg(reg_kind::d), .a = wc.dst, .b = val.r, .sel = sel, .msg = m};
          push(mul);
          if (acc.r < 0) {
            acc = {reg_kind::d, mul.dst};
          } else {
            instr add{.op = opcode::arith, .k = reg_kind::d, .sub = static_cast<std::uint8_t>(ast::binary_op::add),
                      .dst = new_reg(reg_kind::d), .a = acc.r, .b = mul.dst, .sel = sel, .msg = m};
            push(add);
            acc = {reg_kind::d, add.dst};
          }
        }
        if (acc.r < 0) internal("weighted() without weights");
        return acc;
      }
      case ek::call: return emit_call(e, sel);
    }
    internal("expression kind");
  }

  reg_ref load_slot(std::int32_t s, std::int32_t sel) {
    add_unique(c_->slots, s);
    reg_kind k = p_.slots[s].k;
    instr in{.op = opcode::load_slot, .k = k, .dst = new_reg(k), .sel = sel, .imm = s};
    push(in);
    return {k, in.dst};
  }

  reg_ref emit_name(const ast::expr& e, std::int32_t sel) {
    switch (e.ref) {
      case ast::ref_kind::field: {
        add_unique(c_->fields, e.ref_index);
        reg_kind k = kind_of(p_.m->fields.at(e.ref_index).type.kind);
        instr in{.op = opcode::load_field, .k = k, .dst = new_reg(k), .sel = sel, .imm = e.ref_index};
        push(in);
        return {k, in.dst};
      }
      case ast::ref_kind::param: {
        add_unique(c_->params, e.ref_index);
        reg_kind k = kind_of(p_.m->params.at(e.ref_index).type.kind);
        instr in{.op = opcode::load_param, .k = k, .dst = new_reg(k), .sel = sel, .imm = e.ref_index};
        push(in);
        return {k, in.dst};
      }
      case ast::ref_kind::let: return load_slot(e.ref_index, sel);
      case ast::ref_kind::output: return load_slot(p_.first_output_slot + e.ref_index, sel);
      case ast::ref_kind::unresolved: break;
    }
    internal("unresolved name '" + e.id.name + "'");
  }

  reg_ref emit_binary(const ast::expr& e, std::int32_t sel) {
    using bo = ast::binary_op;
    const ast::expr& l = e.args.at(0);
    const ast::expr& r = e.args.at(1);
    if (e.op == bo::and_ || e.op == bo::or_) {
      reg_ref dst{reg_kind::i, new_reg(reg_kind::i)};
      emit_into(l, sel, dst, nullptr);
      std::int32_t rest = new_sel();
      push(instr{.op = e.op == bo::and_ ? opcode::sel_true : opcode::sel_false, .dst = rest, .a = dst.r, .sel = sel});
      emit_into(r, rest, dst, nullptr);
      return dst;
    }
    if (e.op == bo::add || e.op == bo::sub || e.op == bo::mul || e.op == bo::div) {
      reg_kind k = e.op == bo::div ? reg_kind::d : kind_of(e.type);
      if (e.type == ast::type_kind::none) k = common_kind(l, r);
      reg_ref a = emit_as(l, sel, k);
      reg_ref b = emit_as(r, sel, k);
      instr in{.op = opcode::arith, .k = k, .sub = static_cast<std::uint8_t>(e.op), .dst = new_reg(k),
               .a = a.r, .b = b.r, .sel = sel, .msg = message(e)};
      push(in);
      return {k, in.dst};
    }
    // Comparisons. Enum members on one side name the other side's literals.
    reg_kind k = common_kind(l, r);
    const std::vector<std::string>* lh = r.enum_members.empty() ? nullptr : &r.enum_members;
    const std::vector<std::string>* rh = l.enum_members.empty() ? nullptr : &l.enum_members;
    reg_ref a = emit_as(l, sel, k, lh);
    reg_ref b = emit_as(r, sel, k, rh);
    instr in{.op = opcode::compare, .k = k, .sub = static_cast<std::uint8_t>(e.op), .dst = new_reg(reg_kind::i),
             .a = a.r, .b = b.r, .sel = sel};
    push(in);
    return {reg_kind::i, in.dst};
  }

  /// The register kind a subject is compared with literals in.
  static reg_kind subject_kind(const ast::expr& subject, const std::vector<ast::literal>& lits) {
    reg_kind k = kind_of(subject.type);
    if (k == reg_kind::i && subject.type == ast::type_kind::int_) {
      for (const ast::literal& l : lits)
        if (l.kind == ast::literal_kind::decimal || l.kind == ast::literal_kind::percent) return reg_kind::d;
    }
    return k;
  }

  reg_ref emit_in_list(const ast::expr& e, std::int32_t sel) {
    const ast::expr& x = e.args.at(0);
    reg_kind k = subject_kind(x, e.items);
    reg_ref a = emit_as(x, sel, k);
    std::int32_t first = -1;
    for (const ast::literal& l : e.items) {
      std::int32_t idx = literal_const(l, k, x.type, x.enum_members);
      if (first < 0) first = idx;
    }
    instr in{.op = opcode::in_list, .k = k, .dst = new_reg(reg_kind::i), .a = a.r,
             .b = static_cast<std::int32_t>(e.items.size()), .sel = sel, .imm = first < 0 ? 0 : first};
    push(in);
    return {reg_kind::i, in.dst};
  }

  reg_ref emit_match(const ast::expr& e, std::int32_t sel) {
    const ast::expr& subject = e.args.at(0);
    std::vector<ast::literal> pats;
    for (const ast::match_arm& arm : e.arms) pats.push_back(arm.pattern);
    reg_kind sk = subject_kind(subject, pats);
    reg_ref s = emit_as(subject, sel, sk);
    reg_ref dst{kind_of(e.type), new_reg(kind_of(e.type))};
    std::int32_t rest = sel;
    for (const ast::match_arm& arm : e.arms) {
      std::int32_t hit = new_sel(), others = new_sel();
      instr split{.op = opcode::sel_split, .k = sk, .dst = hit, .a = s.r, .b = others, .sel = rest};
      split.imm = literal_const(arm.pattern, sk, subject.type, subject.enum_members);
      push(split);
      emit_into(arm.value.at(0), hit, dst, &e.enum_members);
      rest = others;
    }
    if (e.has_else) {
      emit_into(e.args.at(1), rest, dst, &e.enum_members);
    }
    return dst;
  }

  reg_ref emit_aggregate(const ast::expr& e, std::int32_t sel) {
    aggregate a;
    const std::string& n = e.id.name;
    if (n == "count") a.kind = agg_kind::count;
    else if (n == "sum") a.kind = agg_kind::sum;
    else if (n == "avg") a.kind = agg_kind::avg;
    else if (n == "min") a.kind = agg_kind::min;
    else if (n == "max") a.kind = agg_kind::max;
    else if (n == "rank_desc") a.kind = agg_kind::rank_desc;
    else if (n == "rank_asc") a.kind = agg_kind::rank_asc;
    else internal("aggregate " + n);
    a.text = std::string(src_.slice(e.where));
    // The argument and filter are separate code objects: compile them with
    // a fresh compiler state and come back.
    code* saved = c_;
    if (!e.args.empty()) {
      a.has_arg = true;
      a.arg = compile(e.args[0]);
    }
    if (!e.filter.empty()) {
      a.has_filter = true;
      a.filter = compile(e.filter[0]);
    }
    c_ = saved;
    for (const ast::ident& o : e.over) a.over.push_back(field_index(o.name));
    for (const ast::ident& o : e.join) a.join.push_back(field_index(o.name));
    if (e.over.empty() && over_override_) a.over = *over_override_;
    a.before_group_checks = in_check_;
    switch (a.kind) {
      case agg_kind::count:
      case agg_kind::rank_desc:
      case agg_kind::rank_asc: a.kind_out = reg_kind::i; break;
      case agg_kind::avg: a.kind_out = reg_kind::d; break;
      default: a.kind_out = a.has_arg ? a.arg.kind : reg_kind::i;
    }
    slot s;
    s.kind = slot_kind::aggregate;
    s.index = static_cast<std::int32_t>(p_.aggregates.size());
    s.name = a.text;
    s.k = a.kind_out;
    s.type = e.type;
    s.per_row = !a.over.empty() || a.kind == agg_kind::rank_desc || a.kind == agg_kind::rank_asc;  // joins have `over`
    p_.aggregates.push_back(std::move(a));
    p_.slots.push_back(std::move(s));
    p_.slot_code.emplace_back();
    return load_slot(static_cast<std::int32_t>(p_.slots.size() - 1), sel);
  }

  reg_ref emit_call(const ast::expr& e, std::int32_t sel) {
    const std::string& n = e.id.name;
    reg_kind k = kind_of(e.type);
    if (n == "least" || n == "greatest") {
      reg_ref acc = emit_as(e.args.at(0), sel, k);
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        reg_ref b = emit_as(e.args[i], sel, k);
        instr in{.op = n == "least" ? opcode::least : opcode::greatest, .k = k, .dst = new_reg(k), .a = acc.r,
                 .b = b.r, .sel = sel};
        push(in);
        acc = {k, in.dst};
      }
      return acc;
    }
    if (n == "abs") {
      reg_ref a = emit_as(e.args.at(0), sel, k);
      instr in{.op = opcode::abs, .k = k, .dst = new_reg(k), .a = a.r, .sel = sel, .msg = message(e)};
      push(in);
      return {k, in.dst};
    }
    if (n == "clamp") {
      reg_ref x = emit_as(e.args.at(0), sel, k);
      reg_ref lo = emit_as(e.args.at(1), sel, k);
      reg_ref hi = emit_as(e.args.at(2), sel, k);
      instr in{.op = opcode::clamp, .k = k, .dst = new_reg(k), .a = x.r, .b = lo.r, .c = hi.r, .sel = sel,
               .msg = message(e)};
      push(in);
      return {k, in.dst};
    }
    if (n == "round_half_up" || n == "round_half_even" || n == "floor" || n == "ceil" || n == "truncate") {
      rounding mode = n == "round_half_up"     ? rounding::half_up
                      : n == "round_half_even" ? rounding::half_even
                      : n == "floor"           ? rounding::floor
                      : n == "ceil"            ? rounding::ceil
                                               : rounding::truncate;
      const ast::expr& x = e.args.at(0);
      bool has_digits = e.args.size() > 1;
      std::int64_t digits = has_digits ? const_int(e.args[1]) : 0;
      bool arg_int = kind_of(x.type) == reg_kind::i;
      if (arg_int && digits >= 0) return emit(x, sel);  // an int has no fraction to round
      reg_ref a = emit_as(x, sel, reg_kind::d);
      bool to_int = !has_digits || arg_int;
      reg_kind out = to_int ? reg_kind::i : reg_kind::d;
      instr in{.op = opcode::round, .k = reg_kind::d, .sub = static_cast<std::uint8_t>(mode), .to_int = to_int,
               .dst = new_reg(out), .a = a.r, .sel = sel, .imm = static_cast<std::int32_t>(digits),
               .msg = message(e)};
      push(in);
      return {out, in.dst};
    }
    if (n == "years_between" || n == "days_between") {
      reg_ref a = emit_as(e.args.at(0), sel, reg_kind::i);
      reg_ref b = emit_as(e.args.at(1), sel, reg_kind::i);
      instr in{.op = n == "years_between" ? opcode::years_between : opcode::days_between, .k = reg_kind::i,
               .dst = new_reg(reg_kind::i), .a = a.r, .b = b.r, .sel = sel};
      push(in);
      return {reg_kind::i, in.dst};
    }
    internal("function " + n);
  }
};

}  // namespace

plan build_plan(const model& m, const source_file& src) {
  plan p;
  p.m = &m;
  // Slots: lets, the score, outputs; aggregates are appended as met.
  const auto add_slot = [&](slot_kind kind, std::size_t index, const std::string& name, const ast::expr& value) {
    slot s;
    s.kind = kind;
    s.index = static_cast<std::int32_t>(index);
    s.name = name;
    s.type = value.type;
    s.k = kind_of(s.type);
    s.enum_members = value.enum_members;
    p.slots.push_back(std::move(s));
  };
  for (std::size_t i = 0; i < m.lets.size(); ++i) add_slot(slot_kind::let, i, m.lets[i].name.name, m.lets[i].value);
  if (m.score) {
    p.score_slot = static_cast<std::int32_t>(p.slots.size());
    add_slot(slot_kind::score, 0, "score", *m.score);
  }
  p.first_output_slot = static_cast<std::int32_t>(p.slots.size());
  for (std::size_t i = 0; i < m.outputs.size(); ++i)
    add_slot(slot_kind::output, i, m.outputs[i].name.name, m.outputs[i].value);
  p.first_agg_slot = static_cast<std::int32_t>(p.slots.size());
  p.slot_code.resize(p.slots.size());

  compiler c(p, src);
  // compile() may append aggregate slots, so never hold a reference across it.
  for (std::size_t i = 0; i < m.lets.size(); ++i) {
    code k = c.compile(m.lets[i].value);
    p.slot_code[i] = std::move(k);
  }
  if (m.score) {
    code k = c.compile(*m.score);
    p.slot_code[p.score_slot] = std::move(k);
  }
  for (std::size_t i = 0; i < m.outputs.size(); ++i) {
    code k = c.compile(m.outputs[i].value);
    p.slot_code[p.first_output_slot + i] = std::move(k);
  }
  for (const checked_rule& r : m.rules) {
    rule_code rc;
    rc.kind = r.kind;
    rc.label = r.label;
    rc.cap_none = r.cap_none;
    rc.cap_tier = r.cap_tier;
    c.in_check_ = r.kind == ast::rule_kind::check;
    const std::size_t aggregates_before = p.aggregates.size();
    rc.cond = c.compile(r.condition);
    rc.group_check = c.in_check_ && p.aggregates.size() > aggregates_before;
    c.in_check_ = false;
    p.rules.push_back(std::move(rc));
  }
  for (const checked_stage& st : m.stages) {
    stage_code sc;
    sc.name = st.name;
    sc.by = st.by;
    sc.source = st.source;
    sc.source_stage = st.source_stage;
    if (st.filter) {
      sc.has_where = true;
      sc.where = c.compile(*st.filter);
    }
    for (const ast::order_key& k : st.order) {
      sc.order.push_back(c.compile(k.key));
      sc.descending.push_back(k.descending);
    }
    sc.quota = c.compile_partition_level(st.quota, st.by);
    if (st.tiers.empty()) {
      sc.tier_names.push_back(st.name);
      sc.tier_rest.push_back(true);  // one tier the size of the quota
      sc.tier_sizes.emplace_back();
    }
    for (const checked_tier& t : st.tiers) {
      sc.tier_names.push_back(t.name);
      sc.tier_rest.push_back(t.rest);
      sc.tier_sizes.push_back(t.size ? c.compile_partition_level(*t.size, st.by) : code{});
    }
    sc.ties_share = st.ties_share;
    sc.distinct = st.distinct;
    for (std::int32_t f : st.distinct)
      sc.distinct_text += (sc.distinct_text.empty() ? "" : ", ") + m.fields[static_cast<std::size_t>(f)].name.name;
    for (const checked_rule& r : m.rules) {
      if (r.kind != ast::rule_kind::cap) continue;
      std::int32_t target = -1;
      if (r.cap_none) {
        target = static_cast<std::int32_t>(sc.tier_names.size());
      } else {
        auto it = std::find(sc.tier_names.begin(), sc.tier_names.end(), r.cap_tier);
        if (it != sc.tier_names.end()) target = static_cast<std::int32_t>(it - sc.tier_names.begin());
      }
      sc.cap_target.push_back(target);
    }
    p.stages.push_back(std::move(sc));
  }
  // A slot reading a slot that reads stage results inherits it, so outputs
  // that need stages are known before any row is evaluated.
  bool changed = true;
  while (changed) {
    changed = false;
    for (code& k : p.slot_code)
      for (std::int32_t s : k.slots)
        if (p.slot_code[s].uses_stage && !k.uses_stage) k.uses_stage = changed = true;
  }
  return p;
}

}  // namespace merit::detail
