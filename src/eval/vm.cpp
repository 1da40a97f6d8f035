// SPDX-License-Identifier: Apache-2.0
// merit - the batch interpreter of plan code
#include "eval/vm.hpp"

#include <algorithm>
#include <type_traits>

namespace merit::detail {

scratch::scratch(const plan& p, std::size_t rows) {
  rows = std::clamp<std::size_t>(rows, 1, batch_size);
  ri.assign(p.max_regs[0], rows);
  rd.assign(p.max_regs[1], rows);
  rx.assign(p.max_regs[1], rows);
  xs.assign(p.max_regs[1], -1);
  wide.assign(rows, 0);
  redo.reserve(rows);
  rt.assign(p.max_regs[2], rows);
  sels.assign(p.max_sels, {});
  for (auto& s : sels) s.reserve(rows);
  err.assign(rows, 0);
  msg.assign(rows, std::string());
}

std::string decimal_message(const decimal_error& e, std::string_view text) {
  std::string what;
  switch (e.code()) {
    case decimal_errc::overflow: what = "decimal overflow"; break;
    case decimal_errc::underflow: what = "decimal underflow"; break;
    case decimal_errc::division_by_zero: what = "division by zero"; break;
    case decimal_errc::invalid: what = "invalid decimal operation"; break;
  }
  return what + " in '" + std::string(text) + "'";
}

bool scale_plan(const code& c, const context& ctx, std::vector<std::int8_t>& xs) {
  xs.assign(static_cast<std::size_t>(c.regs[1]), -1);
  bool ok = true;
  // A decimal operand's scale; -1 (and so no plan) when it has none.
  auto of = [&](std::int32_t r) {
    const int s = r >= 0 ? xs[r] : -1;
    ok = ok && s >= 0;
    return s;
  };
  for (const instr& in : c.instrs) {
    const bool d = in.k == reg_kind::d;
    int s = -2;  // -2: writes no decimal register
    switch (in.op) {
      case opcode::load_field:
        if (d) s = ctx.rows->column(in.imm).decimal_scale;
        break;
      case opcode::load_param:
        if (d) s = ctx.params ? places_of(ctx.params->d[in.imm]) : -1;
        break;
      case opcode::load_const:
        if (d) s = places_of(ctx.p->consts.d[in.imm]);
        break;
      case opcode::load_slot:
        if (d) s = (*ctx.slots)[in.imm].scale;
        break;
      case opcode::to_dec: s = 0; break;
      case opcode::neg:
      case opcode::abs:
      case opcode::copy:
        if (d) s = of(in.a);
        break;
      case opcode::least:
      case opcode::greatest:
        if (d) s = std::max(of(in.a), of(in.b));
        break;
      case opcode::clamp:
        if (d) s = std::max({of(in.a), of(in.b), of(in.c)});
        break;
      case opcode::arith:
        if (!d) break;
        switch (static_cast<ast::binary_op>(in.sub)) {
          case ast::binary_op::add:
          case ast::binary_op::sub: s = std::max(of(in.a), of(in.b)); break;
          case ast::binary_op::mul: s = of(in.a) + of(in.b); break;
          default: return false;  // a quotient may need any number of places
        }
        break;
      case opcode::round: {
        const int a = of(in.a);
        if (!in.to_int) s = in.imm >= a ? a : std::max(in.imm, 0);
        break;
      }
      case opcode::compare:
      case opcode::in_list:
      case opcode::sel_split:
        if (d) {
          of(in.a);
          if (in.op == opcode::compare) of(in.b);
        }
        break;
      default: break;
    }
    if (!ok) return false;
    if (s == -2) continue;
    if (s < 0 || s > max_scale) return false;
    // A merged register (the branches of if and match copy into it) takes
    // the largest scale of its branches.
    xs[in.dst] = static_cast<std::int8_t>(in.op == opcode::copy ? std::max<int>(xs[in.dst], s) : s);
  }
  return true;
}

namespace {

using bo = ast::binary_op;

// Whole years from `from` to `to` (dates as days), negative when from > to.
std::int64_t whole_years(std::int64_t from, std::int64_t to) {
  if (from > to) return -whole_years(to, from);
  int fy = 0, ty = 0;
  unsigned fm = 0, fd = 0, tm = 0, td = 0;
  date{static_cast<std::int32_t>(from)}.to_ymd(fy, fm, fd);
  date{static_cast<std::int32_t>(to)}.to_ymd(ty, tm, td);
  std::int64_t y = ty - fy;
  // A 29 February start completes its year on 1 March, which this
  // month/day comparison gives: (2, 28) is still before (2, 29).
  if (tm < fm || (tm == fm && td < fd)) --y;
  return y;
}

class runner {
 public:
  runner(const code& c, const context& ctx, scratch& s, std::size_t base, bool scaled)
      : c_(c), ctx_(ctx), s_(s), err_(s.err.data()), base_(base), x_(scaled) {}

