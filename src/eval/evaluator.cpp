// SPDX-License-Identifier: Apache-2.0
// merit - the passes of an evaluation: validation, aggregates, rows, outputs
#include "eval/evaluator.hpp"
#include "eval/table_access.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "eval/exact_sum.hpp"

namespace merit::detail {

namespace {

using selection = std::vector<std::uint16_t>;

/// The rows of [b, b + batch) with mask set, as offsets.
void select(const std::vector<std::uint8_t>& mask, std::size_t b, std::size_t e, selection& out) {
  // Every offset is written, and kept when its row is in the mask: no branch
  // to mispredict on a mask of mixed rows.
  out.resize(e - b);
  std::size_t m = 0;
  for (std::size_t r = b; r < e; ++r) {
    out[m] = static_cast<std::uint16_t>(r - b);
    m += mask[r] != 0;
  }
  out.resize(m);
}

bool parse_int(std::string_view s, std::int64_t& v) {
  if (s.empty()) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (std::size_t j = i; j < s.size(); ++j)
    if (s[j] < '0' || s[j] > '9') return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

/// 1234567 as "1,234,567".
std::string grouped(std::size_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string seconds(std::chrono::steady_clock::duration d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f s", std::chrono::duration<double>(d).count());
  return buf;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// Into better[r] for each row r = rows[j] (better is indexed by row): the
/// number of counted (`take`) values of its partition strictly better than
/// its own key key(j) (greater when `desc`, else smaller). Counts over the key range when it
/// is small, else one sort of (partition, key) and one pass over runs of
/// equal keys.
template <class Key>
void ranks_of(const std::vector<std::uint32_t>& rows, Key key, const std::vector<std::int32_t>& part,
              const std::vector<std::uint8_t>& take, std::int32_t nparts, bool desc, unsigned threads,
              std::vector<std::int64_t>& better) {
  const std::size_t m = rows.size();
  if (m == 0) return;
  threads = std::max(1u, threads);
  std::vector<std::pair<std::int64_t, std::int64_t>> bounds(threads, {key(0), key(0)});
  parallel(m, threads, [&](std::size_t b, std::size_t e, unsigned t) {
    auto& [lo, hi] = bounds[t];
    for (std::size_t j = b; j < e; ++j) {
      lo = std::min(lo, key(j));
      hi = std::max(hi, key(j));
    }
  });
  std::int64_t lo = bounds[0].first, hi = bounds[0].second;
  for (const auto& [l, h] : bounds) {
    lo = std::min(lo, l);
    hi = std::max(hi, h);
  }
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t limit = 4 * static_cast<std::uint64_t>(m) + 4096;
  if (span < limit && (span + 1) * static_cast<std::uint64_t>(nparts) <= limit) {
    const std::size_t width = static_cast<std::size_t>(span) + 1;
    auto slot = [&](std::size_t j) {
      return static_cast<std::size_t>(part[rows[j]]) * width +
             static_cast<std::size_t>(static_cast<std::uint64_t>(key(j)) - static_cast<std::uint64_t>(lo));
    };
    std::vector<std::int64_t> count =
        parallel_counts(m, threads, width * static_cast<std::size_t>(nparts),
                        [&](std::size_t j, std::vector<std::int64_t>& c) { c[slot(j)] += take[rows[j]]; });
    // Exclusive running sums within each partition, from the better end.
    for (std::int32_t p = 0; p < nparts; ++p) {
      std::int64_t* c = count.data() + static_cast<std::size_t>(p) * width;
      std::int64_t sum = 0;
      if (desc) {
        for (std::size_t i = width; i-- > 0;) {
          const std::int64_t here = c[i];
          c[i] = sum;
          sum += here;
        }
      } else {
        for (std::size_t i = 0; i < width; ++i) {
          const std::int64_t here = c[i];
          c[i] = sum;
          sum += here;
        }
      }
    }
    parallel(m, threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t j = b; j < e; ++j) better[rows[j]] = count[slot(j)];
    });
    return;
  }
  struct entry {
    std::int64_t key;
    std::int32_t part;
    std::uint32_t row;
  };
  std::vector<entry> e(m);
  for (std::size_t j = 0; j < m; ++j) e[j] = {key(j), part[rows[j]], rows[j]};
  std::sort(e.begin(), e.end(), [](const entry& x, const entry& y) {
    return x.part != y.part ? x.part < y.part : x.key < y.key;
  });
  for (std::size_t pb = 0; pb < m;) {
    std::size_t pe = pb;
    while (pe < m && e[pe].part == e[pb].part) ++pe;
    // Runs of equal keys, visited from the better end.
    std::int64_t seen = 0;
    auto run = [&](std::size_t b, std::size_t end) {
      std::int64_t taken = 0;
      for (std::size_t i = b; i < end; ++i) {
        better[e[i].row] = seen;
        taken += take[e[i].row];
      }
      seen += taken;
    };
    if (desc) {
      for (std::size_t end = pe; end > pb;) {
        std::size_t b = end - 1;
        while (b > pb && e[b - 1].key == e[end - 1].key) --b;
        run(b, end);
        end = b;
      }
    } else {
      for (std::size_t b = pb; b < pe;) {
        std::size_t end = b + 1;
        while (end < pe && e[end].key == e[b].key) ++end;
        run(b, end);
        b = end;
      }
    }
    pb = pe;
  }
}

}  // namespace

evaluator::evaluator(const program& prog, const roster& rows, const eval_options& options)
    : prog_(prog), m_(prog.model()), rows_(rows), opt_(options), plan_(prog.plan()) {
  // A limit of a century or more is no limit (and would overflow the clock).
  if (opt_.time_limit.count() > 0 && opt_.time_limit < std::chrono::hours(24 * 365 * 100)) {
    budgeted_ = true;
    start_ = std::chrono::steady_clock::now();
    deadline_ = start_ + opt_.time_limit;
  }
  n_ = rows_.rows();
  if (opt_.threads == 0) opt_.threads = 1;
  parse_params();
  slots_.resize(plan_.slots.size());
  in_progress_.assign(plan_.slots.size(), 0);
  ctx_ = context{&plan_, &rows_, &params_, &slots_};
  complete_.resize(rows_.columns());
  for (std::size_t f = 0; f < complete_.size(); ++f) {
    const std::vector<std::uint8_t>& p = rows_.column(f).present;
    complete_[f] = p.size() == n_ && (n_ == 0 || std::memchr(p.data(), 0, n_) == nullptr);  // no data() to read when empty
  }
  ctx_.complete = &complete_;
  ctx_.places = &places_;
  res_.scheme = m_.scheme_name;
  res_.explained = opt_.explain;
  for (const auto& l : m_.lets) res_.let_names.push_back(l.name.name);
  for (const auto& o : m_.outputs) res_.output_names.push_back(o.name.name);
  res_.warnings = rows_.warnings();
  clean_.assign(n_, 1);
  status_.assign(n_, status::error);
  valid_.assign(n_, 0);
  for (const auto& r : plan_.rules) ncaps_ += r.kind == ast::rule_kind::cap;
  cap_true_.assign(n_ * ncaps_, 0);
  thread_notes_.resize(std::max(1u, opt_.threads));
  scratch_.resize(thread_notes_.size());
  if (opt_.explain) {
    rules_out_.assign(n_ * plan_.rules.size(), outcome::not_evaluated);
    rule_errors_out_.assign(n_ * plan_.rules.size(), std::string());
  }
  outputs_out_.assign(n_ * m_.outputs.size(), value());
}

void evaluator::gather_notes() {
  for (auto& t : thread_notes_) {
    notes_.insert(notes_.end(), std::make_move_iterator(t.begin()), std::make_move_iterator(t.end()));
    t.clear();
  }
}

scratch& evaluator::scratch_for(unsigned thread) {
  std::unique_ptr<scratch>& s = scratch_[thread];
  if (!s) s = std::make_unique<scratch>(plan_, n_);
  return *s;
}

void evaluator::check_budget(const char* where, std::size_t at, std::size_t of, const char* unit) const {
  if (!budgeted_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!over_.load(std::memory_order_relaxed) && now < deadline_) return;
  over_.store(true, std::memory_order_relaxed);
  throw budget_error("evaluation stopped after " + seconds(now - start_) + " (time limit " +
                     seconds(opt_.time_limit) + "), in the " + where + " (at " + unit + " " + grouped(at) + " of " +
                     grouped(of) + ")");
}

// ---- params ----------------------------------------------------------------

void evaluator::parse_params() {
  const std::size_t np = m_.params.size();
  params_.i.assign(np, 0);
  params_.d.assign(np, decimal());
  params_.t.assign(np, std::string());
  std::vector<std::uint8_t> given(np, 0);
  auto set_text = [&](std::size_t p, const std::string& text) {
    const ast::param_decl& d = m_.params[p];
    const std::string& name = d.name.name;
    auto bad = [&](const std::string& what) {
      throw usage_error("param '" + name + "': '" + text + "' is not " + what);
    };
    switch (d.type.kind) {
      case ast::type_kind::int_:
        if (!parse_int(text, params_.i[p])) bad("an int");
        break;
      case ast::type_kind::decimal: {
        std::string why;
        auto v = decimal::try_parse(text, &why);
        if (!v) bad("a decimal (" + why + ")");
        params_.d[p] = *v;
        break;
      }
      case ast::type_kind::bool_: {
        std::string l = lower(text);
        if (l == "true" || l == "1") params_.i[p] = 1;
        else if (l == "false" || l == "0") params_.i[p] = 0;
        else bad("a bool (true, false, 1 or 0)");
        break;
      }
      case ast::type_kind::date: {
        auto v = date::parse(text);
        if (!v) bad("a date (YYYY-MM-DD)");
        params_.i[p] = v->days;
        break;
      }
      case ast::type_kind::enum_: {
        const auto& ms = d.type.members;
        auto it = std::find(ms.begin(), ms.end(), text);
        if (it == ms.end()) bad("one of its enum members");
        params_.i[p] = it - ms.begin();
        break;
      }
      default: params_.t[p] = text;
    }
  };
  for (const auto& [name, text] : opt_.params) {
    std::size_t p = 0;
    while (p < np && m_.params[p].name.name != name) ++p;
    if (p == np) throw usage_error("unknown param '" + name + "'");
    if (given[p]) throw usage_error("param '" + name + "' given more than once");
    given[p] = 1;
    set_text(p, text);
  }
  for (std::size_t p = 0; p < np; ++p) {
    if (given[p]) continue;
    const ast::param_decl& d = m_.params[p];
    if (!d.default_value) throw usage_error("param '" + d.name.name + "' has no default and was not given");
    const ast::literal& l = *d.default_value;
    switch (l.kind) {
      case ast::literal_kind::boolean: params_.i[p] = l.boolean; break;
      case ast::literal_kind::string: set_text(p, l.text); break;
      case ast::literal_kind::date: set_text(p, l.text); break;
      case ast::literal_kind::integer:
        if (d.type.kind == ast::type_kind::decimal) params_.d[p] = decimal::parse((l.negative ? "-" : "") + l.text);
        else set_text(p, (l.negative ? "-" : "") + l.text);
        break;
      case ast::literal_kind::decimal:
      case ast::literal_kind::percent: {
        decimal v = decimal::parse(l.text);
        if (l.kind == ast::literal_kind::percent) v = v / decimal(100);
        params_.d[p] = l.negative ? -v : v;
        break;
      }
    }
  }
}

// ---- values -----------------------------------------------------------------

std::string evaluator::row_label(std::size_t r) const {
  const value id = m_.key_field >= 0 ? field_value(m_.key_field, r) : value();
  if (!id.is_null()) return id.to_string();
  // Without a key (the rows of `candidates by`), the CSV line names the row.
  if (const std::uint32_t line = rows_.line(r)) return "line " + std::to_string(line);
  return "row " + std::to_string(r + 1);
}

value evaluator::typed(reg_kind k, ast::type_kind t, const std::vector<std::string>& members, std::int64_t i,
                       const decimal* d, std::string_view text) const {
  switch (k) {
    case reg_kind::d: return value::of_decimal(*d);
    case reg_kind::t: return value::of_text(std::string(text));
    case reg_kind::i: break;
  }
  switch (t) {
    case ast::type_kind::bool_: return value::of_bool(i != 0);
    case ast::type_kind::date: return value::of_date(date{static_cast<std::int32_t>(i)});
    case ast::type_kind::enum_:
      if (i >= 0 && static_cast<std::size_t>(i) < members.size())
        return value::of_enum(static_cast<std::int32_t>(i), members[i]);
      return value::of_int(i);
    default: return value::of_int(i);
  }
}

value evaluator::param_value(std::int32_t q) const {
  const ast::param_decl& d = m_.params[q];
  const reg_kind k = kind_of(d.type.kind);
  return typed(k, d.type.kind, d.type.members, params_.i[q], &params_.d[q], params_.t[q]);
}

value evaluator::field_value(std::int32_t f, std::size_t r) const {
  const column& col = rows_.column(f);
  if (r >= col.present.size() || !col.present[r]) return value();
  const ast::field& fd = m_.fields[f];
  const reg_kind k = kind_of(fd.type.kind);
  const decimal d = k == reg_kind::d ? col.decimal_at(r) : decimal();
  return typed(k, fd.type.kind, fd.type.members, k == reg_kind::i ? col.ints[r] : 0,
               k == reg_kind::d ? &d : nullptr, k == reg_kind::t ? std::string_view(col.texts[r]) : "");
}

value evaluator::column_value(const slot_column& col, std::int32_t s, std::size_t r) const {
  const slot& sl = plan_.slots[s];
  if (!sl.per_row) r = 0;
  const decimal d = sl.k == reg_kind::d ? col.dec(r) : decimal();
  return typed(sl.k, sl.type, sl.enum_members, sl.k == reg_kind::i ? col.i[r] : 0,
               sl.k == reg_kind::d ? &d : nullptr, sl.k == reg_kind::t ? col.t[r] : std::string_view());
}

row_value evaluator::slot_value(std::int32_t s, std::size_t r) {
  ensure(s);
  const slot_column& col = slots_[s];
  const std::size_t at = plan_.slots[s].per_row ? r : 0;
  row_value out;
  if (at >= col.state.size() || col.state[at] == 2) {
    out.error = "no value";
    return out;
  }
  if (col.state[at] == 1) {
    auto it = col.errors.find(at);
    out.error = it == col.errors.end() ? "error" : it->second;
    return out;
  }
  out.ok = true;
  out.v = column_value(col, s, r);
  return out;
}

row_value evaluator::evaluate_at(const code& c, std::size_t r) {
  const auto row = static_cast<std::uint32_t>(r);
  return evaluate_code(c, std::span<const std::uint32_t>(&row, 1))[0];
}

std::vector<row_value> evaluator::evaluate_code(const code& c, std::span<const std::uint32_t> rows) {
  for (std::int32_t s : c.slots) ensure(s);
  std::vector<row_value> out(rows.size());
  // Group the rows by batch (sorted by row); each batch runs once.
  std::vector<std::pair<std::size_t, std::size_t>> order(rows.size());  // (row, j)
  for (std::size_t j = 0; j < rows.size(); ++j) order[j] = {rows[j], j};
  if (!std::is_sorted(order.begin(), order.end())) std::sort(order.begin(), order.end());
  scratch& sc = scratch_for(0);  // not within a parallel pass
  selection sel;
  for (std::size_t i = 0; i < order.size();) {
    const std::size_t b = order[i].first / batch_size;
    std::size_t end = i;
    while (end < order.size() && order[end].first / batch_size == b) ++end;
    check_budget(pass_, b * batch_size, n_);
    sel.clear();
    for (std::size_t x = i; x < end; ++x) {
      const auto k = static_cast<std::uint16_t>(order[x].first % batch_size);
      if (sel.empty() || sel.back() != k) sel.push_back(k);
    }
    detail::run(c, ctx_, sc, b * batch_size, sel);
    for (std::size_t x = i; x < end; ++x) {
      const auto k = static_cast<std::uint16_t>(order[x].first % batch_size);
      row_value& o = out[order[x].second];
      if (sc.err[k]) {
        o.error = sc.msg[k];
        continue;
      }
      o.ok = true;
      const decimal d = c.kind == reg_kind::d ? sc.dec(c.result, k) : decimal();
      o.v = typed(c.kind, c.type, c.enum_members, c.kind == reg_kind::i ? sc.ri[c.result][k] : 0,
                  c.kind == reg_kind::d ? &d : nullptr,
                  c.kind == reg_kind::t ? sc.rt[c.result][k] : std::string_view());
    }
    i = end;
  }
  return out;
}

// ---- slots ------------------------------------------------------------------

const std::vector<std::int32_t>& evaluator::whole_part() {
  if (whole_part_.empty() && n_ > 0) {
    whole_part_.resize(n_);
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t r = b; r < e; ++r) whole_part_[r] = clean_[r] ? 0 : -1;
    });
  }
  return whole_part_;
}

