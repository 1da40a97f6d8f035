// SPDX-License-Identifier: Apache-2.0
// merit - candidates built from the roster's rows (`candidates by`, docs/language.md section 15)
//
// The rows are read with the rows' program (the scheme's input fields, a
// carried field optional on each row); its lets are the computed fields,
// every aggregate taken over the grouping field, so that any row of a
// candidate holds the candidate's value. The candidates become a roster of
// their own, which the scheme is then evaluated over as usual.
#include "eval/group.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <unordered_map>

#include "checker/model.hpp"
#include "eval/evaluator.hpp"

namespace merit::detail {

namespace {

/// Fills a roster's protected members; sliced into a plain roster at the end.
struct candidate_roster : roster {
  explicit candidate_roster(std::vector<input_info> schema) : roster(std::move(schema)) {}
  void finish(std::vector<merit::column> columns, std::size_t n, std::vector<data_error> errors,
              std::vector<std::uint32_t> lines, std::vector<std::string> warnings) {
    columns_ = std::move(columns);
    rows_ = n;
    errors_ = std::move(errors);
    lines_ = std::move(lines);
    warnings_ = std::move(warnings);
  }
};

/// Sizes the value vector a column of `type` uses.
void size_column(column& c, std::size_t n) {
  c.present.assign(n, 0);
  c.decimal_scale = -1;
  switch (c.type) {
    case ast::type_kind::decimal: c.decimals.assign(n, decimal()); break;
    case ast::type_kind::text: c.texts.assign(n, std::string()); break;
    default: c.ints.assign(n, 0); break;
  }
}

bool same_value(const column& c, std::size_t a, std::size_t b) {
  switch (c.type) {
    case ast::type_kind::decimal: return c.decimal_at(a) == c.decimal_at(b);
    case ast::type_kind::text: return c.texts[a] == c.texts[b];
    default: return c.ints[a] == c.ints[b];
  }
}

/// Row r's value of a column of field `f`, as it would be written.
std::string shown(const column& c, const ast::field& f, std::size_t r) {
  switch (c.type) {
    case ast::type_kind::decimal: return c.decimal_at(r).to_string();
    case ast::type_kind::text: return "'" + c.texts[r] + "'";
    case ast::type_kind::bool_: return c.ints[r] ? "true" : "false";
    case ast::type_kind::date: return date{static_cast<std::int32_t>(c.ints[r])}.to_string();
    case ast::type_kind::enum_: {
      const auto i = static_cast<std::size_t>(c.ints[r]);
      return i < f.type.members.size() ? "'" + f.type.members[i] + "'" : std::to_string(c.ints[r]);
    }
    default: return std::to_string(c.ints[r]);
  }
}

void copy_value(const column& from, std::size_t r, column& to, std::size_t c) {
  to.present[c] = 1;
  switch (to.type) {
    case ast::type_kind::decimal: to.decimals[c] = from.decimal_at(r); break;
    case ast::type_kind::text: to.texts[c] = from.texts[r]; break;
    default: to.ints[c] = from.ints[r]; break;
  }
}

/// A default literal (checked against its field's type) into row c.
void set_literal(const ast::literal& l, const ast::field& f, column& to, std::size_t c) {
  to.present[c] = 1;
  switch (f.type.kind) {
    case ast::type_kind::decimal: {
      decimal v = decimal::parse(l.text);
      if (l.kind == ast::literal_kind::percent) v = v / decimal(100);
      to.decimals[c] = l.negative ? -v : v;
      break;
    }
    case ast::type_kind::int_: {
      std::int64_t v = 0;
      const std::string digits = (l.negative ? "-" : "") + l.text;
      std::from_chars(digits.data(), digits.data() + digits.size(), v);
      to.ints[c] = v;
      break;
    }
    case ast::type_kind::bool_: to.ints[c] = l.boolean ? 1 : 0; break;
    case ast::type_kind::date: to.ints[c] = date::parse(l.text).value_or(date{}).days; break;
    case ast::type_kind::enum_: {
      const auto& ms = f.type.members;
      to.ints[c] = std::find(ms.begin(), ms.end(), l.text) - ms.begin();
      break;
    }
    default: to.texts[c] = l.text; break;
  }
}

/// A computed value into row c of a column of its type.
void set_value(const value& v, column& to, std::size_t c) {
  to.present[c] = 1;
  switch (v.type()) {
    case value::kind::decimal: to.decimals[c] = v.as_decimal(); break;
    case value::kind::text: to.texts[c] = v.as_text(); break;
    case value::kind::int_: to.ints[c] = v.as_int(); break;
    case value::kind::bool_: to.ints[c] = v.as_bool() ? 1 : 0; break;
    case value::kind::date: to.ints[c] = v.as_date().days; break;
    case value::kind::enum_: to.ints[c] = v.as_enum().index; break;
    case value::kind::null: to.present[c] = 0; break;
  }
}

}  // namespace

grouped group_rows(const program& prog, const roster& rows, const eval_options& options) {
  const model& m = prog.model();
  const grouping& g = *m.group;
  const model& rm = *g.events;
  eval_options opt = options;
  opt.lenient = true;
  opt.explain = false;
  evaluator ev(*prog.rows_program(), rows, opt);
  ev.run_validation();

  // Candidates in the order of their first rows; a row whose key did not
  // read is a candidate of its own.
  const std::size_t n = rows.rows();
  const column& key = rows.column(static_cast<std::size_t>(g.by));
  const bool text_key = key.type == ast::type_kind::text;
  std::vector<std::size_t> first;
  std::vector<std::vector<std::size_t>> members;
  std::unordered_map<std::string, std::size_t> text_ids;
  std::unordered_map<std::int64_t, std::size_t> int_ids;
  for (std::size_t r = 0; r < n; ++r) {
    if (r % 4096 == 0) ev.check_budget("grouping of the rows into candidates", r, n);
    std::size_t c = first.size();
    if (r < key.present.size() && key.present[r]) {
      c = text_key ? text_ids.emplace(key.texts[r], first.size()).first->second
                   : int_ids.emplace(key.ints[r], first.size()).first->second;
    }
    if (c == first.size()) {
      first.push_back(r);
      members.emplace_back();
    }
    members[c].push_back(r);
  }
  const std::size_t nc = first.size();

  std::vector<std::vector<const data_error*>> row_errors(n);
  for (const data_error& e : rows.errors())
    if (e.row < n) row_errors[e.row].push_back(&e);
  const auto where = [&](std::size_t r) {
    const std::uint32_t line = rows.line(r);
    return line ? "line " + std::to_string(line) : "row " + std::to_string(r + 1);
  };

  std::vector<column> cols(m.fields.size());
  for (std::size_t k = 0; k < cols.size(); ++k) {
    cols[k].type = m.fields[k].type.kind;
    size_column(cols[k], nc);
  }
  std::vector<data_error> errors;
  std::vector<std::uint32_t> lines(nc);
  for (std::size_t c = 0; c < nc; ++c) {
    lines[c] = rows.line(first[c]);
    std::vector<std::string> why;
    for (std::size_t r : members[c])
      for (const data_error* e : row_errors[r])
        why.push_back(where(r) + ": " + (e->field.empty() ? e->message : "field '" + e->field + "': " + e->message));
    if (first[c] < key.present.size() && key.present[first[c]]) copy_value(key, first[c], cols[0], c);
    if (why.empty()) {
      for (std::size_t k = 1; k < m.fields.size(); ++k) {
        const std::string& name = m.fields[k].name.name;
        if (g.carried[k] >= 0) {
          // The value the candidate's rows give; they must agree.
          const column& from = rows.column(static_cast<std::size_t>(g.carried[k]));
          const ast::field& rf = rm.fields[static_cast<std::size_t>(g.carried[k])];
          std::optional<std::size_t> given;
          for (std::size_t r : members[c]) {
            if (r >= from.present.size() || !from.present[r]) continue;
            if (!given) {
              given = r;
            } else if (!same_value(from, *given, r)) {
              why.push_back("field '" + name + "': " + where(*given) + " gives " + shown(from, rf, *given) + ", " +
                            where(r) + " gives " + shown(from, rf, r));
              break;
            }
          }
          if (given) copy_value(from, *given, cols[k], c);
          else if (g.defaults[k]) set_literal(*g.defaults[k], m.fields[k], cols[k], c);
          else if (!m.fields[k].optional)
            why.push_back("field '" + name + "': missing value (no row of this candidate gives it)");
        } else if (g.computed[k] >= 0) {
          const row_value v = ev.slot_value(g.computed[k], first[c]);
          if (v.ok) set_value(v.v, cols[k], c);
          else why.push_back("field '" + name + "': " + v.error);
        }
      }
    }
    for (std::string& w : why) errors.push_back(data_error{c, lines[c], std::string(), std::move(w)});
  }

  std::vector<input_info> schema;
  for (std::size_t k = 0; k < m.fields.size(); ++k) {
    input_info in;
    in.name = m.fields[k].name.name;
    in.type = m.fields[k].type.kind;
    in.members = m.fields[k].type.members;
    in.key = k == 0;
    in.optional = m.fields[k].optional;
    schema.push_back(std::move(in));
  }
  candidate_roster out(std::move(schema));
  out.finish(std::move(cols), nc, std::move(errors), std::move(lines), rows.warnings());
  return grouped{roster(std::move(out)), std::move(first)};
}

}  // namespace merit::detail