  void exec(const instr& in) {
    const std::vector<std::uint16_t>& sel = s_.sels[in.sel];
    if (x_ && (in.k == reg_kind::d || in.op == opcode::to_dec)) {
      exec_scaled(in, sel);
      return;
    }
    switch (in.op) {
      case opcode::load_field: load_field(in, sel); break;
      case opcode::load_param: load_param(in, sel); break;
      case opcode::load_const: load_const(in, sel); break;
      case opcode::load_slot: load_slot(in, sel); break;
      case opcode::present: {
        const auto& pres = ctx_.rows->column(in.imm).present;
        auto* d = s_.ri[in.dst];
        for (auto k : sel) d[k] = pres[base_ + k] ? 1 : 0;
        break;
      }
      case opcode::to_dec: {
        auto* d = s_.rd[in.dst];
        const auto* a = s_.ri[in.a];
        for (auto k : sel)
          if (!err_[k]) d[k] = decimal(a[k]);
        break;
      }
      case opcode::neg:
        if (in.k == reg_kind::i) {
          auto* d = s_.ri[in.dst];
          const auto* a = s_.ri[in.a];
          for (auto k : sel) {
            if (err_[k]) continue;
            if (__builtin_sub_overflow(std::int64_t{0}, a[k], &d[k])) fail(k, int_overflow(in));
          }
        } else {
          auto* d = s_.rd[in.dst];
          const auto* a = s_.rd[in.a];
          for (auto k : sel)
            if (!err_[k]) d[k] = -a[k];
        }
        break;
      case opcode::arith: arith(in, sel); break;
      case opcode::compare: compare(in, sel); break;
      case opcode::not_: {
        auto* d = s_.ri[in.dst];
        const auto* a = s_.ri[in.a];
        for (auto k : sel)
          if (!err_[k]) d[k] = a[k] ? 0 : 1;
        break;
      }
      case opcode::in_list: in_list(in, sel); break;
      case opcode::sel_true:
      case opcode::sel_false: {
        const auto* a = s_.ri[in.a];
        const bool want = in.op == opcode::sel_true;
        partition(sel, s_.sels[in.dst], nullptr, [&](std::uint16_t k) { return (a[k] != 0) == want; });
        break;
      }
      case opcode::sel_split: split(in, sel); break;
      case opcode::copy:
        switch (in.k) {
          case reg_kind::i: copy(s_.ri[in.dst], s_.ri[in.a], sel); break;
          case reg_kind::d: copy(s_.rd[in.dst], s_.rd[in.a], sel); break;
          case reg_kind::t: copy(s_.rt[in.dst], s_.rt[in.a], sel); break;
        }
        break;
      case opcode::least:
      case opcode::greatest: {
        const bool least = in.op == opcode::least;
        if (in.k == reg_kind::i) min_max(s_.ri[in.dst], s_.ri[in.a], s_.ri[in.b], sel, least);
        else min_max(s_.rd[in.dst], s_.rd[in.a], s_.rd[in.b], sel, least);
        break;
      }
      case opcode::abs:
        if (in.k == reg_kind::i) {
          auto* d = s_.ri[in.dst];
          const auto* a = s_.ri[in.a];
          for (auto k : sel) {
            if (err_[k]) continue;
            if (a[k] >= 0) d[k] = a[k];
            else if (__builtin_sub_overflow(std::int64_t{0}, a[k], &d[k])) fail(k, int_overflow(in));
          }
        } else {
          auto* d = s_.rd[in.dst];
          const auto* a = s_.rd[in.a];
          for (auto k : sel)
            if (!err_[k]) d[k] = a[k].abs();
        }
        break;
      case opcode::clamp:
        if (in.k == reg_kind::i) clamp(s_.ri[in.dst], s_.ri[in.a], s_.ri[in.b], s_.ri[in.c], sel, in);
        else clamp(s_.rd[in.dst], s_.rd[in.a], s_.rd[in.b], s_.rd[in.c], sel, in);
        break;
      case opcode::round: round(in, sel); break;
      case opcode::years_between:
      case opcode::days_between: {
        auto* d = s_.ri[in.dst];
        const auto* a = s_.ri[in.a];
        const auto* b = s_.ri[in.b];
        for (auto k : sel) {
          if (err_[k]) continue;
          d[k] = in.op == opcode::days_between ? b[k] - a[k] : whole_years(a[k], b[k]);
        }
        break;
      }
      case opcode::stage_ctx: {
        auto* d = s_.ri[in.dst];
        const std::int64_t v = in.imm == 0 ? ctx_.entrants : ctx_.quota;
        for (auto k : sel) d[k] = v;
        break;
      }
      case opcode::stage_value: {
        const std::vector<stage_place>* rows =
            ctx_.places && static_cast<std::size_t>(in.imm) < ctx_.places->size() ? &(*ctx_.places)[in.imm] : nullptr;
        const stage_code* st = rows ? &ctx_.p->stages[in.imm] : nullptr;
        for (auto k : sel) {
          if (err_[k]) continue;
          const std::size_t r = base_ + k;
          if (!rows || r >= rows->size()) {
            fail(k, quoted(text(in)) + " needs stage results, which are not available here");
            continue;
          }
          const stage_place& sr = (*rows)[r];
          switch (in.sub) {
            case 0: s_.ri[in.dst][k] = sr.tier >= 0 ? 1 : 0; break;
            case 1: s_.rt[in.dst][k] = sr.tier >= 0 ? std::string_view(st->tier_names[sr.tier]) : std::string_view(); break;
            default: s_.ri[in.dst][k] = sr.rank; break;
          }
        }
        break;
      }
    }
  }