void evaluator::ensure(std::int32_t s) {
  if (slots_[s].done) {
    if (slots_[s].released)
      throw std::logic_error("merit evaluator: '" + plan_.slots[s].name + "' read after it was released");
    return;
  }
  if (in_progress_[s]) throw std::logic_error("merit evaluator: cyclic dependency through '" + plan_.slots[s].name + "'");
  in_progress_[s] = 1;
  if (plan_.slots[s].kind == slot_kind::aggregate) {
    const aggregate& a = plan_.aggregates[plan_.slots[s].index];
    for (std::int32_t d : a.arg.slots) ensure(d);
    for (std::int32_t d : a.filter.slots) ensure(d);
    if (!(a.before_group_checks ? checked_fixed_ : valid_fixed_))
      throw std::logic_error("merit evaluator: aggregate needed before validation");
    compute_aggregate(s);
  } else {
    for (std::int32_t d : plan_.slot_code[s].slots) ensure(d);
    compute_slot(s);
  }
  in_progress_[s] = 0;
  slot_column& col = slots_[s];
  col.complete = std::all_of(col.state.begin(), col.state.end(), [](std::uint8_t v) { return v == 0; });
  col.done = true;
}

inline void evaluator::store(slot_column& col, const code& c, const scratch& sc, std::uint16_t k, std::size_t r,
                      std::vector<std::pair<std::size_t, decimal>>& wide) {
  switch (c.kind) {
    case reg_kind::i: col.i[r] = sc.ri[c.result][k]; break;
    case reg_kind::d:
      // The run's scale plan is the column's (start_column made the same
      // plan), so a scaled result is at the column's scale.
      if (col.scale < 0) col.d[r] = sc.dec(c.result, k);
      else if (sc.scaled && !sc.wide[k]) col.i[r] = sc.rx[c.result][k];
      else if (!scaled_at(sc.dec(c.result, k), col.scale, col.i[r])) wide.emplace_back(r, sc.dec(c.result, k));
      break;
    case reg_kind::t: col.t[r] = sc.rt[c.result][k]; break;
  }
}

