// SPDX-License-Identifier: Apache-2.0
// merit - evaluate(), explain() and the result types
#include "merit/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>

#include "eval/evaluator.hpp"
#include "eval/group.hpp"

namespace merit {

std::string value::to_string() const {
  switch (type()) {
    case kind::null: return "null";
    case kind::int_: return std::to_string(as_int());
    case kind::decimal: return as_decimal().to_string();
    case kind::bool_: return as_bool() ? "true" : "false";
    case kind::text: return as_text();
    case kind::date: return as_date().to_string();
    case kind::enum_: return as_enum().name;
  }
  return "null";
}

std::string_view to_string(status s) noexcept {
  switch (s) {
    case status::eligible: return "eligible";
    case status::ineligible: return "ineligible";
    case status::vetoed: return "vetoed";
    case status::error: return "error";
  }
  return "error";
}

std::optional<std::size_t> result::find(std::string_view id) const {
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (candidates.has_id(i) && candidates.id_text(i) == id) return i;
  return std::nullopt;
}

evaluation_error::evaluation_error(const std::string& what, merit::result partial)
    : std::runtime_error(what), partial_(std::move(partial)) {}

std::vector<candidate> evaluation_error::rows() const {
  std::vector<candidate> out;
  for (std::size_t i = 0; i < partial_.candidates.size(); ++i)
    if (partial_.candidates.status(i) == status::error) out.push_back(partial_.candidates[i]);
  return out;
}

namespace {

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string describe_row(const roster& rows, const candidate& c) {
  std::string s = "row " + std::to_string(c.row + 1);
  if (std::uint32_t line = rows.line(c.row)) s += " (line " + std::to_string(line) + ")";
  s += c.id.is_null() ? " [no id]" : " [" + c.id.to_string() + "]";
  return s;
}

// How candidate `r` was placed in each stage: its partition, order keys,
// rank, tier and the tier's size, the entrants just above and below it, the
// cap that limited it, and the tie flag.
void explain_stages(std::ostringstream& out, detail::evaluator& ev, const result& full, std::size_t r) {
  const detail::plan& p = ev.the_plan();
  const candidate c = full.candidates[r];
  for (std::size_t s = 0; s < p.stages.size(); ++s) {
    const detail::stage_code& st = p.stages[s];
    const stage_place& place = c.stages.at(s);
    out << "stage \"" << st.name << "\":\n";
    // The candidate's partition: the one whose `by` values are its own.
    std::vector<std::pair<std::string, value>> mine;
    for (std::int32_t f : st.by) mine.emplace_back(std::string(), ev.field_value(f, r));
    const partition_summary* part = nullptr;
    for (const partition_summary& ps : full.stages[s].partitions) {
      bool same = ps.values.size() == st.by.size();
      for (std::size_t k = 0; same && k < st.by.size(); ++k) same = ps.values[k].second == mine[k].second;
      if (same) part = &ps;
    }
    if (part && !part->values.empty()) {
      std::vector<std::string> items;
      for (const auto& [name, v] : part->values) items.push_back(name + " = " + v.to_string());
      out << "  partition: " << join(items, ", ") << '\n';
    }
    if (!place.entered) {
      out << "  not an entrant";
      if (c.status == status::error) out << " (error row)";
      else if (st.source == ast::from_kind::eligible && c.status != status::eligible) out << " (not eligible)";
      else if (st.source == ast::from_kind::stage)
        out << " (not selected in \"" << p.stages[static_cast<std::size_t>(st.source_stage)].name << "\")";
      else if (st.has_where) out << " (its where is false)";
      out << '\n';
      continue;
    }
    std::vector<std::string> keys;
    for (std::size_t k = 0; k < st.order.size(); ++k) {
      const detail::row_value v = ev.evaluate_at(st.order[k], r);
      keys.push_back(st.order[k].text + (st.descending[k] ? " desc = " : " asc = ") +
                     (v.ok ? v.v.to_string() : "error: " + v.error));
    }
    out << "  order: " << join(keys, ", ") << '\n';
    out << "  rank: " << place.rank;
    if (part) out << " of " << part->entrants;
    out << '\n';
    if (place.selected) {
      out << "  tier: " << st.tier_names[static_cast<std::size_t>(place.tier)];
      if (part) {
        const tier_summary& t = part->tiers.at(static_cast<std::size_t>(place.tier));
        out << " (size " << t.size << ", filled " << t.filled << ")";
      }
      out << '\n';
    } else {
      out << "  tier: none\n";
    }
    // Neighbours in the stage's order within the partition.
    const candidate_table& all = full.candidates;
    auto neighbour = [&](std::uint32_t rank) -> std::optional<std::size_t> {
      for (std::size_t o = 0; o < all.size(); ++o) {
        const stage_place& op = all.place(o, s);
        if (!op.entered || op.rank != rank) continue;
        bool same = true;
        for (std::size_t k = 0; same && k < st.by.size(); ++k)
          same = ev.field_value(st.by[k], all.row(o)) == mine[k].second;
        if (same) return o;
      }
      return std::nullopt;
    };
    auto describe = [&](std::size_t o) {
      const stage_place& op = all.place(o, s);
      return all.id(o).to_string() + " (rank " + std::to_string(op.rank) + ", " +
             (op.selected ? st.tier_names[static_cast<std::size_t>(op.tier)] : std::string("no tier")) + ")";
    };
    if (place.rank > 1)
      if (auto above = neighbour(place.rank - 1)) out << "  just above: " << describe(*above) << '\n';
    if (auto below = neighbour(place.rank + 1)) out << "  just below: " << describe(*below) << '\n';
    if (!st.distinct.empty()) {
      // `distinct` (docs/language.md section 15): the candidate's value and
      // who else of its partition was placed with the same value.
      std::vector<std::string> values, others;
      for (std::int32_t f : st.distinct) values.push_back(ev.field_value(f, r).to_string());
      for (std::size_t o = 0; o < all.size(); ++o) {
        const stage_place& op = all.place(o, s);
        if (all.row(o) == r || !op.entered || !op.selected) continue;
        bool same = true;
        for (std::size_t k = 0; same && k < st.by.size(); ++k)
          same = ev.field_value(st.by[k], all.row(o)) == mine[k].second;
        for (std::size_t k = 0; same && k < st.distinct.size(); ++k)
          same = ev.field_value(st.distinct[k], all.row(o)) == ev.field_value(st.distinct[k], r);
        if (same) others.push_back(describe(o));
      }
      out << "  distinct " << st.distinct_text << " = " << join(values, ", ") << ": "
          << (others.empty() ? std::string("no other entrant placed with this value")
                             : "also placed with this value: " + join(others, ", "))
          << '\n';
    }
    if (place.cap > 0) {
      std::vector<std::string> by;
      std::size_t j = 0;
      for (const detail::rule_code& rc : p.rules) {
        if (rc.kind != ast::rule_kind::cap) continue;
        if (st.cap_target[j] == place.cap && std::find(c.caps.begin(), c.caps.end(), rc.label) != c.caps.end())
          by.push_back("\"" + rc.label + "\"");
        ++j;
      }
      out << "  capped by " << join(by, ", ") << ": ";
      if (static_cast<std::size_t>(place.cap) >= st.tier_names.size()) out << "no tier allowed\n";
      else out << "at best " << st.tier_names[static_cast<std::size_t>(place.cap)] << '\n';
    }
    if (place.tie) out << "  tie: equal on every order key, with the same cap, to an entrant who fared differently\n";
  }
}

}  // namespace

namespace {

/// With `candidates by`: each candidate's `row` becomes the roster row where
/// its rows begin, so that a row (and its CSV line) names the rows given.
void to_roster_rows(result& res, const std::vector<std::size_t>& first_row) {
  candidate_table rows;
  for (std::size_t i = 0; i < res.candidates.size(); ++i) {
    candidate c = res.candidates[i];
    c.row = first_row.at(c.row);
    rows.push_back(c);
  }
  res.candidates = std::move(rows);
}

/// What is left of the time limit after grouping the rows into candidates.
eval_options after_grouping(const eval_options& options, std::chrono::steady_clock::time_point start) {
  eval_options rest = options;
  if (options.time_limit.count() <= 0) return rest;
  const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  if (spent >= options.time_limit)
    throw budget_error("evaluation stopped after " + std::to_string(spent.count()) + " ms (time limit " +
                       std::to_string(options.time_limit.count()) +
                       " ms), after grouping the rows into candidates");
  rest.time_limit = options.time_limit - spent;
  return rest;
}

}  // namespace

result evaluate(const program& prog, const roster& rows, const eval_options& options) {
  result res;
  if (prog.model().group) {
    // `candidates by` (docs/language.md section 15): the rows become
    // candidates first, and the scheme is evaluated over those.
    const auto start = std::chrono::steady_clock::now();
    const detail::grouped g = detail::group_rows(prog, rows, options);
    detail::evaluator ev(prog, g.candidates, after_grouping(options, start));
    res = ev.run();
    to_roster_rows(res, g.first_row);
  } else {
    detail::evaluator ev(prog, rows, options);
    res = ev.run();
  }
  if (!options.lenient && res.errors > 0) {
    std::string what = std::to_string(res.errors) + (res.errors == 1 ? " row has errors:" : " rows have errors:");
    for (std::size_t i = 0; i < res.candidates.size(); ++i) {
      if (res.candidates.status(i) != status::error) continue;
      const candidate c = res.candidates[i];
      what += "\n  " + describe_row(rows, c) + ": " + join(c.reasons, "; ");
    }
    throw evaluation_error(what, std::move(res));
  }
  return res;
}

std::string explain(const program& prog, const roster& rows, const result& res, std::string_view id,
                    const eval_options& options) {
  const std::optional<std::size_t> wanted = res.find(id);
  if (!wanted) throw usage_error("no candidate has id '" + std::string(id) + "'");
  eval_options opt = options;
  opt.lenient = true;
  opt.explain = true;
  // With `candidates by`, the evaluation runs over the candidates built from
  // the rows; `r` is then the candidate's index there.
  std::optional<detail::grouped> grouped;
  if (prog.model().group) grouped = detail::group_rows(prog, rows, opt);
  const std::size_t r = grouped ? *wanted : res.candidates.row(*wanted);
  detail::evaluator ev(prog, grouped ? grouped->candidates : rows, opt);
  result full = ev.run();
  candidate c = full.candidates.at(r);
  candidate in_roster = c;  // its row as a row of `rows`
  if (grouped) in_roster.row = grouped->first_row.at(c.row);
  const detail::plan& p = ev.the_plan();
  const detail::model& m = prog.model();

  std::ostringstream out;
  out << "scheme: " << full.scheme << '\n';
  out << "candidate: " << c.id.to_string() << " (" << describe_row(rows, in_roster) << ")\n";
  out << "status: " << to_string(c.status) << '\n';
  if (!c.reasons.empty()) {
    out << "reasons:\n";
    for (const auto& s : c.reasons) out << "  - " << s << '\n';
  }
  out << "score: " << c.score.to_string() << '\n';
  if (!m.lets.empty()) {
    out << "lets:\n";
    for (std::size_t l = 0; l < m.lets.size(); ++l) {
      detail::row_value v = ev.slot_value(static_cast<std::int32_t>(l), r);
      out << "  " << m.lets[l].name.name << " = " << (v.ok ? v.v.to_string() : "error: " + v.error) << '\n';
    }
  }
  // What a rule reads: fields, params, lets, the score and aggregates.
  auto reads = [&](const detail::code& k) {
    std::vector<std::string> items;
    for (std::int32_t f : k.fields) items.push_back(m.fields[f].name.name + " = " + ev.field_value(f, r).to_string());
    for (std::int32_t s : k.slots) {
      detail::row_value v = ev.slot_value(s, r);
      items.push_back(p.slots[s].name + " = " + (v.ok ? v.v.to_string() : "error: " + v.error));
    }
    for (std::int32_t q : k.params) {
      items.push_back(m.params[q].name.name + " = " + ev.param_value(q).to_string());
    }
    return items;
  };
  if (!p.rules.empty()) {
    out << "rules:\n";
    for (std::size_t j = 0; j < p.rules.size(); ++j) {
      const detail::rule_code& rc = p.rules[j];
      const char* kind = rc.kind == ast::rule_kind::require ? "require"
                         : rc.kind == ast::rule_kind::veto  ? "veto"
                         : rc.kind == ast::rule_kind::check ? "check"
                                                            : "cap";
      out << "  " << kind << " \"" << rc.label << "\"";
      if (rc.kind == ast::rule_kind::cap) out << " => " << (rc.cap_none ? "none" : "\"" + rc.cap_tier + "\"");
      out << ": ";
      switch (c.rules.empty() ? outcome::not_evaluated : c.rules[j]) {
        case outcome::not_evaluated: out << "not evaluated"; break;
        case outcome::true_: out << "true"; break;
        case outcome::false_: out << "false"; break;
        case outcome::error: out << "error: " << c.rule_errors[j]; break;
      }
      out << '\n';
      for (const auto& item : reads(rc.cond)) out << "      " << item << '\n';
    }
  }
  out << "caps: " << (c.caps.empty() ? std::string("(none)") : join(c.caps, ", ")) << '\n';
  explain_stages(out, ev, full, r);
  if (!m.outputs.empty()) {
    out << "outputs:\n";
    for (std::size_t o = 0; o < m.outputs.size(); ++o)
      out << "  " << m.outputs[o].name.name << " = " << c.outputs[o].to_string() << '\n';
  }
  return out.str();
}

}  // namespace merit