 private:
  const code& c_;
  const context& ctx_;
  scratch& s_;
  std::uint8_t* err_;  // s_.err's bytes (see run: a byte store through the vector reloads its pointer)
  std::size_t base_;
  bool x_;  // decimal registers are scaled (rx at xs)

  // ---- scaled decimal registers (see scale_plan) ---------------------------

  // The row's value left int64: it runs again on decimals after this run
  // (unless it already failed: 1 | 2 stays a failure, see run()).
  //
  // The int64 operations below skip no failed row: a row that failed keeps
  // its flag and message whatever its registers hold, and nothing reads them
  // (its result is the failure), so computing on them only wastes the row's
  // share of a loop that is otherwise a plain count over the batch.
  void redo(std::uint16_t k) { err_[k] |= 2; }

  void exec_scaled(const instr& in, const std::vector<std::uint16_t>& sel) {
    switch (in.op) {
      case opcode::load_field: load_field(in, sel); break;
      case opcode::load_slot: load_slot(in, sel); break;
      case opcode::load_param: fill_scaled(in, sel, ctx_.params->d[in.imm]); break;
      case opcode::load_const: fill_scaled(in, sel, ctx_.p->consts.d[in.imm]); break;
      case opcode::to_dec: {
        auto* d = s_.rx[in.dst];
        const auto* a = s_.ri[in.a];
        copy_rows(sel, false, [&](std::uint16_t k, std::size_t) { d[k] = a[k]; });
        break;
      }
      case opcode::neg: {
        auto* d = s_.rx[in.dst];
        const auto* a = s_.rx[in.a];
        copy_rows(sel, false, [&](std::uint16_t k, std::size_t) {
          if (__builtin_sub_overflow(std::int64_t{0}, a[k], &d[k])) redo(k);
        });
        break;
      }
      case opcode::arith: arith_scaled(in, sel); break;
      case opcode::compare: compare_scaled(in, sel); break;
      case opcode::copy: {
        auto* d = s_.rx[in.dst];
        const auto* a = s_.rx[in.a];
        const std::int64_t f = pow10_i64[s_.xs[in.dst] - s_.xs[in.a]];
        copy_rows(sel, false, [&](std::uint16_t k, std::size_t) {
          if (__builtin_mul_overflow(a[k], f, &d[k])) redo(k);
        });
        break;
      }
      default: on_decimals(in, sel); break;
    }
  }