const std::int64_t* evaluator::plain_ints(const slot_column& col, const code& c, const scratch& sc,
                                          const selection& sel) {
  const bool scaled = c.kind == reg_kind::d && col.scale >= 0 && sc.scaled;
  if (c.kind != reg_kind::i && !scaled) return nullptr;
  const std::uint8_t* err = sc.err.data();
  const std::uint8_t* wide = sc.wide.data();
  std::uint8_t bad = 0;
  if (scaled)
    for (auto k : sel) bad |= err[k] | wide[k];
  else
    for (auto k : sel) bad |= err[k];
  return bad ? nullptr : (scaled ? sc.rx[c.result] : sc.ri[c.result]);
}

void evaluator::compute_slot(std::int32_t s) {
  const slot& sl = plan_.slots[s];
  const code& c = plan_.slot_code[s];
  slot_column& col = slots_[s];
  start_column(col, c, n_);
  // Outputs exist for rows that passed validation; lets and the score for
  // every row whose fields read cleanly (checks may use lets).
  const std::vector<std::uint8_t>& domain = sl.kind == slot_kind::output ? valid_ : clean_;
  std::vector<std::vector<std::pair<std::size_t, std::string>>> errs(std::max(1u, opt_.threads));
  std::vector<std::vector<std::pair<std::size_t, decimal>>> wide(errs.size());  // see store
  parallel(n_, opt_.threads, [&](std::size_t b0, std::size_t e0, unsigned t) {
    scratch& sc = scratch_for(t);
    selection sel;
    for (std::size_t b = b0; b < e0; b += batch_size) {
      check_budget(pass_, b, n_);
      const std::size_t e = std::min(e0, b + batch_size);
      select(domain, b, e, sel);
      if (sel.empty()) continue;
      detail::run(c, ctx_, sc, b, sel);
      if (const std::int64_t* v = plain_ints(col, c, sc, sel)) {
        std::uint8_t* state = col.state.data() + b;
        std::int64_t* out = col.i.data() + b;
        for (auto k : sel) {
          state[k] = 0;
          out[k] = v[k];
        }
        continue;
      }
      for (auto k : sel) {
        const std::size_t r = b + k;
        if (sc.err[k]) {
          col.state[r] = 1;
          errs[t].emplace_back(r, sc.msg[k]);
          continue;
        }
        col.state[r] = 0;
        store(col, c, sc, k, r, wide[t]);
      }
    }
  });
  for (auto& v : errs)
    for (auto& [r, m] : v) col.errors.emplace(r, std::move(m));
  finish_column(col, wide);
}

void evaluator::start_column(slot_column& col, const code& c, std::size_t n) const {
  // A decimal result of code that runs on scaled registers is held compact,
  // at the result register's scale.
  std::vector<std::int8_t> xs;
  const bool scaled = c.kind == reg_kind::d && scale_plan(c, ctx_, xs);
  col.resize(c.kind, n, scaled ? xs[c.result] : -1);
}

