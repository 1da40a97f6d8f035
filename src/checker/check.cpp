// SPDX-License-Identifier: Apache-2.0
// merit - name resolution, static types and every compile-time rule
//
// The checker copies the declarations into the model and types the copies in
// place. Lets, the score and outputs are typed lazily (on first use, or in
// declaration order), which gives their dependency order as a post-order and
// finds cycles as a back edge. A node that fails gets type `none`; operators
// over a `none` operand stay silent, so one mistake is reported once.
#include "checker/check.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "common/utf8.hpp"
#include "merit/decimal.hpp"

namespace merit::detail {
namespace {

using ast::binary_op;
using ast::expr;
using ast::expr_kind;
using ast::literal;
using ast::literal_kind;
using ast::ref_kind;
using ast::rule_kind;
using ast::type_kind;

// ---------------------------------------------------------------------------
// Small helpers

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for_each_code_point(s, [&](char32_t c) { out.push_back(c); });
  return out;
}

std::size_t edit_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// The closest candidate within max(1, len/3) edits (code points), or "".
std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  const auto a = code_points(name);
  const std::size_t limit = std::max<std::size_t>(1, a.size() / 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == name) continue;
    const std::size_t d = edit_distance(a, code_points(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

/// `what 'name'` plus ` (did you mean 'x'?)` when a close candidate exists.
std::string with_suggestion(const std::string& what, const std::string& name,
                            const std::vector<std::string>& candidates, std::string* hint) {
  std::string msg = what + " '" + name + "'";
  const std::string s = closest(name, candidates);
  if (!s.empty()) {
    msg += " (did you mean '" + s + "'?)";
    if (hint) *hint = "did you mean '" + s + "'?";
  }
  return msg;
}

/// `s`, or `fallback` when the parser left `s` empty.
span or_else(span s, span fallback) { return s.end > s.begin ? s : fallback; }

bool is_numeric(type_kind k) { return k == type_kind::int_ || k == type_kind::decimal; }
bool is_orderable(type_kind k) { return is_numeric(k) || k == type_kind::date; }

std::string enum_name(const std::vector<std::string>& members) {
  std::string s = "enum(";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) s += ", ";
    s += "\"" + members[i] + "\"";
  }
  return s + ")";
}

std::string type_name(type_kind k, const std::vector<std::string>& members = {}) {
  switch (k) {
    case type_kind::int_: return "int";
    case type_kind::decimal: return "decimal";
    case type_kind::bool_: return "bool";
    case type_kind::text: return "text";
    case type_kind::date: return "date";
    case type_kind::enum_: return enum_name(members);
    case type_kind::none: break;
  }
  return "an unknown type";
}

std::string type_name(const expr& e) { return type_name(e.type, e.enum_members); }

type_kind literal_type(const literal& l) {
  switch (l.kind) {
    case literal_kind::integer: return type_kind::int_;
    case literal_kind::decimal:
    case literal_kind::percent: return type_kind::decimal;
    case literal_kind::date: return type_kind::date;
    case literal_kind::string: return type_kind::text;
    case literal_kind::boolean: return type_kind::bool_;
  }
  return type_kind::none;
}

bool is_number_literal(const literal& l) {
  return l.kind == literal_kind::integer || l.kind == literal_kind::decimal ||
         l.kind == literal_kind::percent;
}

/// The exact value of a number literal (percent already divided by 100).
std::optional<decimal> number_value(const literal& l) {
  if (!is_number_literal(l)) return std::nullopt;
  auto v = decimal::try_parse(l.text);
  if (!v) return std::nullopt;
  try {
    if (l.kind == literal_kind::percent) *v = *v / decimal(100);
  } catch (const decimal_error&) {
    return std::nullopt;
  }
  return l.negative ? -*v : *v;
}

/// A literal as it would be written.
std::string literal_text(const literal& l) {
  switch (l.kind) {
    case literal_kind::string: return "\"" + l.text + "\"";
    case literal_kind::boolean: return l.boolean ? "true" : "false";
    case literal_kind::percent: return (l.negative ? "-" : "") + l.text + "%";
    default: return (l.negative ? "-" : "") + l.text;
  }
}

/// A key identifying a literal's value, so that `1` and `1.0` clash.
std::string value_key(const literal& l) {
  switch (l.kind) {
    case literal_kind::string: return "s:" + l.text;
    case literal_kind::boolean: return l.boolean ? "b:1" : "b:0";
    case literal_kind::date: return "d:" + l.text;
    default: {
      const auto v = number_value(l);
      return v ? "n:" + v->to_string() : "x:" + l.text;
    }
  }
}

/// Condition source text with each run of whitespace and comments collapsed
/// to one space; string literals are kept as written.
std::string collapse_label(std::string_view s) {
  std::string out;
  bool space = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    if (c == '"') {
      out += c;
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) out += s[i++];
        out += s[i++];
      }
      if (i < s.size()) out += s[i++];
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

const char* function_names[] = {"least", "greatest", "abs", "clamp", "round_half_up",
                                "round_half_even", "floor", "ceil", "truncate",
                                "years_between", "days_between", "count", "sum", "avg",
                                "min", "max", "rank_desc", "rank_asc", "present", "weighted",
                                "selected", "tier", "rank", "entrants"};

const char* op_text(binary_op op) {
  switch (op) {
    case binary_op::or_: return "or";
    case binary_op::and_: return "and";
    case binary_op::eq: return "==";
    case binary_op::ne: return "!=";
    case binary_op::lt: return "<";
    case binary_op::le: return "<=";
    case binary_op::gt: return ">";
    case binary_op::ge: return ">=";
    case binary_op::add: return "+";
    case binary_op::sub: return "-";
    case binary_op::mul: return "*";
    case binary_op::div: return "/";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// The checker

/// Where an expression stands; decides which names and forms it may use.
enum class place : std::uint8_t {
  let, score, rule, check_rule, guard, output, stage_where, order_key, quota, tier_size,
  candidate,  // a computed field of `candidates by` (an extension): over the candidate's rows
};

struct ctx {
  place pl = place::let;
  bool in_agg = false;     // inside an aggregate's argument or filter
  int stage = -1;          // the stage of a where/order/quota/tier expression
  bool uses_agg = false;   // set when the expression uses an aggregate (directly or not)
};

bool is_size(place p) { return p == place::quota || p == place::tier_size; }

// event_field: with `candidates by`, a field of the rows that no candidate carries.
enum class sym : std::uint8_t { field, param, let, output, event_field };

struct symbol {
  sym kind;
  std::int32_t index;
  span where;
};

const char* sym_word(sym k) {
  switch (k) {
    case sym::field: return "an input field";
    case sym::param: return "a param";
    case sym::let: return "a let";
    case sym::output: return "an output";
    case sym::event_field: return "an input field of the rows (not of the candidates)";
  }
  return "a name";
}

enum class visit : std::uint8_t { todo, active, done };

struct guard {
  expr condition;
  bool uses_agg = false;
};

class checker {
 public:
  checker(const ast::program& p, const source_file& src) : prog_(p), src_(src) {}

  check_result run() {
    collect();
    check_fields();
    check_params();
    if (candidates_) regroup();
    // Lets and the score share one dependency graph: nodes 0..n-1 are the
    // lets, node n is the score.
    const std::size_t n = m_.lets.size();
    value_state_.assign(n + 1, visit::todo);
    value_uses_agg_.assign(n + 1, false);
    value_cycle_reported_.assign(n + 1, false);
    for (std::size_t i = 0; i < n; ++i) type_value(static_cast<int>(i));
    if (m_.score) type_value(static_cast<int>(n));
    m_.let_uses_aggregate.assign(value_uses_agg_.begin(), value_uses_agg_.begin() + n);
    m_.score_uses_aggregate = value_uses_agg_[n];
    check_stages();
    std::vector<guard> guards;
    for (const ast::rule* r : rules_) check_rule(*r, guards);
    output_state_.assign(m_.outputs.size(), visit::todo);
    output_cycle_reported_.assign(m_.outputs.size(), false);
    for (std::size_t i = 0; i < m_.outputs.size(); ++i) type_output(static_cast<int>(i));

    std::stable_sort(diags_.begin(), diags_.end(), [](const diagnostic& a, const diagnostic& b) {
      return a.where.begin < b.where.begin;
    });
    return check_result{std::move(m_), std::move(diags_)};
  }

 private:
  // -- diagnostics ----------------------------------------------------------

  void error(span where, const char* code, std::string message, std::string hint = {}) {
    diagnostic d;
    d.severity = severity::error;
    d.where = where;
    d.loc = src_.locate(where.begin);
    d.code = code;
    d.message = std::move(message);
    d.hint = std::move(hint);
    diags_.push_back(std::move(d));
  }

  std::string line_of(span s) const { return std::to_string(src_.locate(s.begin).line); }

  // -- pass 1: declarations -------------------------------------------------

  void declare(const ast::ident& id, sym kind, std::int32_t index) {
    auto it = names_.find(id.name);
    if (it != names_.end()) {
      error(id.where, "duplicate-name",
            "'" + id.name + "' is already declared as " + sym_word(it->second.kind) + " on line " +
                line_of(it->second.where));
      return;
    }
    names_.emplace(id.name, symbol{kind, index, id.where});
    name_list_.push_back(id.name);
  }

  void collect() {
    std::optional<span> scheme_at, input_at, score_at;
    for (const auto& d : prog_.decls) {
      if (const auto* s = std::get_if<ast::scheme_decl>(&d)) {
        if (scheme_at) {
          error(s->name.where, "duplicate-declaration",
                "a scheme has one 'scheme' declaration; the first is on line " + line_of(*scheme_at));
        } else {
          scheme_at = or_else(s->where, s->name.where);
          m_.scheme_name = s->name.text;
        }
      } else if (const auto* in = std::get_if<ast::input_decl>(&d)) {
        const span in_at = or_else(in->where, in->fields.empty() ? span{} : in->fields[0].name.where);
        if (input_at) {
          error(in_at, "duplicate-declaration",
                "a scheme has one 'input' block; the first is on line " + line_of(*input_at));
        } else {
          input_at = in_at;
        }
        for (const auto& f : in->fields) {
          declare(f.name, sym::field, static_cast<std::int32_t>(m_.fields.size()));
          m_.fields.push_back(f);
        }
      } else if (const auto* p = std::get_if<ast::param_decl>(&d)) {
        declare(p->name, sym::param, static_cast<std::int32_t>(m_.params.size()));
        m_.params.push_back(*p);
      } else if (const auto* l = std::get_if<ast::let_decl>(&d)) {
        declare(l->name, sym::let, static_cast<std::int32_t>(m_.lets.size()));
        m_.lets.push_back(*l);
      } else if (const auto* sc = std::get_if<ast::score_decl>(&d)) {
        if (score_at) {
          error(or_else(sc->where, sc->value.where), "duplicate-declaration",
                "'score' is declared twice; the first is on line " + line_of(*score_at));
        } else {
          score_at = or_else(sc->where, sc->value.where);
          score_where_ = *score_at;
          m_.score = sc->value;
        }
      } else if (const auto* r = std::get_if<ast::rule>(&d)) {
        rules_.push_back(r);
      } else if (const auto* o = std::get_if<ast::output_decl>(&d)) {
        declare(o->name, sym::output, static_cast<std::int32_t>(m_.outputs.size()));
        m_.outputs.push_back(*o);
      } else if (const auto* cd = std::get_if<ast::candidates_decl>(&d)) {
        if (candidates_)
          error(or_else(cd->where, cd->by.where), "duplicate-declaration",
                "a scheme has one 'candidates' declaration; the first is on line " +
                    line_of(or_else(candidates_->where, candidates_->by.where)));
        else
          candidates_ = cd;
      } else if (const auto* st = std::get_if<ast::stage_decl>(&d)) {
        const auto idx = static_cast<int>(stages_.size());
        auto it = stage_index_.find(st->name.text);
        if (it != stage_index_.end()) {
          error(st->name.where, "duplicate-name",
                "stage '" + st->name.text + "' is already declared on line " +
                    line_of(stages_[static_cast<std::size_t>(it->second)]->name.where));
        } else {
          stage_index_.emplace(st->name.text, idx);
          stage_names_.push_back(st->name.text);
        }
        stages_.push_back(st);
        bool has_tier = false;
        for (const auto& c : st->clauses) {
          if (c.kind == ast::clause_kind::tier) {
            has_tier = true;
            add_tier_name(c.tier_name.text);
          }
        }
        if (!has_tier) add_tier_name(st->name.text);
      }
    }
    if (!scheme_at) error(span{}, "missing-declaration", "missing 'scheme' declaration",
                          "start the file with scheme \"name\"");
    if (!input_at) error(span{}, "missing-declaration", "missing 'input' declaration",
                         "declare the roster's columns in input { ... }");
  }

  void add_tier_name(const std::string& name) {
    if (tier_names_.insert(name).second) tier_list_.push_back(name);
  }

  // -- fields and params ----------------------------------------------------

  void check_enum_type(const ast::type_ref& t, span fallback) {
    if (t.kind != type_kind::enum_) return;
    std::set<std::string> seen;
    for (const auto& mem : t.members) {
      if (!seen.insert(mem).second)
        error(or_else(t.where, fallback), "duplicate-member", "enum member '" + mem + "' is listed twice");
    }
  }

  /// Whether literal `l` is a value of type `t`; reports why not.
  bool literal_fits(const literal& l, const ast::type_ref& t, const std::string& what) {
    const type_kind lk = literal_type(l);
    bool ok = false;
    switch (t.kind) {
      case type_kind::int_: ok = l.kind == literal_kind::integer; break;
      case type_kind::decimal: ok = is_number_literal(l); break;
      case type_kind::enum_:
        if (l.kind == literal_kind::string) {
          if (std::find(t.members.begin(), t.members.end(), l.text) == t.members.end()) {
            error(l.where, "not-a-member",
                  "'" + l.text + "' is not a member of " + enum_name(t.members));
            return false;
          }
          return true;
        }
        break;
      default: ok = lk == t.kind; break;
    }
    if (!ok) {
      error(l.where, "type-mismatch",
            what + " must be " + type_name(t.kind, t.members) + ", not " + type_name(lk) + " " +
                literal_text(l));
      return false;
    }
    if (is_number_literal(l) && !number_value(l)) {
      error(l.where, "bad-number", "invalid number " + literal_text(l));
      return false;
    }
    return true;
  }

  /// -1, 0, 1 for a < b, a == b, a > b (both fit the same orderable type).
  static int compare_literals(const literal& a, const literal& b) {
    if (a.kind == literal_kind::date) return a.text < b.text ? -1 : a.text == b.text ? 0 : 1;
    const auto x = *number_value(a);
    const auto y = *number_value(b);
    return x < y ? -1 : x == y ? 0 : 1;
  }

  void check_fields() {
    int key = -1;
    for (std::size_t i = 0; i < m_.fields.size(); ++i) {
      const auto& f = m_.fields[i];
      check_enum_type(f.type, f.name.where);
      const std::string fname = "'" + f.name.name + "'";
      if (f.key && candidates_) {
        error(f.name.where, "bad-key",
              "the rows are grouped into candidates by '" + candidates_->by.name +
                  "', which is the candidates' key; a row has no key field");
      } else if (f.key) {
        if (key >= 0) {
          error(f.name.where, "two-keys",
                "only one key field is allowed; '" +
                    m_.fields[static_cast<std::size_t>(key)].name.name + "' on line " +
                    line_of(m_.fields[static_cast<std::size_t>(key)].name.where) +
                    " is already the key");
        } else {
          key = static_cast<int>(i);
        }
        if (f.type.kind != type_kind::int_ && f.type.kind != type_kind::text)
          error(f.name.where, "bad-key",
                "key field " + fname + " must be text or int, not " +
                    type_name(f.type.kind, f.type.members));
        if (f.default_value)
          error(f.default_value->where, "bad-key", "key field " + fname + " cannot have a default");
        if (f.optional) error(f.name.where, "bad-key", "key field " + fname + " cannot be optional");
      }
      bool range_ok = false;
      if (f.lo && f.hi) {
        if (!is_orderable(f.type.kind)) {
          error(f.lo->where, "bad-range",
                "'in' ranges apply only to int, decimal and date fields; " + fname + " is " +
                    type_name(f.type.kind, f.type.members));
        } else {
          const bool a = literal_fits(*f.lo, f.type, "the range bound of " + fname);
          const bool b = literal_fits(*f.hi, f.type, "the range bound of " + fname);
          if (a && b) {
            if (compare_literals(*f.lo, *f.hi) > 0) {
              error(f.lo->where, "bad-range",
                    "empty range for " + fname + ": " + literal_text(*f.lo) + " is greater than " +
                        literal_text(*f.hi));
            } else {
              range_ok = true;
            }
          }
        }
      }
      if (f.default_value && !f.key) {
        if (literal_fits(*f.default_value, f.type, "the default of " + fname) && range_ok &&
            (compare_literals(*f.default_value, *f.lo) < 0 ||
             compare_literals(*f.default_value, *f.hi) > 0)) {
          error(f.default_value->where, "bad-default",
                "the default of " + fname + " (" + literal_text(*f.default_value) +
                    ") is outside its range [" + literal_text(*f.lo) + ", " +
                    literal_text(*f.hi) + "]");
        }
      }
    }
    if (key < 0 && !m_.fields.empty() && !candidates_) {
      span at{};
      for (const auto& d : prog_.decls)
        if (const auto* in = std::get_if<ast::input_decl>(&d)) {
          at = or_else(in->where, in->fields.empty() ? span{} : in->fields[0].name.where);
          break;
        }
      error(at, "no-key", "the input has no key field",
            "mark one text or int field with 'key', e.g. id: text key");
    }
    m_.key_field = key;
  }

  void check_params() {
    for (const auto& p : m_.params) {
      check_enum_type(p.type, p.name.where);
      if (p.default_value) literal_fits(*p.default_value, p.type, "the default of '" + p.name.name + "'");
    }
  }

  // -- candidates built from the rows ----------------------------------------

  /// Every aggregate of a computed candidate field covers the candidate's
  /// rows: in the rows' model it is taken `over` the grouping field.
  static void over_candidate(expr& e, const ast::ident& by) {
    if (e.kind == expr_kind::aggregate) {
      e.over = {by};  // aggregates do not nest
      return;
    }
    for (auto& a : e.args) over_candidate(a, by);
    for (auto& f : e.filter) over_candidate(f, by);
    for (auto& arm : e.arms)
      for (auto& v : arm.value) over_candidate(v, by);
  }

  /// `candidates by f { ... }` (docs/language.md section 15): the input
  /// fields become the rows' fields (a model of their own, `m_.group`), and
  /// the scheme's fields become the candidates': the key `f`, then the items
  /// in order, each carried from the rows or computed over them.
  void regroup() {
    const ast::candidates_decl& cd = *candidates_;
    std::vector<ast::field> rows = m_.fields;
    for (std::size_t i = 0; i < rows.size(); ++i) event_index_.emplace(rows[i].name.name, static_cast<std::int32_t>(i));
    grouping g;
    g.where = cd.where;
    std::vector<ast::field> fields;
    ast::field key;
    key.name = cd.by;
    key.type.kind = type_kind::text;
    if (auto it = event_index_.find(cd.by.name); it == event_index_.end()) {
      report_unknown_name(cd.by.name, cd.by.where);
    } else {
      const ast::field& f = rows[static_cast<std::size_t>(it->second)];
      if (f.type.kind != type_kind::text && f.type.kind != type_kind::int_)
        error(cd.by.where, "bad-key",
              "the candidates' key '" + cd.by.name + "' must be text or int, not " +
                  type_name(f.type.kind, f.type.members));
      else if (f.optional)
        error(cd.by.where, "bad-key",
              "the candidates' key '" + cd.by.name + "' cannot be optional: every row names its candidate");
      else if (f.default_value)
        error(cd.by.where, "bad-key",
              "the candidates' key '" + cd.by.name + "' cannot have a default: every row names its candidate");
      g.by = it->second;
      key = f;
      key.lo.reset();
      key.hi.reset();
    }
    key.key = true;
    fields.push_back(key);
    g.carried.push_back(g.by);
    g.computed.push_back(-1);
    g.defaults.emplace_back();
    struct pending {
      std::size_t field;
      const ast::candidate_item* item;
    };
    std::vector<pending> computed;
    std::map<std::string, span> seen{{cd.by.name, cd.by.where}};
    for (const ast::candidate_item& item : cd.items) {
      const std::string& name = item.name.name;
      if (auto [at, fresh] = seen.emplace(name, item.name.where); !fresh) {
        error(item.name.where, "duplicate-name",
              name == cd.by.name ? "'" + name + "' is the candidates' key already"
                                 : "'" + name + "' is listed twice in 'candidates' (first on line " +
                                       line_of(at->second) + ")");
        continue;
      }
      const auto it = event_index_.find(name);
      if (item.value.empty()) {
        if (it == event_index_.end()) {
          std::string hint;
          std::vector<std::string> row_names;
          for (const auto& f : rows) row_names.push_back(f.name.name);
          error(item.name.where, "unknown-name", with_suggestion("unknown input field", name, row_names, &hint),
                hint.empty() ? "a name alone carries the rows' field of that name; give a new field a definition, "
                               "e.g. " + name + " = count()"
                             : hint);
          continue;
        }
        ast::field f = rows[static_cast<std::size_t>(it->second)];
        g.defaults.push_back(f.default_value);
        f.default_value.reset();
        f.lo.reset();
        f.hi.reset();
        fields.push_back(f);
        g.carried.push_back(it->second);
        g.computed.push_back(-1);
        rows[static_cast<std::size_t>(it->second)].optional = true;  // a row may leave it to another
        rows[static_cast<std::size_t>(it->second)].default_value.reset();
        continue;
      }
      if (it != event_index_.end()) {
        error(item.name.where, "duplicate-name",
              "'" + name + "' is already declared as an input field on line " +
                  line_of(rows[static_cast<std::size_t>(it->second)].name.where) +
                  "; write it alone to carry it, or give the computed field a name of its own");
        continue;
      }
      if (auto other = names_.find(name); other != names_.end()) {
        error(item.name.where, "duplicate-name",
              "'" + name + "' is already declared as " + sym_word(other->second.kind) + " on line " +
                  line_of(other->second.where));
        continue;
      }
      ast::field f;
      f.name = item.name;
      f.where = item.where;
      computed.push_back({fields.size(), &item});
      fields.push_back(f);
      g.carried.push_back(-1);
      g.computed.push_back(-1);
      g.defaults.emplace_back();
    }
    // The computed fields, typed against the rows (a carried field is
    // optional on each row).
    event_fields_ = rows;
    auto ev = std::make_shared<model>();
    ev->scheme_name = m_.scheme_name;
    ev->fields = rows;
    ev->params = m_.params;
    for (const pending& p : computed) {
      ctx c;
      c.pl = place::candidate;
      expr v = p.item->value[0];
      check_expr(v, c);
      ast::field& f = fields[p.field];
      f.type.kind = v.type;
      f.type.members = v.enum_members;
      over_candidate(v, cd.by);
      g.computed[p.field] = static_cast<std::int32_t>(ev->lets.size());
      ev->let_order.push_back(static_cast<std::int32_t>(ev->lets.size()));
      ev->let_uses_aggregate.push_back(c.uses_agg);
      ev->lets.push_back(ast::let_decl{p.item->name, std::move(v), p.item->where});
    }
    g.events = std::move(ev);
    // Outside the block, names are the candidates' fields; a field of the
    // rows that no candidate carries stays declared, so that its name is
    // not taken twice and a use of it is explained.
    for (auto& entry : names_)
      if (entry.second.kind == sym::field) entry.second.kind = sym::event_field;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const auto it = names_.find(fields[k].name.name);
      if (it != names_.end()) {
        it->second = symbol{sym::field, static_cast<std::int32_t>(k), it->second.where};
      } else {
        names_.emplace(fields[k].name.name, symbol{sym::field, static_cast<std::int32_t>(k), fields[k].name.where});
        name_list_.push_back(fields[k].name.name);
      }
    }
    m_.fields = std::move(fields);
    m_.key_field = 0;
    m_.group = std::move(g);
  }

  /// A name inside a computed candidate field: a field of the rows (inside
  /// an aggregate only) or a param.
  void check_row_name(expr& e, ctx& c) {
    const std::string& name = e.id.name;
    const span at = e.id.where.end > e.id.where.begin ? e.id.where : e.where;
    if (auto it = event_index_.find(name); it != event_index_.end()) {
      if (!c.in_agg) {
        error(at, "misplaced",
              "a candidate's field is computed over the candidate's rows: the rows' field '" + name +
                  "' can be used only inside an aggregate, e.g. count(where " + name + " ...)");
        return;
      }
      const ast::field& f = event_fields_[static_cast<std::size_t>(it->second)];
      e.ref = ref_kind::field;
      e.ref_index = it->second;
      set_type(e, f.type.kind, f.type.members);
      return;
    }
    if (auto it = names_.find(name); it != names_.end()) {
      if (it->second.kind == sym::param) {
        e.ref = ref_kind::param;
        e.ref_index = it->second.index;
        const auto& p = m_.params[static_cast<std::size_t>(it->second.index)];
        set_type(e, p.type.kind, p.type.members);
        return;
      }
      error(at, "misplaced",
            "a candidate's field may use the rows' fields and params, not " + std::string(sym_word(it->second.kind)) +
                " '" + name + "'");
      return;
    }
    std::vector<std::string> known;
    for (const auto& f : event_fields_) known.push_back(f.name.name);
    for (const auto& p : m_.params) known.push_back(p.name.name);
    std::string hint;
    error(at, "unknown-name", with_suggestion("unknown name", name, known, &hint), hint);
  }

  // -- lets, score, outputs -------------------------------------------------

  int score_node() const { return static_cast<int>(m_.lets.size()); }

  std::string value_name(int node) const {
    return node == score_node() ? "score" : m_.lets[static_cast<std::size_t>(node)].name.name;
  }

  /// Types let/score `node` if not done yet. Returns false when the node is
  /// on the current path (a cycle), after reporting it once.
  bool type_value(int node) {
    const auto u = static_cast<std::size_t>(node);
    if (value_state_[u] == visit::done) return true;
    if (value_state_[u] == visit::active) {
      const auto pos = std::find(value_path_.begin(), value_path_.end(), node);
      if (!value_cycle_reported_[u]) {
        std::string msg = "cycle among lets: ";
        for (auto it = pos; it != value_path_.end(); ++it) {
          msg += value_name(*it) + " -> ";
          value_cycle_reported_[static_cast<std::size_t>(*it)] = true;
        }
        msg += value_name(node);
        const span at = node == score_node() ? score_where_ : m_.lets[u].name.where;
        error(at, "cycle", msg);
      }
      return false;
    }
    value_state_[u] = visit::active;
    value_path_.push_back(node);
    ctx c;
    if (node == score_node()) {
      c.pl = place::score;
      check_expr(*m_.score, c);
      if (m_.score->type != type_kind::none && !is_numeric(m_.score->type)) {
        error(m_.score->where, "type-mismatch",
              "the score must be an int or a decimal, not " + type_name(*m_.score));
        set_type(*m_.score, type_kind::none);  // its uses are not reported again
      }
      m_.score_position = static_cast<std::int32_t>(m_.let_order.size());
    } else {
      c.pl = place::let;
      check_expr(m_.lets[u].value, c);
      m_.let_order.push_back(node);
    }
    value_uses_agg_[u] = c.uses_agg;
    value_path_.pop_back();
    value_state_[u] = visit::done;
    return true;
  }

  bool type_output(int i) {
    const auto u = static_cast<std::size_t>(i);
    if (output_state_[u] == visit::done) return true;
    if (output_state_[u] == visit::active) {
      if (!output_cycle_reported_[u]) {
        const auto pos = std::find(output_path_.begin(), output_path_.end(), i);
        std::string msg = "cycle among outputs: ";
        for (auto it = pos; it != output_path_.end(); ++it) {
          msg += m_.outputs[static_cast<std::size_t>(*it)].name.name + " -> ";
          output_cycle_reported_[static_cast<std::size_t>(*it)] = true;
        }
        msg += m_.outputs[u].name.name;
        error(m_.outputs[u].name.where, "cycle", msg);
      }
      return false;
    }
    output_state_[u] = visit::active;
    output_path_.push_back(i);
    ctx c;
    c.pl = place::output;
    check_expr(m_.outputs[u].value, c);
    m_.output_order.push_back(i);
    output_path_.pop_back();
    output_state_[u] = visit::done;
    return true;
  }

  // -- rules ----------------------------------------------------------------

  void require_bool(const expr& e, const std::string& what) {
    if (e.type != type_kind::none && e.type != type_kind::bool_)
      error(e.where, "type-mismatch", what + " must be a bool, not " + type_name(e));
  }

  static expr make_bool_node(expr_kind kind, span where) {
    expr e;
    e.kind = kind;
    e.where = where;
    e.type = type_kind::bool_;
    return e;
  }

  static expr fold(rule_kind kind, const expr& g, expr inner) {
    const span where = inner.where;
    expr out = make_bool_node(expr_kind::binary, where);
    if (kind == rule_kind::require || kind == rule_kind::check) {
      expr n = make_bool_node(expr_kind::not_, g.where);
      n.args.push_back(g);
      out.op = binary_op::or_;
      out.args.push_back(std::move(n));
    } else {
      out.op = binary_op::and_;
      out.args.push_back(g);
    }
    out.args.push_back(std::move(inner));
    return out;
  }

  void check_rule(const ast::rule& r, std::vector<guard>& guards) {
    if (r.kind == rule_kind::when) {
      guard g;
      g.condition = r.condition;
      ctx c;
      c.pl = place::guard;
      check_expr(g.condition, c);
      require_bool(g.condition, "a 'when' guard");
      g.uses_agg = c.uses_agg;
      guards.push_back(std::move(g));
      for (const auto& inner : r.body) check_rule(inner, guards);
      guards.pop_back();
      return;
    }
    checked_rule out;
    out.kind = r.kind;
    out.where = r.where;
    out.condition = r.condition;
    ctx c;
    c.pl = r.kind == rule_kind::check ? place::check_rule : place::rule;
    check_expr(out.condition, c);
    const char* word = r.kind == rule_kind::require ? "a require condition"
                       : r.kind == rule_kind::veto  ? "a veto condition"
                       : r.kind == rule_kind::check ? "a check condition"
                                                    : "a cap condition";
    require_bool(out.condition, word);
    if (r.kind == rule_kind::check) {
      for (const auto& g : guards) {
        if (g.uses_agg) {
          error(r.where, "aggregate-in-check",
                "a check's 'when' guard may not use aggregates");
          break;
        }
      }
    }
    if (r.kind == rule_kind::cap) {
      out.cap_none = r.cap_none;
      if (r.cap_tier) {
        out.cap_tier = r.cap_tier->text;
        if (!tier_names_.count(out.cap_tier)) {
          std::string hint;
          error(r.cap_tier->where, "unknown-tier",
                with_suggestion("unknown tier", out.cap_tier, tier_list_, &hint), hint);
        }
      }
    }
    out.label = r.label ? r.label->text : collapse_label(src_.slice(r.condition.where));
    for (auto it = guards.rbegin(); it != guards.rend(); ++it)
      out.condition = fold(r.kind, it->condition, std::move(out.condition));
    m_.rules.push_back(std::move(out));
  }

  // -- stages ---------------------------------------------------------------

  void check_stages() {
    for (std::size_t si = 0; si < stages_.size(); ++si) {
      const ast::stage_decl& st = *stages_[si];
      checked_stage cs;
      cs.name = st.name.text;
      cs.where = st.where;
      const std::string sname = "stage '" + st.name.text + "'";
      std::set<std::string> by_seen;
      for (const auto& b : st.by) {
        if (!by_seen.insert(b.name).second) {
          error(b.where, "duplicate-name", "'" + b.name + "' is listed twice after 'by'");
          continue;
        }
        const auto f = partition_field(b, "by");
        if (f >= 0) cs.by.push_back(f);
      }
      by_fields_.push_back(cs.by);

      const ast::clause* first_from = nullptr;
      const ast::clause* first_where = nullptr;
      const ast::clause* first_order = nullptr;
      const ast::clause* first_quota = nullptr;
      const ast::clause* first_ties = nullptr;
      const ast::clause* first_rest = nullptr;
      const ast::clause* first_distinct = nullptr;
      std::map<std::string, span> tiers_seen;
      auto once = [&](const ast::clause*& first, const ast::clause& c, const char* what) {
        if (first) {
          error(c.where, "duplicate-clause",
                std::string("a stage has at most one '") + what + "'; the first is on line " +
                    line_of(first->where));
          return false;
        }
        first = &c;
        return true;
      };
      for (const auto& c : st.clauses) {
        switch (c.kind) {
          case ast::clause_kind::from:
            if (!once(first_from, c, "from")) break;
            cs.source = c.source;
            if (c.source == ast::from_kind::stage) {
              auto it = stage_index_.find(c.source_stage.text);
              if (it == stage_index_.end()) {
                std::string hint;
                error(c.source_stage.where, "unknown-stage",
                      with_suggestion("unknown stage", c.source_stage.text, stage_names_, &hint),
                      hint);
              } else if (static_cast<std::size_t>(it->second) == si) {
                error(c.source_stage.where, "stage-order", "a stage cannot draw from itself");
              } else if (static_cast<std::size_t>(it->second) > si) {
                error(c.source_stage.where, "stage-order",
                      "'from' must name an earlier stage; '" + c.source_stage.text +
                          "' comes later, on line " +
                          line_of(stages_[static_cast<std::size_t>(it->second)]->name.where));
              } else {
                cs.source_stage = it->second;
              }
            }
            break;
          case ast::clause_kind::where: {
            if (!once(first_where, c, "where") || c.value.empty()) break;
            expr e = c.value[0];
            ctx x;
            x.pl = place::stage_where;
            x.stage = static_cast<int>(si);
            check_expr(e, x);
            require_bool(e, "a stage's 'where'");
            cs.filter = std::move(e);
            break;
          }
          case ast::clause_kind::order_by:
            if (!once(first_order, c, "order by")) break;
            for (const auto& k : c.keys) {
              ast::order_key key = k;
              ctx x;
              x.pl = place::order_key;
              x.stage = static_cast<int>(si);
              check_expr(key.key, x);
              if (key.key.type != type_kind::none && !is_orderable(key.key.type))
                error(key.key.where, "type-mismatch",
                      "an 'order by' key must be an int, a decimal or a date, not " +
                          type_name(key.key));
              cs.order.push_back(std::move(key));
            }
            break;
          case ast::clause_kind::quota: {
            if (!once(first_quota, c, "quota") || c.value.empty()) break;
            cs.quota = c.value[0];
            ctx x;
            x.pl = place::quota;
            x.stage = static_cast<int>(si);
            check_expr(cs.quota, x);
            require_size(cs.quota, "quota");
            break;
          }
          case ast::clause_kind::tier: {
            checked_tier t;
            t.name = c.tier_name.text;
            t.rest = c.rest;
            t.where = c.where;
            auto [it, fresh] = tiers_seen.emplace(t.name, c.tier_name.where);
            if (!fresh)
              error(c.tier_name.where, "duplicate-name",
                    "tier '" + t.name + "' is already declared in this stage on line " +
                        line_of(it->second));
            if (c.rest) {
              if (first_rest)
                error(c.where, "duplicate-clause",
                      "a stage has at most one 'rest' tier; the first is on line " +
                          line_of(first_rest->where));
              else
                first_rest = &c;
            } else if (!c.value.empty()) {
              expr e = c.value[0];
              ctx x;
              x.pl = place::tier_size;
              x.stage = static_cast<int>(si);
              check_expr(e, x);
              require_size(e, "a tier size");
              t.size = std::move(e);
            }
            cs.tiers.push_back(std::move(t));
            break;
          }
          case ast::clause_kind::ties:
            if (!once(first_ties, c, "ties")) break;
            cs.ties_share = c.ties_share;
            break;
          case ast::clause_kind::distinct: {
            if (!once(first_distinct, c, "distinct")) break;
            std::set<std::string> seen;
            for (const auto& d : c.fields) {
              if (!seen.insert(d.name).second) {
                error(d.where, "duplicate-name", "'" + d.name + "' is listed twice after 'distinct'");
                continue;
              }
              const auto f = partition_field(d, "distinct");
              if (f < 0) continue;
              if (std::find(cs.by.begin(), cs.by.end(), f) != cs.by.end()) {
                error(d.where, "bad-partition",
                      "'" + d.name + "' is a 'by' field of " + sname +
                          ": each partition has one value of it, so 'distinct' cannot spread over it");
                continue;
              }
              cs.distinct.push_back(f);
            }
            break;
          }
        }
      }
      if (!first_order)
        error(st.name.where, "missing-clause", sname + " needs an 'order by' clause");
      if (!first_quota) error(st.name.where, "missing-clause", sname + " needs a 'quota' clause");
      m_.stages.push_back(std::move(cs));
    }
  }

  void require_size(const expr& e, const std::string& what) {
    if (e.type == type_kind::decimal) {
      error(e.where, "type-mismatch",
            what + " must be an int; round it, e.g. round_half_up(...)");
    } else if (e.type != type_kind::none && e.type != type_kind::int_) {
      error(e.where, "type-mismatch", what + " must be an int, not " + type_name(e));
    }
  }

  /// A `by`, `over` or `distinct` field: an input field of an allowed type,
  /// not optional (the fields of a join may be).
  /// Returns its index or -1 after reporting.
  int partition_field(const ast::ident& id, const char* what, bool may_be_optional = false) {
    auto it = names_.find(id.name);
    if (it == names_.end()) {
      report_unknown_name(id.name, id.where);
      return -1;
    }
    if (it->second.kind == sym::event_field) {
      error(id.where, "misplaced", rows_only(id.name));
      return -1;
    }
    if (it->second.kind != sym::field) {
      error(id.where, "bad-partition",
            std::string("'") + what + "' needs input fields; '" + id.name + "' is " +
                sym_word(it->second.kind));
      return -1;
    }
    const auto& f = m_.fields[static_cast<std::size_t>(it->second.index)];
    const type_kind k = f.type.kind;
    if (k == type_kind::decimal) {
      error(id.where, "bad-partition",
            std::string("'") + what + "' field '" + id.name +
                "' must be text, enum, int, bool or date, not decimal");
      return -1;
    }
    if (f.optional && !may_be_optional) {
      error(id.where, "bad-partition",
            std::string("'") + what + "' field '" + id.name + "' may not be optional");
      return -1;
    }
    return it->second.index;
  }

  // -- expressions ----------------------------------------------------------

  void report_unknown_name(const std::string& name, span where) {
    std::string hint;
    error(where, "unknown-name", with_suggestion("unknown name", name, name_list_, &hint), hint);
  }

  void size_misuse(const expr& e, const std::string& what, const ctx& c) {
    error(e.where, "size-expression",
          std::string(c.pl == place::quota ? "quota" : "a tier size") + " cannot use " + what +
              "; sizes may use literals, params, the stage's 'by' fields, aggregates and entrants()");
  }

  void set_type(expr& e, type_kind k, const std::vector<std::string>& members = {}) {
    e.type = k;
    if (k == type_kind::enum_) e.enum_members = members;
    else e.enum_members.clear();
  }

  void copy_type(expr& to, const expr& from) { set_type(to, from.type, from.enum_members); }

  void check_expr(expr& e, ctx& c) {
    e.type = type_kind::none;
    e.enum_members.clear();
    switch (e.kind) {
      case expr_kind::literal:
        set_type(e, literal_type(e.lit));
        if (is_number_literal(e.lit) && !number_value(e.lit)) {
          error(e.where, "bad-number", "invalid number " + literal_text(e.lit));
          e.type = type_kind::none;
        }
        break;
      case expr_kind::name: check_name(e, c); break;
      case expr_kind::score: check_score_ref(e, c); break;
      case expr_kind::quota:
        if (c.pl != place::tier_size || c.in_agg)
          error(e.where, "misplaced", "'quota' can only be used in tier sizes");
        else
          e.type = type_kind::int_;
        break;
      case expr_kind::negate: {
        auto& a = e.args.at(0);
        check_expr(a, c);
        if (is_numeric(a.type)) copy_type(e, a);
        else if (a.type != type_kind::none)
          error(a.where, "type-mismatch", "'-' needs a number, not " + type_name(a));
        break;
      }
      case expr_kind::not_: {
        auto& a = e.args.at(0);
        check_expr(a, c);
        require_bool(a, "the operand of 'not'");
        e.type = type_kind::bool_;
        break;
      }
      case expr_kind::binary: check_binary(e, c); break;
      case expr_kind::in_list: check_in_list(e, c); break;
      case expr_kind::if_: {
        check_expr(e.args.at(0), c);
        require_bool(e.args[0], "an 'if' condition");
        check_expr(e.args.at(1), c);
        check_expr(e.args.at(2), c);
        unify(e, {&e.args[1], &e.args[2]}, "'if' branches");
        break;
      }
      case expr_kind::match: check_match(e, c); break;
      case expr_kind::aggregate: check_aggregate(e, c); break;
      case expr_kind::present: check_present(e, c); break;
      case expr_kind::weighted: check_weighted(e, c); break;
      case expr_kind::stage_fn: {
        const std::string fn = e.id.name + "()";
        // Stage results exist after the stages, when outputs are computed:
        // an output may also aggregate them (a tally of stars per person).
        if (c.pl != place::output)
          error(e.where, "misplaced",
                c.in_agg ? "an aggregate's argument may use " + fn + " only in an output"
                         : fn + " can only be used in outputs");
        auto it = stage_index_.find(e.lit.text);
        if (it == stage_index_.end()) {
          std::string hint;
          error(e.lit.where, "unknown-stage",
                with_suggestion("unknown stage", e.lit.text, stage_names_, &hint), hint);
        } else {
          e.ref_index = it->second;
        }
        if (e.id.name == "selected") e.type = type_kind::bool_;
        else if (e.id.name == "tier") e.type = type_kind::text;
        else e.type = type_kind::int_;
        break;
      }
      case expr_kind::entrants:
        if (c.in_agg || !is_size(c.pl))
          error(e.where, "misplaced", "entrants() can only be used in quota and tier sizes");
        e.type = type_kind::int_;
        break;
      case expr_kind::call: check_call(e, c); break;
    }
  }

  void check_name(expr& e, ctx& c) {
    if (c.pl == place::candidate) return check_row_name(e, c);
    auto it = names_.find(e.id.name);
    if (it == names_.end()) {
      report_unknown_name(e.id.name, e.id.where.end > e.id.where.begin ? e.id.where : e.where);
      return;
    }
    const symbol& s = it->second;
    const auto u = static_cast<std::size_t>(s.index);
    switch (s.kind) {
      case sym::event_field:
        error(e.id.where.end > e.id.where.begin ? e.id.where : e.where, "misplaced", rows_only(e.id.name));
        return;
      case sym::field: {
        e.ref = ref_kind::field;
        e.ref_index = s.index;
        const auto& f = m_.fields[u];
        if (is_size(c.pl) && !c.in_agg) {
          const auto& by = by_fields_[static_cast<std::size_t>(c.stage)];
          if (std::find(by.begin(), by.end(), s.index) == by.end()) {
            size_misuse(e, "the row-level field '" + e.id.name + "'", c);
            return;
          }
        }
        set_type(e, f.type.kind, f.type.members);
        break;
      }
      case sym::param:
        e.ref = ref_kind::param;
        e.ref_index = s.index;
        set_type(e, m_.params[u].type.kind, m_.params[u].type.members);
        break;
      case sym::let: {
        e.ref = ref_kind::let;
        e.ref_index = s.index;
        if (is_size(c.pl) && !c.in_agg) {
          size_misuse(e, "the let '" + e.id.name + "'", c);
          return;
        }
        if (!type_value(s.index)) return;  // a cycle, reported
        copy_type(e, m_.lets[u].value);
        if (value_uses_agg_[u]) {
          c.uses_agg = true;
          if (c.pl == place::check_rule)
            error(e.where, "aggregate-in-check",
                  "a check may use aggregates only directly, not through let '" + e.id.name +
                      "': a let's aggregates cover the valid rows, which the checks decide");
        }
        break;
      }
      case sym::output:
        e.ref = ref_kind::output;
        e.ref_index = s.index;
        if (c.pl != place::output || c.in_agg) {
          error(e.where, "misplaced",
                c.in_agg ? "an aggregate's argument may not use the output '" + e.id.name + "'"
                         : "the output '" + e.id.name + "' can only be used in other outputs");
          return;
        }
        if (!type_output(s.index)) return;
        copy_type(e, m_.outputs[u].value);
        break;
    }
  }

  /// Why a field of the rows cannot be used outside `candidates`.
  std::string rows_only(const std::string& name) const {
    return "'" + name + "' is a field of the rows, not of the candidates: carry it (write '" + name +
           "' alone in 'candidates by " + candidates_->by.name + "') or compute a field from it there";
  }

  void check_score_ref(expr& e, ctx& c) {
    if (c.pl == place::candidate) {
      error(e.where, "misplaced", "a candidate's field may use the rows' fields and params, not 'score'");
      return;
    }
    if (!m_.score) {
      error(e.where, "unknown-name", "'score' is used but no score is declared");
      return;
    }
    if (is_size(c.pl) && !c.in_agg) {
      size_misuse(e, "'score'", c);
      return;
    }
    if (!type_value(score_node())) return;
    copy_type(e, *m_.score);
    if (value_uses_agg_[static_cast<std::size_t>(score_node())]) {
      c.uses_agg = true;
      if (c.pl == place::check_rule)
        error(e.where, "aggregate-in-check",
              "a check may use aggregates only directly, not through the score: its aggregates cover "
              "the valid rows, which the checks decide");
    }
  }

  /// A string literal (or if/match of them) used next to an enum takes the
  /// enum type. Returns false when `e` is not such a literal; reports a
  /// non-member itself (and then returns true: nothing more to say).
  bool coerce_enum(expr& e, const std::vector<std::string>& members) {
    if (e.kind == expr_kind::literal && e.lit.kind == literal_kind::string) {
      if (std::find(members.begin(), members.end(), e.lit.text) == members.end()) {
        error(e.where, "not-a-member", "'" + e.lit.text + "' is not a member of " + enum_name(members));
        e.type = type_kind::none;
        return true;
      }
      set_type(e, type_kind::enum_, members);
      return true;
    }
    if (e.type == type_kind::text && (e.kind == expr_kind::if_ || e.kind == expr_kind::match)) {
      std::vector<expr*> branches;
      if (e.kind == expr_kind::if_) {
        branches = {&e.args[1], &e.args[2]};
      } else {
        for (auto& a : e.arms) branches.push_back(&a.value.at(0));
        if (e.has_else) branches.push_back(&e.args.at(1));
      }
      for (expr* b : branches)
        if (b->type == type_kind::text && !coerce_enum(*b, members)) return false;
      set_type(e, type_kind::enum_, members);
      return true;
    }
    return false;
  }

  /// Whether `a == b` is allowed; coerces string literals to an enum side.
  /// Reports the reason when it is not (or when a literal is no member).
  void check_equality(expr& a, expr& b, span where) {
    if (a.type == type_kind::none || b.type == type_kind::none) return;
    if (is_numeric(a.type) && is_numeric(b.type)) return;
    if (a.type == type_kind::enum_ && b.type == type_kind::enum_) {
      if (a.enum_members != b.enum_members)
        error(where, "type-mismatch",
              "cannot compare " + type_name(a) + " with " + type_name(b) +
                  ": enums compare only when their member lists are identical");
      return;
    }
    if (a.type == type_kind::enum_ && b.type == type_kind::text && coerce_enum(b, a.enum_members))
      return;
    if (b.type == type_kind::enum_ && a.type == type_kind::text && coerce_enum(a, b.enum_members))
      return;
    if (a.type != b.type)
      error(where, "type-mismatch", "cannot compare " + type_name(a) + " with " + type_name(b));
  }

  void check_binary(expr& e, ctx& c) {
    auto& a = e.args.at(0);
    auto& b = e.args.at(1);
    check_expr(a, c);
    check_expr(b, c);
    const std::string op = std::string("'") + op_text(e.op) + "'";
    switch (e.op) {
      case binary_op::and_:
      case binary_op::or_:
        require_bool(a, "an operand of " + op);
        require_bool(b, "an operand of " + op);
        e.type = type_kind::bool_;
        break;
      case binary_op::add:
      case binary_op::sub:
      case binary_op::mul:
      case binary_op::div: {
        bool ok = true;
        for (expr* x : {&a, &b}) {
          if (x->type == type_kind::none) {
            ok = false;
          } else if (!is_numeric(x->type)) {
            error(x->where, "type-mismatch", op + " needs numbers, not " + type_name(*x));
            ok = false;
            break;  // one report per operator
          }
        }
        if (e.op == binary_op::div) e.type = type_kind::decimal;
        else if (ok)
          e.type = a.type == type_kind::int_ && b.type == type_kind::int_ ? type_kind::int_
                                                                        : type_kind::decimal;
        break;
      }
      case binary_op::eq:
      case binary_op::ne:
        check_equality(a, b, e.where);
        e.type = type_kind::bool_;
        break;
      case binary_op::lt:
      case binary_op::le:
      case binary_op::gt:
      case binary_op::ge: {
        bool ok = true;
        for (expr* x : {&a, &b}) {
          if (x->type == type_kind::none) {
            ok = false;
          } else if (!is_orderable(x->type)) {
            error(x->where, "type-mismatch",
                  op + " needs numbers or dates, not " + type_name(*x));
            ok = false;
            break;  // one report per operator
          }
        }
        if (ok && is_numeric(a.type) != is_numeric(b.type))
          error(e.where, "type-mismatch", "cannot compare " + type_name(a) + " with " + type_name(b));
        e.type = type_kind::bool_;
        break;
      }
    }
  }

  /// Whether literal `l` may stand next to a value of `subject`'s type (an
  /// `in` element or a `match` pattern); reports why not.
  bool literal_matches(const literal& l, const expr& subject) {
    const type_kind lk = literal_type(l);
    if (subject.type == type_kind::none) return false;
    if (subject.type == type_kind::enum_ && l.kind == literal_kind::string) {
      if (std::find(subject.enum_members.begin(), subject.enum_members.end(), l.text) ==
          subject.enum_members.end()) {
        error(l.where, "not-a-member",
              "'" + l.text + "' is not a member of " + enum_name(subject.enum_members));
        return false;
      }
      return true;
    }
    if ((is_numeric(subject.type) && is_numeric(lk)) || lk == subject.type) {
      if (is_number_literal(l) && !number_value(l)) {
        error(l.where, "bad-number", "invalid number " + literal_text(l));
        return false;
      }
      return true;
    }
    error(l.where, "type-mismatch",
          "cannot compare " + type_name(subject) + " with " + type_name(lk) + " " + literal_text(l));
    return false;
  }

  void check_in_list(expr& e, ctx& c) {
    auto& x = e.args.at(0);
    check_expr(x, c);
    for (const auto& item : e.items) literal_matches(item, x);
    e.type = type_kind::bool_;
  }

  void check_match(expr& e, ctx& c) {
    auto& subject = e.args.at(0);
    check_expr(subject, c);
    std::map<std::string, span> seen;
    std::vector<expr*> values;
    for (auto& arm : e.arms) {
      if (literal_matches(arm.pattern, subject)) {
        auto [it, fresh] = seen.emplace(value_key(arm.pattern), arm.pattern.where);
        if (!fresh)
          error(arm.pattern.where, "duplicate-pattern",
                "duplicate pattern " + literal_text(arm.pattern) +
                    ": an earlier arm on line " + line_of(it->second) + " matches the same value");
      }
      check_expr(arm.value.at(0), c);
      values.push_back(&arm.value[0]);
    }
    if (e.has_else) {
      check_expr(e.args.at(1), c);
      values.push_back(&e.args[1]);
    } else if (subject.type != type_kind::none) {
      bool covered = false;
      std::string missing;
      if (subject.type == type_kind::bool_) {
        covered = seen.count("b:0") && seen.count("b:1");
      } else if (subject.type == type_kind::enum_) {
        covered = true;
        for (const auto& mem : subject.enum_members) {
          if (!seen.count("s:" + mem)) {
            covered = false;
            missing += (missing.empty() ? "" : ", ") + ("\"" + mem + "\"");
          }
        }
      }
      if (!covered)
        error(e.where, "match-else",
              missing.empty() ? "this match needs an 'else' arm: its patterns do not cover every value"
                              : "this match needs an 'else' arm: " + missing + " not covered");
    }
    unify(e, values, "match arms");
  }

  /// Gives `e` the one type of `branches` (int with decimal is decimal; an
  /// enum with its member literals is the enum) or reports the mismatch.
  void unify(expr& e, const std::vector<expr*>& branches, const std::string& what) {
    for (expr* b : branches)
      if (b->type == type_kind::none) return;
    if (branches.empty()) return;
    const expr* en = nullptr;
    for (expr* b : branches)
      if (b->type == type_kind::enum_) {
        en = b;
        break;
      }
    if (en) {
      const auto members = en->enum_members;
      for (expr* b : branches) {
        if (b->type == type_kind::enum_ && b->enum_members == members) continue;
        if (b->type == type_kind::text && coerce_enum(*b, members)) {
          if (b->type == type_kind::none) return;  // a non-member, reported
          continue;
        }
        error(b->where, "type-mismatch",
              what + " have different types: " + enum_name(members) + " and " + type_name(*b));
        return;
      }
      set_type(e, type_kind::enum_, members);
      return;
    }
    const type_kind first = branches[0]->type;
    bool all_numeric = true;
    bool any_decimal = false;
    for (expr* b : branches) {
      all_numeric = all_numeric && is_numeric(b->type);
      any_decimal = any_decimal || b->type == type_kind::decimal;
    }
    if (all_numeric) {
      e.type = any_decimal ? type_kind::decimal : type_kind::int_;
      return;
    }
    for (expr* b : branches) {
      if (b->type != first) {
        error(b->where, "type-mismatch",
              what + " have different types: " + type_name(first) + " and " + type_name(*b));
        return;
      }
    }
    e.type = first;
  }

  void check_aggregate(expr& e, ctx& c) {
    const std::string& fn = e.id.name;
    if (c.in_agg)
      error(e.where, "nested-aggregate", "aggregates cannot be nested: " + fn + "() is inside another aggregate");
    // A check may use aggregates directly (a group check, docs/language.md
    // section 15): they cover the rows that passed the reads and the checks
    // without aggregates.
    c.uses_agg = true;
    if (c.pl == place::candidate && (fn == "rank_desc" || fn == "rank_asc"))
      error(e.where, "misplaced", fn + "() ranks a row; a candidate's field aggregates the candidate's rows");
    if (c.pl == place::candidate && !e.over.empty())
      error(e.over[0].where, "misplaced",
            "'over' is not allowed in a candidate's field: its aggregates cover the candidate's rows");
    else if (!e.over.empty() && is_size(c.pl) && !c.in_agg)
      error(e.over[0].where, "misplaced", "'over' is not allowed in quota or tier sizes");
    else if (!e.join.empty())
      check_join(e);
    else
      for (const auto& o : e.over) partition_field(o, "over");
    ctx inner = c;
    inner.in_agg = true;
    for (auto& a : e.args) check_expr(a, inner);
    for (auto& f : e.filter) {
      check_expr(f, inner);
      require_bool(f, "an aggregate's 'where'");
    }
    if (fn == "count") {
      if (!e.args.empty())
        error(e.args[0].where, "arity",
              "count() takes no argument; write count(where ...) to count some rows");
      e.type = type_kind::int_;
      return;
    }
    if (e.args.empty()) {
      error(e.where, "arity", fn + "() needs an argument");
      return;
    }
    const expr& a = e.args[0];
    const bool ordering = fn == "min" || fn == "max" || fn == "rank_desc" || fn == "rank_asc";
    if (a.type != type_kind::none) {
      if (ordering && !is_orderable(a.type))
        error(a.where, "type-mismatch", fn + "() needs numbers or dates, not " + type_name(a));
      else if (!ordering && !is_numeric(a.type))
        error(a.where, "type-mismatch", fn + "() needs numbers, not " + type_name(a));
      else if (fn == "sum" || fn == "min" || fn == "max")
        copy_type(e, a);
    }
    if (fn == "avg") e.type = type_kind::decimal;
    if (fn == "rank_desc" || fn == "rank_asc") e.type = type_kind::int_;
  }

  /// `over f = g` (a join, docs/language.md section 15): as many fields on
  /// each side, pairwise of one type; they may be optional (a missing value
  /// matches nothing). A rank has no join: it ranks a row in its partition.
  void check_join(const expr& e) {
    const std::string& fn = e.id.name;
    if (fn == "rank_desc" || fn == "rank_asc") {
      error(e.join[0].where, "bad-join",
            fn + "() ranks a row among the rows of its own partition; it cannot use a join ('over f = g')");
      return;
    }
    if (e.over.size() != e.join.size()) {
      error(e.join[0].where, "bad-join",
            "a join needs as many fields after '=' as before it (" + std::to_string(e.over.size()) + " and " +
                std::to_string(e.join.size()) + ")");
      return;
    }
    for (std::size_t i = 0; i < e.over.size(); ++i) {
      const int a = partition_field(e.over[i], "over", true);
      const int b = partition_field(e.join[i], "over ... =", true);
      if (a < 0 || b < 0) continue;
      const ast::type_ref& ta = m_.fields[static_cast<std::size_t>(a)].type;
      const ast::type_ref& tb = m_.fields[static_cast<std::size_t>(b)].type;
      if (ta.kind != tb.kind || ta.members != tb.members)
        error(e.join[i].where, "type-mismatch",
              "cannot join '" + e.over[i].name + "' (" + type_name(ta.kind, ta.members) + ") with '" +
                  e.join[i].name + "' (" + type_name(tb.kind, tb.members) + ")");
    }
  }

  void check_present(expr& e, ctx& c) {
    e.type = type_kind::bool_;
    if (c.pl == place::candidate) {
      const auto at = event_index_.find(e.id.name);
      if (at == event_index_.end()) {
        report_unknown_name(e.id.name, e.id.where);
        return;
      }
      if (!c.in_agg) {
        error(e.id.where, "misplaced",
              "a candidate's field is computed over the candidate's rows: present(" + e.id.name +
                  ") can be used only inside an aggregate, e.g. count(where present(" + e.id.name + "))");
        return;
      }
      e.ref = ref_kind::field;
      e.ref_index = at->second;
      if (!event_fields_[static_cast<std::size_t>(at->second)].optional)
        error(e.id.where, "bad-present",
              "present(" + e.id.name + "): '" + e.id.name +
                  "' is not optional; present() applies only to optional fields");
      return;
    }
    auto it = names_.find(e.id.name);
    if (it == names_.end()) {
      report_unknown_name(e.id.name, e.id.where);
      return;
    }
    if (it->second.kind == sym::event_field) {
      error(e.id.where, "misplaced", rows_only(e.id.name));
      return;
    }
    if (it->second.kind != sym::field) {
      error(e.id.where, "bad-present",
            "present() needs an input field; '" + e.id.name + "' is " + sym_word(it->second.kind));
      return;
    }
    e.ref = ref_kind::field;
    e.ref_index = it->second.index;
    if (!m_.fields[static_cast<std::size_t>(it->second.index)].optional)
      error(e.id.where, "bad-present",
            "present(" + e.id.name + "): '" + e.id.name + "' is not optional; present() applies only to optional fields");
    (void)c;
  }

  void check_weighted(expr& e, ctx& c) {
    e.args.clear();
    bool ok = true;
    bool all_int = true;
    decimal total;
    std::set<std::string> names;
    for (const auto& w : e.weights) {
      expr n;
      n.kind = expr_kind::name;
      n.id = w.field;
      n.where = w.field.where;
      check_expr(n, c);
      if (!names.insert(w.field.name).second)
        error(w.field.where, "duplicate-name", "'" + w.field.name + "' appears twice in weighted()");
      if (n.type == type_kind::none) {
        ok = false;
      } else if (!is_numeric(n.type)) {
        error(n.where, "type-mismatch", "weighted() needs numbers; '" + w.field.name + "' is " + type_name(n));
        ok = false;
      }
      all_int = all_int && n.type == type_kind::int_ && w.amount.kind == literal_kind::integer;
      e.args.push_back(std::move(n));
      const auto v = number_value(w.amount);
      if (!v) {
        error(w.amount.where, "bad-weight", "a weight must be a number or a percent, not " + literal_text(w.amount));
        ok = false;
      } else if (v->is_negative()) {
        error(w.amount.where, "bad-weight", "weights must not be negative: " + literal_text(w.amount));
        ok = false;
      } else if (ok) {
        try {
          total = total + *v;
        } catch (const decimal_error&) {
          ok = false;
        }
      }
    }
    if (ok && !(total == decimal(1))) {
      std::string pct;
      try {
        pct = (total * decimal(100)).to_string();
      } catch (const decimal_error&) {
        pct = "?";
      }
      error(e.where, "bad-weight", "weights sum to " + pct + "%, not 100%");
    }
    e.type = all_int && !e.weights.empty() ? type_kind::int_ : type_kind::decimal;
  }

  /// `digits` of a rounding function: an int literal in [-34, 34].
  void check_digits(const expr& d) {
    const literal* l = nullptr;
    bool neg = false;
    if (d.kind == expr_kind::literal) l = &d.lit;
    else if (d.kind == expr_kind::negate && d.args.size() == 1 && d.args[0].kind == expr_kind::literal) {
      l = &d.args[0].lit;
      neg = true;
    }
    if (l && l->kind == literal_kind::integer) {
      auto v = number_value(*l);
      if (v && neg) *v = -*v;
      if (v && *v >= decimal(-34) && *v <= decimal(34)) return;
    }
    error(d.where, "bad-digits", "the digits of a rounding function must be an int literal in [-34, 34]");
  }

  void check_call(expr& e, ctx& c) {
    for (auto& a : e.args) check_expr(a, c);
    const std::string& fn = e.id.name;
    const std::size_t n = e.args.size();
    auto arity_error = [&](const std::string& what) { error(e.where, "arity", fn + "() " + what); };
    auto need = [&](const expr& a, bool (*pred)(type_kind), const char* what) {
      if (a.type == type_kind::none) return false;
      if (!pred(a.type)) {
        error(a.where, "type-mismatch", fn + "() needs " + what + ", not " + type_name(a));
        return false;
      }
      return true;
    };
    if (fn == "least" || fn == "greatest" || fn == "clamp") {
      if (fn == "clamp" && n != 3) return arity_error("takes three arguments: clamp(x, lo, hi)");
      if (fn != "clamp" && n < 2) return arity_error("needs at least two arguments");
      bool ok = true;
      for (auto& a : e.args) ok = need(a, is_orderable, "numbers or dates") && ok;
      if (!ok) return;
      std::vector<expr*> v;
      for (auto& a : e.args) v.push_back(&a);
      unify(e, v, fn + "() arguments");
      return;
    }
    if (fn == "abs") {
      if (n != 1) return arity_error("takes one argument");
      if (need(e.args[0], is_numeric, "a number")) copy_type(e, e.args[0]);
      return;
    }
    if (fn == "round_half_up" || fn == "round_half_even" || fn == "floor" || fn == "ceil" ||
        fn == "truncate") {
      if (n != 1 && n != 2) return arity_error("takes a number and optional digits");
      if (n == 2) check_digits(e.args[1]);
      if (!need(e.args[0], is_numeric, "a number")) return;
      if (n == 1) e.type = type_kind::int_;
      else copy_type(e, e.args[0]);
      return;
    }
    if (fn == "years_between" || fn == "days_between") {
      if (n != 2) return arity_error("takes two dates");
      auto is_date = [](type_kind k) { return k == type_kind::date; };
      const bool a = need(e.args[0], is_date, "dates");
      const bool b = need(e.args[1], is_date, "dates");
      (void)a;
      (void)b;
      e.type = type_kind::int_;
      return;
    }
    std::vector<std::string> fns(std::begin(function_names), std::end(function_names));
    std::string hint;
    error(e.id.where.end > e.id.where.begin ? e.id.where : e.where, "unknown-function",
          with_suggestion("unknown function", fn, fns, &hint), hint);
  }

  // -- state ----------------------------------------------------------------

  const ast::program& prog_;
  const source_file& src_;
  model m_;
  std::vector<diagnostic> diags_;

  std::map<std::string, symbol> names_;
  std::vector<std::string> name_list_;  // declaration order, for suggestions
  std::vector<const ast::rule*> rules_;
  std::vector<const ast::stage_decl*> stages_;
  std::map<std::string, int> stage_index_;
  std::vector<std::string> stage_names_;
  std::set<std::string> tier_names_;
  std::vector<std::string> tier_list_;
  std::vector<std::vector<std::int32_t>> by_fields_;  // per stage, filled before its sizes
  const ast::candidates_decl* candidates_ = nullptr;  // `candidates by`, when declared
  std::vector<ast::field> event_fields_;              // with `candidates by`: the rows' fields
  std::map<std::string, std::int32_t> event_index_;   // their names
  span score_where_{};

  std::vector<visit> value_state_;
  std::vector<bool> value_uses_agg_;
  std::vector<bool> value_cycle_reported_;
  std::vector<int> value_path_;
  std::vector<visit> output_state_;
  std::vector<bool> output_cycle_reported_;
  std::vector<int> output_path_;
};

}  // namespace

check_result check(const ast::program& program, const source_file& src) {
  return checker(program, src).run();
}

}  // namespace merit::detail