  void fill_scaled(const instr& in, const std::vector<std::uint16_t>& sel, const decimal& v) {
    std::int64_t x = 0;
    scaled_at(v, s_.xs[in.dst], x);  // scale_plan chose a scale that holds it
    fill(s_.rx[in.dst], sel, x);
  }

  void arith_scaled(const instr& in, const std::vector<std::uint16_t>& sel) {
    auto* d = s_.rx[in.dst];
    const auto* a = s_.rx[in.a];
    const auto* b = s_.rx[in.b];
    const bo op = static_cast<bo>(in.sub);
    if (op == bo::mul) {  // the scales add up
      copy_rows(sel, false, [&](std::uint16_t k, std::size_t) {
        if (__builtin_mul_overflow(a[k], b[k], &d[k])) redo(k);
      });
      return;
    }
    // + and -: both operands at the larger scale.
    const std::int64_t fa = pow10_i64[s_.xs[in.dst] - s_.xs[in.a]], fb = pow10_i64[s_.xs[in.dst] - s_.xs[in.b]];
    const bool sub = op == bo::sub;
    copy_rows(sel, false, [&](std::uint16_t k, std::size_t) {
      std::int64_t x = a[k], y = b[k];
      const bool over = (fa != 1 && __builtin_mul_overflow(x, fa, &x)) || (fb != 1 && __builtin_mul_overflow(y, fb, &y)) ||
                        (sub ? __builtin_sub_overflow(x, y, &d[k]) : __builtin_add_overflow(x, y, &d[k]));
      if (over) redo(k);
    });
  }

  void compare_scaled(const instr& in, const std::vector<std::uint16_t>& sel) {
    const auto* a = s_.rx[in.a];
    const auto* b = s_.rx[in.b];
    const int sa = s_.xs[in.a], sb = s_.xs[in.b];
    if (sa == sb) {
      compare_by(in, sel, [&](std::uint16_t k) { return a[k]; }, [&](std::uint16_t k) { return b[k]; });
      return;
    }
    // At the larger scale, in 128 bits: nothing overflows.
    const int s = std::max(sa, sb);
    const __int128 fa = pow10_i64[s - sa], fb = pow10_i64[s - sb];
    compare_by(in, sel, [&](std::uint16_t k) { return a[k] * fa; }, [&](std::uint16_t k) { return b[k] * fb; });
  }

  // Instructions without an int64 form (least, greatest, abs, clamp, round,
  // in_list, match arms): their decimal operands as decimals, the decimal
  // code, and a decimal result back at its scale.
  void on_decimals(const instr& in, const std::vector<std::uint16_t>& sel) {
    auto widen = [&](std::int32_t r) {
      auto* d = s_.rd[r];
      const auto* x = s_.rx[r];
      const std::int32_t e = -s_.xs[r];
      for (auto k : sel)
        if (!err_[k]) d[k] = decimal::from_scaled(x[k], e);
    };
    const bool two = in.op == opcode::least || in.op == opcode::greatest || in.op == opcode::clamp;
    widen(in.a);
    if (two) widen(in.b);
    if (in.op == opcode::clamp) widen(in.c);
    x_ = false;
    exec(in);
    x_ = true;
    if (!(two || in.op == opcode::abs || (in.op == opcode::round && !in.to_int))) return;  // no decimal result
    auto* d = s_.rx[in.dst];
    const auto* v = s_.rd[in.dst];
    const int scale = s_.xs[in.dst];
    for (auto k : sel)
      if (!err_[k] && !scaled_at(v[k], scale, d[k])) redo(k);
  }