void evaluator::finish_column(slot_column& col, std::vector<std::vector<std::pair<std::size_t, decimal>>>& wide) {
  for (auto& v : wide) {
    if (!v.empty()) col.widen();
    for (auto& [r, d] : v) col.d[r] = d;
  }
}

void evaluator::compute_aggregate(std::int32_t s) {
  const slot& sl = plan_.slots[s];
  const aggregate& a = plan_.aggregates[sl.index];
  slot_column& col = slots_[s];
  const bool ranks = a.kind == agg_kind::rank_desc || a.kind == agg_kind::rank_asc;

  // Partitions: one for the whole roster, or one per distinct `over` tuple.
  // part[r] is row r's partition, -1 for a row in none: for an aggregate
  // over the whole roster, one vector kept for the evaluation and shared.
  std::vector<std::int32_t> own;
  // A join (`over f = g`, docs/language.md section 15): the partition each
  // row reads, the one whose f equals its g; empty when rows read their own.
  std::vector<std::int32_t> read;
  std::int32_t nparts = 1;
  // A single int-kind field (enum, int, bool, date) without a join, whose
  // values span a small range: the partitions by counting, no map.
  const column* dense = nullptr;
  std::int64_t lo = 0, hi = -1;
  if (a.over.size() == 1 && a.join.empty()) {
    const std::int32_t f = a.over[0];
    const column& c = rows_.column(static_cast<std::size_t>(f));
    if (kind_of(c.type) == reg_kind::i && c.texts.empty() && !m_.fields[static_cast<std::size_t>(f)].optional) {
      std::tie(lo, hi) = parallel_min_max(
          n_, opt_.threads, [&](std::size_t r) { return clean_[r] != 0; }, [&](std::size_t r) { return c.ints[r]; });
      const auto span = static_cast<unsigned __int128>(static_cast<__int128>(hi) - lo);
      if (hi < lo || span <= 4 * static_cast<unsigned __int128>(n_) + 4096) dense = &c;
    }
  }
  if (!a.over.empty()) own.assign(n_, -1);
  if (dense) {
    // Numbered in value order (the map below numbers by first appearance;
    // partition numbers never reach the result).
    const std::size_t values = hi >= lo ? static_cast<std::size_t>(hi - lo) + 1 : 0;
    nparts = static_cast<std::int32_t>(
        parallel_partition(
            n_, opt_.threads, values,
            [&](std::size_t r) { return clean_[r] ? static_cast<std::size_t>(dense->ints[r] - lo) : values; }, own)
            .size());
  } else if (!a.over.empty()) {
    // A row's tuple on `fields` as a map key; false when a value is missing
    // (only a join's fields may be optional: a missing value matches nothing).
    const auto tuple_key = [&](const std::vector<std::int32_t>& fields, std::size_t r, std::string& key) {
      key.clear();
      for (std::int32_t f : fields) {
        const column& c = rows_.column(f);
        if (m_.fields[static_cast<std::size_t>(f)].optional && (r >= c.present.size() || !c.present[r])) return false;
        if (kind_of(c.type) == reg_kind::t || !c.texts.empty()) {
          const std::string& t = c.texts[r];
          key += std::to_string(t.size());
          key += ':';
          key += t;
        } else {
          key.append(reinterpret_cast<const char*>(&c.ints[r]), sizeof(std::int64_t));
        }
      }
      return true;
    };
    std::unordered_map<std::string, std::int32_t> ids;
    std::string key;
    for (std::size_t r = 0; r < n_; ++r) {
      if (!clean_[r] || !tuple_key(a.over, r, key)) continue;
      own[r] = ids.emplace(key, static_cast<std::int32_t>(ids.size())).first->second;
    }
    nparts = static_cast<std::int32_t>(ids.size());
    if (!a.join.empty()) {
      // Partition `nparts` is the empty group: a row whose g matches no f.
      read.assign(n_, -1);
      for (std::size_t r = 0; r < n_; ++r) {
        if (!clean_[r]) continue;
        const auto it = tuple_key(a.join, r, key) ? ids.find(key) : ids.end();
        read[r] = it != ids.end() ? it->second : nparts;
      }
      ++nparts;
    }
  }

  const std::vector<std::int32_t>& part = a.over.empty() ? whole_part() : own;

  // Filter and argument over the valid rows, batch by batch.
  std::vector<std::uint8_t> take(n_, 0);     // the row counts in its partition
  std::vector<std::uint8_t> own_ok(n_, 0);   // the row's argument has a value
  // The argument per row (where own_ok), held as a slot would hold it:
  // compact when its code runs on scaled registers.
  slot_column vals;
  if (a.has_arg) start_column(vals, a.arg, n_);
  struct failure {
    std::size_t row;
    bool poisons;  // a row of the partition failed (else only the row's own rank)
    std::string msg;
  };
  std::vector<std::vector<failure>> fails(std::max(1u, opt_.threads));
  std::vector<std::vector<std::pair<std::size_t, decimal>>> wide(fails.size());  // see store
  parallel(n_, opt_.threads, [&](std::size_t b0, std::size_t e0, unsigned t) {
    scratch& sc = scratch_for(t);
    selection sel, kept, arg_sel;
    for (std::size_t b = b0; b < e0; b += batch_size) {
      check_budget("aggregate pass", b, n_);
      const std::size_t e = std::min(e0, b + batch_size);
      select(a.before_group_checks ? checked_ : valid_, b, e, sel);
      if (sel.empty()) continue;
      kept.clear();
      arg_sel.clear();
      if (a.has_filter) {
        detail::run(a.filter, ctx_, sc, b, sel);
        for (auto k : sel) {
          if (sc.err[k]) {
            fails[t].push_back({b + k, true, sc.msg[k]});
            continue;
          }
          arg_sel.push_back(k);
          if (sc.ri[a.filter.result][k]) kept.push_back(k);
        }
      } else {
        kept = sel;
        arg_sel = sel;
      }
      for (auto k : kept) take[b + k] = 1;
      if (!a.has_arg) continue;
      // A rank needs each row's own value even where the filter is false.
      const selection& run_sel = ranks ? arg_sel : kept;
      if (run_sel.empty()) continue;
      detail::run(a.arg, ctx_, sc, b, run_sel);
      for (auto k : run_sel) {
        const std::size_t r = b + k;
        if (sc.err[k]) {
          fails[t].push_back({r, take[r] != 0, sc.msg[k]});
          take[r] = 0;
          continue;
        }
        own_ok[r] = 1;
        store(vals, a.arg, sc, k, r, wide[t]);
      }
    }
  });
  finish_column(vals, wide);
  const std::vector<std::int64_t>& vi = vals.i;  // an int argument

  check_budget("aggregate pass", n_, n_);
  // The first failing row (roster order) of a partition poisons it.
  std::vector<std::string> poison(nparts);
  std::unordered_map<std::size_t, std::string> own_error;
  for (auto& v : fails)
    for (auto& f : v) {
      std::string m = "in '" + a.text + "': " + f.msg + " (" + row_label(f.row) + ")";
      if (f.poisons) {
        if (part[f.row] >= 0 && poison[part[f.row]].empty()) poison[part[f.row]] = m;
      } else {
        own_error.emplace(f.row, std::move(m));
      }
    }

  // Accumulate per partition.
  const std::vector<std::int64_t> count =
      parallel_counts(n_, opt_.threads, static_cast<std::size_t>(nparts), [&](std::size_t r, std::vector<std::int64_t>& c) {
        if (take[r] && part[r] >= 0) ++c[part[r]];
      });
  std::vector<std::int64_t> out_i(ranks ? 0 : nparts, 0);
  std::vector<decimal> out_d(ranks ? 0 : nparts);
  std::vector<std::string> perr(nparts);
  const bool int_arg = a.has_arg && a.arg.kind == reg_kind::i;
  switch (a.kind) {
    case agg_kind::count:
      for (std::int32_t p = 0; p < nparts; ++p) out_i[p] = count[p];
      break;
    case agg_kind::sum:
    case agg_kind::avg: {
      std::vector<__int128> isum(int_arg && a.kind == agg_kind::sum ? nparts : 0, 0);
      std::vector<exact_sum> dsum(int_arg && a.kind == agg_kind::sum ? 0 : nparts);
      for (std::size_t r = 0; r < n_; ++r) {
        if (!take[r] || part[r] < 0) continue;
        if (!isum.empty()) isum[part[r]] += vi[r];
        else dsum[part[r]].add(int_arg ? decimal(vi[r]) : vals.dec(r));
      }
      for (std::int32_t p = 0; p < nparts; ++p) {
        if (a.kind == agg_kind::avg && count[p] == 0) {
          perr[p] = "avg over no rows in '" + a.text + "'";
          continue;
        }
        if (!isum.empty()) {
          if (isum[p] > INT64_MAX || isum[p] < INT64_MIN) perr[p] = "int overflow in '" + a.text + "'";
          else out_i[p] = static_cast<std::int64_t>(isum[p]);
          continue;
        }
        try {
          out_d[p] = a.kind == agg_kind::avg ? dsum[p].average(static_cast<std::uint64_t>(count[p])) : dsum[p].sum();
        } catch (const decimal_error& e) {
          perr[p] = decimal_message(e, a.text);
        }
      }
      break;
    }
    case agg_kind::min:
    case agg_kind::max: {
      const bool want_min = a.kind == agg_kind::min;
      std::vector<std::uint8_t> seen(nparts, 0);
      for (std::size_t r = 0; r < n_; ++r) {
        if (!take[r] || part[r] < 0) continue;
        const std::int32_t p = part[r];
        if (int_arg) {
          if (!seen[p] || (want_min ? vi[r] < out_i[p] : vi[r] > out_i[p])) out_i[p] = vi[r];
        } else {
          const decimal v = vals.dec(r);
          if (!seen[p] || (want_min ? v < out_d[p] : v > out_d[p])) out_d[p] = v;
        }
        seen[p] = 1;
      }
      for (std::int32_t p = 0; p < nparts; ++p)
        if (!seen[p]) perr[p] = (want_min ? "min" : "max") + std::string(" over no rows in '") + a.text + "'";
      break;
    }
    case agg_kind::rank_desc:
    case agg_kind::rank_asc: break;
  }

  if (!sl.per_row) {
    col.resize(sl.k, 1);
    if (!poison[0].empty() || !perr[0].empty()) {
      col.state[0] = 1;
      col.errors.emplace(0, !poison[0].empty() ? poison[0] : perr[0]);
    } else {
      col.state[0] = 0;
      if (sl.k == reg_kind::i) col.i[0] = out_i[0];
      else col.d[0] = out_d[0];
    }
    return;
  }
  col.resize(sl.k, n_);
  // Every row's value or error, on the evaluation's threads (f(r, errors)
  // writes row r's state and value, and its error into `errors`).
  auto fill_rows = [&](auto f) {
    std::vector<std::vector<std::pair<std::size_t, std::string>>> errs(std::max(1u, opt_.threads));
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned t) {
      for (std::size_t r = b; r < e; ++r) f(r, errs[t]);
    });
    for (auto& v : errs)
      for (auto& [r, m] : v) col.errors.emplace(r, std::move(m));
  };
  if (ranks) {
    const bool desc = a.kind == agg_kind::rank_desc;
    // Every row with its own value (in a partition) gets a rank: 1 + the
    // number of counted values of its partition strictly better.
    const std::vector<std::uint32_t> ranked =
        parallel_filter<std::uint32_t>(n_, opt_.threads, [&](std::size_t r) { return part[r] >= 0 && own_ok[r]; });
    std::vector<std::int64_t> key;
    // Ints, and compact decimals (one scale), are their own keys.
    const bool own_keys = int_arg || vals.scale >= 0;
    const bool compact = own_keys || scaled_keys(vals.d, ranked, key);
    // The count of better values goes straight into the column (the rank
    // is one more, below).
    if (compact) {
      check_budget("aggregate pass", n_, n_);
      if (own_keys)
        ranks_of(ranked, [&](std::size_t j) { return vi[ranked[j]]; }, part, take, nparts, desc, opt_.threads, col.i);
      else ranks_of(ranked, [&](std::size_t j) { return key[j]; }, part, take, nparts, desc, opt_.threads, col.i);
      check_budget("aggregate pass", n_, n_);
    }
    // The general path (values that do not fit a scaled int64): sort each
    // partition's values once; a row's rank is 1 + the number of values
    // strictly better, found by binary search: O(n log n).
    std::vector<std::vector<decimal>> sd(compact ? 0 : nparts);
    if (!compact) {
      for (std::size_t r = 0; r < n_; ++r)
        if (take[r] && part[r] >= 0) sd[part[r]].push_back(vals.d[r]);
      check_budget("aggregate pass", n_, n_);
      for (auto& v : sd) std::sort(v.begin(), v.end());
      check_budget("aggregate pass", n_, n_);
    }
    fill_rows([&](std::size_t r, std::vector<std::pair<std::size_t, std::string>>& errs) {
      const std::int32_t p = part[r];
      if (p < 0) return;
      if (!poison[p].empty()) {
        col.state[r] = 1;
        errs.emplace_back(r, poison[p]);
        return;
      }
      if (!own_ok[r]) {
        auto it = own_error.find(r);
        if (it == own_error.end()) return;  // not a valid row: no value
        col.state[r] = 1;
        errs.emplace_back(r, it->second);
        return;
      }
      std::int64_t better = 0;
      if (compact) {
        better = col.i[r];
      } else {
        const auto& v = sd[p];
        better = desc ? v.end() - std::upper_bound(v.begin(), v.end(), vals.d[r])
                      : std::lower_bound(v.begin(), v.end(), vals.d[r]) - v.begin();
      }
      col.state[r] = 0;
      col.i[r] = better + 1;
    });
    return;
  }
  fill_rows([&](std::size_t r, std::vector<std::pair<std::size_t, std::string>>& errs) {
    const std::int32_t p = read.empty() ? part[r] : read[r];
    if (p < 0) return;
    if (!poison[p].empty() || !perr[p].empty()) {
      col.state[r] = 1;
      errs.emplace_back(r, !poison[p].empty() ? poison[p] : perr[p]);
      return;
    }
    col.state[r] = 0;
    if (sl.k == reg_kind::i) col.i[r] = out_i[p];
    else col.d[r] = out_d[p];
  });
}