  // ---- decimal registers as decimals, and the other kinds ------------------

  std::string text(const instr& in) const { return in.msg >= 0 ? c_.messages[in.msg] : c_.text; }
  // Appends rather than `"'" + s`: g++ 12 reports a false -Wrestrict on
  // `const char* + std::string&&` in optimised builds.
  static std::string quoted(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
  }
  std::string int_overflow(const instr& in) const { return std::string("int overflow in ") + quoted(text(in)); }
  void fail(std::uint16_t k, std::string m) {
    err_[k] = 1;
    s_.msg[k] = std::move(m);
  }

  template <class T>
  void copy(T* d, const T* a, const std::vector<std::uint16_t>& sel) {
    for (auto k : sel)
      if (!err_[k]) d[k] = a[k];
  }

  template <class T>
  void min_max(T* d, const T* a, const T* b,
               const std::vector<std::uint16_t>& sel, bool least) {
    for (auto k : sel) {
      if (err_[k]) continue;
      // On equal values the first argument wins, so the result keeps its form.
      d[k] = least ? (b[k] < a[k] ? b[k] : a[k]) : (b[k] > a[k] ? b[k] : a[k]);
    }
  }

  template <class T>
  void clamp(T* d, const T* x, const T* lo, const T* hi,
             const std::vector<std::uint16_t>& sel, const instr& in) {
    for (auto k : sel) {
      if (err_[k]) continue;
      if (lo[k] > hi[k]) {
        fail(k, std::string("clamp with lo > hi in ") + quoted(text(in)));
        continue;
      }
      d[k] = x[k] < lo[k] ? lo[k] : (x[k] > hi[k] ? hi[k] : x[k]);
    }
  }