// ---- passes -----------------------------------------------------------------

void evaluator::run_validation() {
  pass_ = "validation pass";
  check_budget(pass_, 0, n_);
  for (const data_error& e : rows_.errors()) {
    if (e.row >= n_) continue;
    clean_[e.row] = 0;
    notes_.push_back({static_cast<std::uint32_t>(e.row), -1,
                      e.field.empty() ? e.message : "field '" + e.field + "': " + e.message});
  }
  // `check` rules: first those without aggregates, on the rows whose fields
  // all read cleanly; then the group checks, whose aggregates cover the rows
  // that passed the first (docs/language.md section 15).
  std::vector<std::uint8_t> failed(n_, 0);
  run_checks(false, clean_, failed);
  checked_.assign(n_, 0);
  for (std::size_t r = 0; r < n_; ++r) checked_[r] = clean_[r] && !failed[r];
  checked_fixed_ = true;
  run_checks(true, checked_, failed);
  for (std::size_t r = 0; r < n_; ++r) valid_[r] = clean_[r] && !failed[r];
  valid_fixed_ = true;
}

void evaluator::run_checks(bool group, const std::vector<std::uint8_t>& domain, std::vector<std::uint8_t>& failed) {
  std::vector<std::int32_t> checks;
  for (std::size_t j = 0; j < plan_.rules.size(); ++j)
    if (plan_.rules[j].kind == ast::rule_kind::check && plan_.rules[j].group_check == group) {
      checks.push_back(static_cast<std::int32_t>(j));
      for (std::int32_t s : plan_.rules[j].cond.slots) ensure(s);
    }
  if (checks.empty()) return;
  const std::size_t nrules = plan_.rules.size();
  parallel(n_, opt_.threads, [&](std::size_t b0, std::size_t e0, unsigned t) {
    scratch& sc = scratch_for(t);
    selection sel;
    std::vector<note>& notes = thread_notes_[t];
    for (std::size_t b = b0; b < e0; b += batch_size) {
      check_budget(pass_, b, n_);
      const std::size_t e = std::min(e0, b + batch_size);
      select(domain, b, e, sel);
      if (sel.empty()) continue;
      for (std::int32_t j : checks) {
        const rule_code& rc = plan_.rules[j];
        detail::run(rc.cond, ctx_, sc, b, sel);
        for (auto k : sel) {
          const std::size_t r = b + k;
          const bool err = sc.err[k] != 0;
          const bool ok = !err && sc.ri[rc.cond.result][k] != 0;
          // Notes go in rule order; take_result orders them by row, stably.
          if (err) notes.push_back({static_cast<std::uint32_t>(r), -1, sc.msg[k]});
          else if (!ok) notes.push_back({static_cast<std::uint32_t>(r), -1, "check failed: " + rc.label});
          if (!ok) failed[r] = 1;
          if (opt_.explain) {
            rules_out_[r * nrules + j] = err ? outcome::error : ok ? outcome::true_ : outcome::false_;
            if (err) rule_errors_out_[r * nrules + j] = sc.msg[k];
          }
        }
      }
    }
  });
  gather_notes();
}

void evaluator::run_rows() {
  pass_ = "row pass";
  check_budget(pass_, 0, n_);
  for (const rule_code& rc : plan_.rules)
    if (rc.kind != ast::rule_kind::check)
      for (std::int32_t s : rc.cond.slots) ensure(s);
  if (plan_.score_slot >= 0) ensure(plan_.score_slot);
  if (opt_.explain)
    for (std::size_t l = 0; l < m_.lets.size(); ++l) ensure(static_cast<std::int32_t>(l));

  const std::size_t nrules = plan_.rules.size();
  parallel(n_, opt_.threads, [&](std::size_t b0, std::size_t e0, unsigned t) {
    scratch& sc = scratch_for(t);
    selection sel, next;
    std::vector<note>& notes = thread_notes_[t];
    const std::size_t batch_rows = std::clamp<std::size_t>(n_, 1, batch_size);
    // Per batch row: it has an error; a rule decided it (a failed require, a
    // true veto). The errors' messages and the deciding rules are listed by
    // batch row in the order they arose (rule order, so each row's stay in
    // that order); most rows have neither, and pay only for the two bytes.
    std::vector<std::uint8_t> bad(batch_rows, 0), hit(batch_rows, 0);
    std::vector<std::pair<std::uint16_t, std::string>> errs;
    std::vector<std::pair<std::uint16_t, std::int32_t>> decided;
    auto run_rules = [&](ast::rule_kind kind, std::size_t b, bool want) {
      std::size_t cap_no = 0;
      for (std::size_t j = 0; j < nrules; ++j) {
        const rule_code& rc = plan_.rules[j];
        if (rc.kind != kind) {
          cap_no += rc.kind == ast::rule_kind::cap;
          continue;
        }
        detail::run(rc.cond, ctx_, sc, b, sel);
        const std::uint8_t* err = sc.err.data();
        const std::int64_t* res = sc.ri[rc.cond.result];
        for (auto k : sel) {
          const std::size_t r = b + k;
          const bool e = err[k] != 0;
          const bool v = !e && res[k] != 0;
          if (e) {
            bad[k] = 1;
            errs.emplace_back(k, sc.msg[k]);
          } else if (kind == ast::rule_kind::cap) {
            cap_true_[r * ncaps_ + cap_no] = v;
          } else if (v == want) {
            hit[k] = 1;
            decided.emplace_back(k, static_cast<std::int32_t>(j));
          }
          if (opt_.explain) {
            rules_out_[r * nrules + j] = e ? outcome::error : v ? outcome::true_ : outcome::false_;
            if (e) rule_errors_out_[r * nrules + j] = sc.msg[k];
          }
        }
        cap_no += kind == ast::rule_kind::cap;
      }
    };
    // The errors of the rows marked bad become their reasons (in order), and
    // the rows are errors; the deciding rules of the others become theirs.
    auto emit = [&](std::size_t b) {
      for (auto& [k, m] : errs) notes.push_back({static_cast<std::uint32_t>(b + k), -1, std::move(m)});
      for (auto [k, j] : decided)
        if (!bad[k]) notes.push_back({static_cast<std::uint32_t>(b + k), j, {}});
      errs.clear();
      decided.clear();
    };
    for (std::size_t b = b0; b < e0; b += batch_size) {
      check_budget(pass_, b, n_);
      const std::size_t e = std::min(e0, b + batch_size);
      select(valid_, b, e, sel);
      for (auto k : sel) bad[k] = hit[k] = 0;
      // Rows with an error, or decided by a rule, are settled; the others
      // go on to the next kind of rule.
      auto settle = [&](status outcome_status) {
        next.clear();
        for (auto k : sel) {
          if (bad[k]) status_[b + k] = status::error;
          else if (hit[k]) status_[b + k] = outcome_status;
          else next.push_back(k);
        }
        emit(b);
        sel.swap(next);
      };
      // Requires: every one is evaluated; an error wins over a false.
      run_rules(ast::rule_kind::require, b, false);
      settle(status::ineligible);
      run_rules(ast::rule_kind::veto, b, true);
      settle(status::vetoed);
      // Eligible rows: the score, then the caps.
      if (plan_.score_slot >= 0) {
        const slot_column& col = slots_[plan_.score_slot];
        if (!col.complete) {
          for (auto k : sel) {
            const std::size_t r = b + k;
            if (col.state[r] == 0) continue;
            auto it = col.errors.find(r);
            bad[k] = 1;
            errs.emplace_back(k, it != col.errors.end() ? it->second : "score has no value");
          }
        }
      }
      run_rules(ast::rule_kind::cap, b, true);
      for (auto k : sel) status_[b + k] = bad[k] ? status::error : status::eligible;
      emit(b);
    }
  });
  gather_notes();
}