  void load_field(const instr& in, const std::vector<std::uint16_t>& sel) {
    const column& col = ctx_.rows->column(in.imm);
    const bool complete = ctx_.complete && (*ctx_.complete)[static_cast<std::size_t>(in.imm)];
    // One loop per kind; each reads the row's value or fails the row. A
    // field with a value in every row cannot fail: its loop only copies
    // (into failed rows too, whose registers nothing reads), which is a
    // plain count when the selection is the whole batch.
    auto each = [&](auto put) {
      if (complete) {
        copy_rows(sel, true, put);
        return;
      }
      for (auto k : sel) {
        if (err_[k]) continue;
        const std::size_t r = base_ + k;
        if (col.present[r]) put(k, r);
        else fail(k, "field '" + ctx_.p->m->fields[in.imm].name.name + "': missing value");
      }
    };
    switch (in.k) {
      case reg_kind::i: each([&, d = s_.ri[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.ints[r]; }); break;
      case reg_kind::t: each([&, d = s_.rt[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.texts[r]; }); break;
      case reg_kind::d:
        if (x_) each([&, d = s_.rx[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.ints[r]; });  // at the column's scale
        else each([&, d = s_.rd[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.decimal_at(r); });
        break;
    }
  }

  void load_param(const instr& in, const std::vector<std::uint16_t>& sel) {
    switch (in.k) {
      case reg_kind::i: fill(s_.ri[in.dst], sel, ctx_.params->i[in.imm]); break;
      case reg_kind::d: fill(s_.rd[in.dst], sel, ctx_.params->d[in.imm]); break;
      case reg_kind::t: fill(s_.rt[in.dst], sel, std::string_view(ctx_.params->t[in.imm])); break;
    }
  }

  void load_const(const instr& in, const std::vector<std::uint16_t>& sel) {
    const constants& cs = ctx_.p->consts;
    switch (in.k) {
      case reg_kind::i: fill(s_.ri[in.dst], sel, cs.i[in.imm]); break;
      case reg_kind::d: fill(s_.rd[in.dst], sel, cs.d[in.imm]); break;
      case reg_kind::t: fill(s_.rt[in.dst], sel, std::string_view(cs.t[in.imm])); break;
    }
  }

  // put(k, r) for each batch row k of `sel`, r its roster row (per_row) or
  // row 0 (a value for the whole roster): no error checks, for loads that
  // cannot fail; a plain count when the selection is the whole batch.
  template <class Put>
  void copy_rows(const std::vector<std::uint16_t>& sel, bool per_row, Put put) const {
    const std::size_t n = sel.size();
    const std::size_t base = per_row ? base_ : 0;
    if (n != 0 && sel[n - 1] + std::size_t{1} == n) {
      for (std::uint16_t k = 0; k < n; ++k) put(k, per_row ? base + k : 0);
    } else {
      for (const std::uint16_t k : sel) put(k, per_row ? base + k : 0);
    }
  }

  // d[k] = v for each batch row k of `sel` (a load cannot fail).
  template <class T>
  void fill(T* d, const std::vector<std::uint16_t>& sel, const T& v) const {
    copy_rows(sel, false, [&](std::uint16_t k, std::size_t) { d[k] = v; });
  }

  void load_slot(const instr& in, const std::vector<std::uint16_t>& sel) {
    const slot_column& col = (*ctx_.slots)[in.imm];
    const bool per_row = ctx_.p->slots[in.imm].per_row;
    if (col.complete) {  // every row has a value: nothing to check
      switch (in.k) {
        case reg_kind::i: copy_rows(sel, per_row, [&, d = s_.ri[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.i[r]; }); break;
        case reg_kind::d:
          if (x_) copy_rows(sel, per_row, [&, d = s_.rx[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.i[r]; });
          else copy_rows(sel, per_row, [&, d = s_.rd[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.dec(r); });
          break;
        case reg_kind::t: copy_rows(sel, per_row, [&, d = s_.rt[in.dst]](std::uint16_t k, std::size_t r) { d[k] = col.t[r]; }); break;
      }
      return;
    }
    for (auto k : sel) {
      if (err_[k]) continue;
      const std::size_t r = per_row ? base_ + k : 0;
      if (col.state[r] != 0) {
        if (col.state[r] == 1) {
          auto it = col.errors.find(r);
          fail(k, it != col.errors.end() ? it->second : "error in '" + ctx_.p->slots[in.imm].name + "'");
        } else {
          fail(k, "'" + ctx_.p->slots[in.imm].name + "' has no value for this row");
        }
        continue;
      }
      switch (in.k) {
        case reg_kind::i: s_.ri[in.dst][k] = col.i[r]; break;
        case reg_kind::d:
          if (x_) s_.rx[in.dst][k] = col.i[r];  // held at the slot's scale
          else s_.rd[in.dst][k] = col.dec(r);
          break;
        case reg_kind::t: s_.rt[in.dst][k] = col.t[r]; break;
      }
    }
  }

  void arith(const instr& in, const std::vector<std::uint16_t>& sel) {
    const bo op = static_cast<bo>(in.sub);
    if (in.k == reg_kind::i) {
      auto* d = s_.ri[in.dst];
      const auto* a = s_.ri[in.a];
      const auto* b = s_.ri[in.b];
      for (auto k : sel) {
        if (err_[k]) continue;
        bool over = false;
        switch (op) {
          case bo::add: over = __builtin_add_overflow(a[k], b[k], &d[k]); break;
          case bo::sub: over = __builtin_sub_overflow(a[k], b[k], &d[k]); break;
          case bo::mul: over = __builtin_mul_overflow(a[k], b[k], &d[k]); break;
          default: over = true;
        }
        if (over) fail(k, int_overflow(in));
      }
      return;
    }
    // One loop per operator, so that each inlines its decimal fast path.
    switch (op) {
      case bo::add: arith_dec(in, sel, [](const decimal& x, const decimal& y) { return x + y; }); break;
      case bo::sub: arith_dec(in, sel, [](const decimal& x, const decimal& y) { return x - y; }); break;
      case bo::mul: arith_dec(in, sel, [](const decimal& x, const decimal& y) { return x * y; }); break;
      case bo::div: arith_dec(in, sel, [](const decimal& x, const decimal& y) { return x / y; }); break;
      default: break;
    }
  }

  template <class Op>
  void arith_dec(const instr& in, const std::vector<std::uint16_t>& sel, Op op) {
    auto* d = s_.rd[in.dst];
    const auto* a = s_.rd[in.a];
    const auto* b = s_.rd[in.b];
    for (auto k : sel) {
      if (err_[k]) continue;
      try {
        d[k] = op(a[k], b[k]);
      } catch (const decimal_error& e) {
        fail(k, decimal_message(e, text(in)));
      }
    }
  }

  void compare(const instr& in, const std::vector<std::uint16_t>& sel) {
    switch (in.k) {
      case reg_kind::i: compare_as(in, sel, s_.ri[in.a], s_.ri[in.b]); break;
      case reg_kind::d: compare_as(in, sel, s_.rd[in.a], s_.rd[in.b]); break;
      case reg_kind::t: compare_as(in, sel, s_.rt[in.a], s_.rt[in.b]); break;
    }
  }

  // One loop per register kind and operator; a(k) and b(k) read the operands.
  template <class A, class B>
  void compare_by(const instr& in, const std::vector<std::uint16_t>& sel, A a, B b) {
    auto* d = s_.ri[in.dst];
    // Integers compare without the error check (see redo): a failed row's
    // answer is never read. Decimals and texts keep it.
    using T = std::decay_t<decltype(a(std::uint16_t{0}))>;
    constexpr bool plain = std::is_integral_v<T> || std::is_same_v<T, __int128>;
    auto each = [&](auto pred) {
      if constexpr (plain) {
        copy_rows(sel, false, [&](std::uint16_t k, std::size_t) { d[k] = pred(a(k), b(k)); });
      } else {
        for (auto k : sel)
          if (!err_[k]) d[k] = pred(a(k), b(k));
      }
    };
    switch (static_cast<bo>(in.sub)) {
      case bo::eq: each([](const auto& x, const auto& y) { return x == y; }); break;
      case bo::ne: each([](const auto& x, const auto& y) { return !(x == y); }); break;
      case bo::lt: each([](const auto& x, const auto& y) { return x < y; }); break;
      case bo::le: each([](const auto& x, const auto& y) { return x <= y; }); break;
      case bo::gt: each([](const auto& x, const auto& y) { return x > y; }); break;
      case bo::ge: each([](const auto& x, const auto& y) { return x >= y; }); break;
      default: each([](const auto&, const auto&) { return false; }); break;
    }
  }

  template <class T>
  void compare_as(const instr& in, const std::vector<std::uint16_t>& sel, const T* a, const T* b) {
    compare_by(in, sel, [&](std::uint16_t k) -> const T& { return a[k]; },
               [&](std::uint16_t k) -> const T& { return b[k]; });
  }

  bool equals_const(reg_kind kind, std::int32_t reg, std::uint16_t k, std::int32_t c) const {
    const constants& cs = ctx_.p->consts;
    switch (kind) {
      case reg_kind::i: return s_.ri[reg][k] == cs.i[c];
      case reg_kind::d: return s_.rd[reg][k] == cs.d[c];
      case reg_kind::t: return s_.rt[reg][k] == cs.t[c];
    }
    return false;
  }

  void in_list(const instr& in, const std::vector<std::uint16_t>& sel) {
    auto* d = s_.ri[in.dst];
    for (auto k : sel) {
      if (err_[k]) continue;
      bool hit = false;
      for (std::int32_t j = 0; j < in.b && !hit; ++j) hit = equals_const(in.k, in.a, k, in.imm + j);
      d[k] = hit;
    }
  }

  // The rows of `sel` that have not failed, split by test(k) into `yes` and
  // (unless null) `no`, each in order. Every row is written to both lists
  // and the list it belongs to advances: whether a row passes is often as
  // good as random, and a branch on it would be mispredicted half the time.
  template <class Test>
  void partition(const std::vector<std::uint16_t>& sel, std::vector<std::uint16_t>& yes,
                 std::vector<std::uint16_t>* no, Test test) const {
    yes.resize(sel.size());
    if (no) no->resize(sel.size());
    std::uint16_t* const y = yes.data();
    std::uint16_t* const o = no ? no->data() : nullptr;
    std::size_t ny = 0, nn = 0;
    for (const std::uint16_t k : sel) {
      const bool ok = !err_[k];
      const bool t = ok && test(k);
      y[ny] = k;
      ny += t;
      if (o) {
        o[nn] = k;
        nn += ok && !t;
      }
    }
    yes.resize(ny);
    if (no) no->resize(nn);
  }

  void split(const instr& in, const std::vector<std::uint16_t>& sel) {
    auto& hit = s_.sels[in.dst];
    auto& rest = s_.sels[in.b];
    const constants& cs = ctx_.p->consts;
    switch (in.k) {
      case reg_kind::i: {
        const std::int64_t* a = s_.ri[in.a];
        const std::int64_t c = cs.i[in.imm];
        partition(sel, hit, &rest, [&](std::uint16_t k) { return a[k] == c; });
        break;
      }
      case reg_kind::d: {
        const decimal* a = s_.rd[in.a];
        const decimal& c = cs.d[in.imm];
        partition(sel, hit, &rest, [&](std::uint16_t k) { return a[k] == c; });
        break;
      }
      case reg_kind::t: {
        const std::string_view* a = s_.rt[in.a];
        const std::string_view c = cs.t[in.imm];
        partition(sel, hit, &rest, [&](std::uint16_t k) { return a[k] == c; });
        break;
      }
    }
  }

  void round(const instr& in, const std::vector<std::uint16_t>& sel) {
    const auto* a = s_.rd[in.a];
    const rounding mode = static_cast<rounding>(in.sub);
    const int digits = in.to_int && in.imm > 0 ? 0 : in.imm;
    for (auto k : sel) {
      if (err_[k]) continue;
      try {
        decimal v = a[k].round(digits, mode);
        if (in.to_int) {
          auto i = v.to_int64();
          if (!i) fail(k, int_overflow(in));
          else s_.ri[in.dst][k] = *i;
        } else {
          s_.rd[in.dst][k] = v;
        }
      } catch (const decimal_error& e) {
        fail(k, decimal_message(e, text(in)));
      }
    }
  }
};

}  // namespace

void run(const code& c, const context& ctx, scratch& s, std::size_t base, const std::vector<std::uint16_t>& sel) {
  s.sels[0] = sel;
  // Byte arrays through plain pointers: a byte store may alias anything, so
  // through the vectors every store would reload their data pointers.
  std::uint8_t* const err = s.err.data();
  for (auto k : sel) err[k] = 0;
  s.scaled = scale_plan(c, ctx, s.xs);
  runner r(c, ctx, s, base, s.scaled);
  for (const instr& in : c.instrs) r.exec(in);
  if (!s.scaled) return;
  // Rows whose value left int64 run again, on decimals (the same code, so
  // the same answer or the same error as if every row had). A row that
  // failed first (1, or 1 | 2 when its unread registers overflowed after)
  // keeps its failure.
  std::uint8_t* const wide = s.wide.data();
  bool any = false;
  for (auto k : sel) {
    wide[k] = err[k] == 2;
    any |= wide[k] != 0;
  }
  if (!any) return;
  s.redo.clear();
  for (auto k : sel) {
    if (!wide[k]) continue;
    err[k] = 0;
    s.redo.push_back(k);
  }
  s.sels[0] = s.redo;
  runner again(c, ctx, s, base, false);
  for (const instr& in : c.instrs) again.exec(in);
}

}  // namespace merit::detail