void evaluator::run_outputs() {
  pass_ = "output pass";
  for (std::size_t o = 0; o < m_.outputs.size(); ++o) {
    check_budget(pass_, 0, n_);
    const std::int32_t s = plan_.first_output_slot + static_cast<std::int32_t>(o);
    ensure(s);
    const slot_column& col = slots_[s];
    // Per thread: rows that failed, and the first of them (roster order).
    std::vector<std::size_t> failures(std::max(1u, opt_.threads), 0), first_row(failures.size(), 0);
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned t) {
      for (std::size_t r = b; r < e; ++r) {
        if (!valid_[r]) continue;
        if (col.state[r] == 0) {
          outputs_out_[r * m_.outputs.size() + o] = column_value(col, s, r);
          continue;
        }
        if (failures[t]++ == 0) first_row[t] = r;
      }
    });
    std::size_t failed = 0;
    std::string first;
    for (std::size_t t = 0; t < failures.size(); ++t) {
      if (failures[t] == 0) continue;
      if (failed == 0) {
        const std::size_t r = first_row[t];
        auto it = col.errors.find(r);
        first = row_label(r) + ": " + (it != col.errors.end() ? it->second : "no value");
      }
      failed += failures[t];
    }
    if (failed)
      res_.warnings.push_back("output '" + m_.outputs[o].name.name + "' is null for " + std::to_string(failed) +
                              (failed == 1 ? " row" : " rows") + " (first: " + first + ")");
  }
}

merit::result evaluator::take_result() {
  using acc = table_access;
  candidate_table& t = res_.candidates;
  const unsigned threads = std::max(1u, opt_.threads);

  // Rows that did not pass validation are errors; then per thread: eligible,
  // ineligible, vetoed, errors.
  res_.eligible = res_.ineligible = res_.vetoed = res_.errors = 0;
  std::vector<std::array<std::size_t, 4>> counts(threads, std::array<std::size_t, 4>{});
  parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned th) {
    for (std::size_t r = b; r < e; ++r) {
      if (!valid_[r]) status_[r] = status::error;
      ++counts[th][static_cast<std::size_t>(status_[r])];
    }
  });
  for (const auto& c : counts) {
    res_.eligible += c[static_cast<std::size_t>(status::eligible)];
    res_.ineligible += c[static_cast<std::size_t>(status::ineligible)];
    res_.vetoed += c[static_cast<std::size_t>(status::vetoed)];
    res_.errors += c[static_cast<std::size_t>(status::error)];
  }

  // Rows, ids (typed like the key; null when it did not read), scores.
  // Row i is row i: the row column stays empty (see candidate_table).
  auto& flags = acc::flags(t);
  flags.assign(n_, 0);
  std::string& id_chars = acc::id_chars(t);
  const std::int32_t key = m_.key_field;
  const column* kc = key >= 0 ? &rows_.column(static_cast<std::size_t>(key)) : nullptr;
  const bool text_key = kc && !kc->texts.empty();
  auto& id_int = acc::id_int(t);
  if (kc && !text_key) id_int.assign(n_, 0);
  auto& id_end = acc::id_end(t);
  if (text_key) id_end.assign(n_, 0);
  // Per row its id's length (text ids), then the ends as running sums, then
  // the bytes at their places: the rows on the evaluation's threads.
  parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t r = b; r < e; ++r) {
      if (!kc || !kc->present[r]) continue;
      if (text_key) {
        id_end[r] = kc->texts[r].size();
        flags[r] |= acc::id_text_flag;
      } else {
        id_int[r] = kc->ints[r];
        flags[r] |= acc::id_int_flag;
      }
    }
  });
  if (text_key) {
    std::partial_sum(id_end.begin(), id_end.end(), id_end.begin());
    id_chars.resize(n_ ? id_end[n_ - 1] : 0);
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t r = b; r < e; ++r)
        if (kc->present[r]) kc->texts[r].copy(id_chars.data() + (r ? id_end[r - 1] : 0), kc->texts[r].size());
    });
  }
  // The score's slot column becomes the result's, compact as it is (an
  // int score at scale 0); explain() still reads the slots after the result
  // is taken, so it gets a copy there.
  auto& score = acc::score_scaled(t);
  acc::score_scale(t) = 0;
  if (plan_.score_slot >= 0) {
    slot_column& col = slots_[plan_.score_slot];
    const bool is_int = plan_.slots[plan_.score_slot].k == reg_kind::i;
    if (is_int || col.scale >= 0) {
      acc::score_scale(t) = is_int ? 0 : col.scale;
      score = opt_.explain ? col.i : std::move(col.i);
    } else {
      acc::score_scale(t) = -1;
      acc::score(t) = opt_.explain ? col.d : std::move(col.d);
    }
    const std::uint8_t f = is_int ? acc::score_flag | acc::score_int_flag : acc::score_flag;
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t r = b; r < e; ++r)
        if (status_[r] == status::eligible) flags[r] |= f;
    });
  } else {
    score.resize(n_);
  }

  // Reasons: the notes of every pass by row (stably, so each row keeps its
  // pass and rule order); a row marked as an error while entering a stage
  // has that one message instead.
  std::vector<std::uint32_t> rule_text(plan_.rules.size());
  for (std::size_t j = 0; j < plan_.rules.size(); ++j) rule_text[j] = acc::intern(t, plan_.rules[j].label);
  std::stable_sort(notes_.begin(), notes_.end(), [](const note& a, const note& b) { return a.row < b.row; });
  std::sort(overrides_.begin(), overrides_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  auto& reason_end = acc::reason_end(t);
  auto& reason_item = acc::reason_item(t);
  reason_end.resize(n_);
  reason_item.reserve(notes_.size() + overrides_.size());
  {
    // Row by row through the rows that have notes or an override (most rows
    // have neither: the ends of those between are filled as a run).
    std::size_t k = 0, o = 0, ended = 0;  // reason_end is set below row `ended`
    while (k < notes_.size() || o < overrides_.size()) {
      const std::size_t r = std::min<std::size_t>(k < notes_.size() ? notes_[k].row : n_,
                                                   o < overrides_.size() ? overrides_[o].first : n_);
      std::fill(reason_end.begin() + static_cast<std::ptrdiff_t>(ended),
                reason_end.begin() + static_cast<std::ptrdiff_t>(r), static_cast<std::uint32_t>(reason_item.size()));
      // The last override of a row is what mark_error left.
      std::size_t last = o;
      bool overridden = false;
      while (o < overrides_.size() && overrides_[o].first == r) {
        last = o++;
        overridden = true;
      }
      if (overridden) {
        reason_item.push_back(acc::append_text(t, std::move(overrides_[last].second)));
        while (k < notes_.size() && notes_[k].row == r) ++k;
      } else {
        for (; k < notes_.size() && notes_[k].row == r; ++k) {
          note& nt = notes_[k];
          reason_item.push_back(nt.rule >= 0 ? rule_text[static_cast<std::size_t>(nt.rule)]
                                             : acc::append_text(t, std::move(nt.message)));
        }
      }
      reason_end[r] = static_cast<std::uint32_t>(reason_item.size());
      ended = r + 1;
    }
    std::fill(reason_end.begin() + static_cast<std::ptrdiff_t>(ended), reason_end.end(),
              static_cast<std::uint32_t>(reason_item.size()));
  }
  std::vector<note>().swap(notes_);

  // Caps: the label of every true cap, source order, for rows that are not
  // errors (an eligible row's from the row pass; another's from a stage
  // that drew it `from all`). Two caps with one label both list it, as two
  // failed requires do (LANGUAGE.md section 6).
  auto& cap_end = acc::cap_end(t);
  auto& cap_item = acc::cap_item(t);
  cap_end.resize(n_);
  std::vector<std::uint32_t> cap_text;
  for (std::size_t j = 0; j < plan_.rules.size(); ++j)
    if (plan_.rules[j].kind == ast::rule_kind::cap) cap_text.push_back(rule_text[j]);
  // Each thread lists the labels of its rows (a contiguous range) with ends
  // counted from its own start; the lists are then joined in thread order.
  std::vector<std::vector<std::uint32_t>> lists(threads);
  parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned th) {
    // Plain pointers into vectors that do not grow meanwhile (else the
    // compiler reads every data pointer again for each row). A row's labels
    // are written without a branch per cap (which caps hold is as good as
    // random): every label, then the count moves past the ones that hold.
    // `items` has room for a row's labels before each row.
    const status* st = status_.data();
    const std::uint8_t* truth = cap_true_.data();
    std::uint32_t* ends = cap_end.data();
    const std::uint32_t* text = cap_text.data();
    const std::size_t ncaps = ncaps_;
    std::vector<std::uint32_t>& items = lists[th];
    std::size_t used = 0;
    if (ncaps) items.resize(std::max<std::size_t>(e - b, ncaps));
    for (std::size_t r = b; r < e; ++r) {
      if (ncaps && st[r] != status::error) {
        if (used + ncaps > items.size()) items.resize(2 * items.size());
        std::uint32_t* out = items.data();
        const std::uint8_t* holds = truth + r * ncaps;
        for (std::size_t c = 0; c < ncaps; ++c) {
          out[used] = text[c];
          used += holds[c] != 0;
        }
      }
      ends[r] = static_cast<std::uint32_t>(used);
    }
    items.resize(used);
  });
  if (lists.size() == 1) {
    cap_item = std::move(lists[0]);
  } else {
    // Joined on the threads: parallel() gives each thread the range it had
    // above, whose labels go after those of the ranges before it.
    std::vector<std::uint32_t> base(lists.size() + 1, 0);
    for (std::size_t th = 0; th < lists.size(); ++th)
      base[th + 1] = base[th] + static_cast<std::uint32_t>(lists[th].size());
    cap_item.resize(base.back());
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned th) {
      std::copy(lists[th].begin(), lists[th].end(), cap_item.begin() + base[th]);
      if (base[th] != 0)
        for (std::size_t r = b; r < e; ++r) cap_end[r] += base[th];
    });
  }

  // Stage places, and the last stage's selected, tier, rank and tie.
  auto& tier = acc::tier(t);
  tier.assign(n_, -1);
  auto& rank = acc::rank(t);
  rank.assign(n_, 0);
  const std::size_t nstages = places_.size();
  if (nstages > 0) {
    std::vector<std::int32_t> tier_text;
    for (const std::string& name : plan_.stages.back().tier_names)
      tier_text.push_back(static_cast<std::int32_t>(acc::intern(t, name)));
    const auto& lastp = places_.back();
    parallel(n_, opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t r = b; r < e; ++r) {
        const stage_place& last = lastp[r];
        bool tie = false;
        for (std::size_t s = 0; s < nstages; ++s) tie = tie || places_[s][r].tie;
        std::uint8_t f = 0;
        if (last.selected) {
          f |= acc::selected_flag;
          tier[r] = tier_text[static_cast<std::size_t>(last.tier)];
        }
        if (last.entered) {
          f |= acc::rank_flag;
          rank[r] = last.rank;
        }
        if (tie) f |= acc::tie_flag;
        flags[r] |= f;
      }
    });
  }
  acc::places(t) = std::move(places_);

  // Outputs (null where they failed), and when explaining, the lets and
  // every rule's outcome.
  acc::outputs_w(t) = m_.outputs.size();
  acc::outputs(t) = std::move(outputs_out_);
  if (opt_.explain) {
    const std::size_t nl = m_.lets.size();
    std::vector<value>& values = acc::values(t);
    values.assign(n_ * nl, value());
    for (std::size_t r = 0; r < n_; ++r) {
      // A row with a data error (a field, or a check) has no lets shown.
      if (!valid_[r]) continue;
      for (std::size_t l = 0; l < nl; ++l) {
        const slot_column& col = slots_[l];
        if (col.state[r] == 0) values[r * nl + l] = column_value(col, static_cast<std::int32_t>(l), r);
      }
    }
    acc::values_w(t) = nl;
    acc::rules_w(t) = plan_.rules.size();
    acc::rules(t) = std::move(rules_out_);
    acc::rule_errors(t) = std::move(rule_errors_out_);
  }
  acc::status(t) = std::move(status_);
  return std::move(res_);
}

void evaluator::release_spent_slots() {
  if (opt_.explain) return;  // explain reads every let after the run
  // What the passes after the row pass read: the stages' code (and the cap
  // conditions, for entrants that were not eligible), the outputs and the
  // score; and what any of those not computed yet will read to compute it
  // (a computed one needs nothing more).
  std::vector<std::uint8_t> keep(plan_.slots.size(), 0);
  std::vector<std::int32_t> todo;
  auto reads = [&](const code& c) { todo.insert(todo.end(), c.slots.begin(), c.slots.end()); };
  bool other_entrants = false;
  for (const stage_code& st : plan_.stages) {
    if (st.has_where) reads(st.where);
    for (const code& c : st.order) reads(c);
    reads(st.quota);
    for (const code& c : st.tier_sizes) reads(c);
    other_entrants = other_entrants || st.source != ast::from_kind::eligible;
  }
  for (const rule_code& rc : plan_.rules)
    if (other_entrants && rc.kind == ast::rule_kind::cap) reads(rc.cond);
  for (std::size_t o = 0; o < m_.outputs.size(); ++o) todo.push_back(plan_.first_output_slot + static_cast<std::int32_t>(o));
  if (plan_.score_slot >= 0) todo.push_back(plan_.score_slot);
  while (!todo.empty()) {
    const std::int32_t s = todo.back();
    todo.pop_back();
    if (keep[s]) continue;
    keep[s] = 1;
    if (slots_[s].done) continue;
    if (plan_.slots[s].kind == slot_kind::aggregate) {
      const aggregate& a = plan_.aggregates[plan_.slots[s].index];
      reads(a.arg);
      reads(a.filter);
    } else {
      reads(plan_.slot_code[s]);
    }
  }
  std::vector<std::int32_t>().swap(whole_part_);  // made again if a later aggregate needs it
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    slot_column& col = slots_[s];
    if (keep[s] || !col.done) continue;
    slot_column spent;
    spent.done = spent.released = true;
    col = std::move(spent);
  }
}

merit::result evaluator::run() {
  run_validation();
  run_rows();
  release_spent_slots();
  run_stages();
  run_outputs();
  return take_result();
}

}  // namespace merit::detail
