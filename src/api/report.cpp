// SPDX-License-Identifier: Apache-2.0
// merit - results as text: JSON (LANGUAGE.md section 8), CSV and an aligned table
#include "merit/report.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "merit/diagnostic.hpp"

namespace merit {

namespace {

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const value& null_value() {
  static const value v;
  return v;
}

// Output `o` and let `l` of candidate `i`, or null when the result carries
// fewer.
const value& output_of(const candidate_table& t, std::size_t i, std::size_t o) {
  return o < t.output_width() ? t.output(i, o) : null_value();
}
const value& let_of(const candidate_table& t, std::size_t i, std::size_t l) {
  return l < t.value_width() ? t.let_value(i, l) : null_value();
}

// The place of candidate `i` in stage `s`; a candidate without one did not
// enter the stage.
stage_place place_of(const candidate_table& t, std::size_t i, std::size_t s) {
  return s < t.stage_width() ? t.place(i, s) : stage_place{};
}

// Reasons or caps of candidate `i`, joined.
template <class Count, class Item>
std::string join_items(Count count, Item item, std::string_view sep) {
  std::string out;
  for (std::size_t k = 0; k < count; ++k) {
    if (k) out += sep;
    out += item(k);
  }
  return out;
}

// The tier name of a place, or empty when the place has no tier. A stage
// without tiers has one tier named after itself (LANGUAGE.md section 7).
std::string tier_name(const stage_summary& st, const stage_place& p) {
  if (!p.entered || !p.selected || p.tier < 0) return {};
  if (static_cast<std::size_t>(p.tier) < st.tiers.size()) return st.tiers[static_cast<std::size_t>(p.tier)];
  return st.name;
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u));
          out += buf;
        } else {
          out += ch;  // non-ASCII UTF-8 is written as it is
        }
    }
  }
  out += '"';
}

void json_value(std::string& out, const value& v) {
  switch (v.type()) {
    case value::kind::null: out += "null"; break;
    case value::kind::int_: out += std::to_string(v.as_int()); break;
    case value::kind::bool_: out += v.as_bool() ? "true" : "false"; break;
    case value::kind::decimal:  // decimals are strings, so that no JSON reader turns them into binary floats
    case value::kind::text:
    case value::kind::date:
    case value::kind::enum_: json_string(out, v.to_string()); break;
  }
}


// `{"name": value, ...}` from names and a value per name.
template <class ValueOf>
void json_object(std::string& out, const std::vector<std::string>& names, ValueOf value_of) {
  out += '{';
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k) out += ", ";
    json_string(out, names[k]);
    out += ": ";
    json_value(out, value_of(k));
  }
  out += '}';
}

// `["a", "b"]` from a count and an item per index.
template <class Item>
void json_list(std::string& out, std::size_t count, Item item) {
  out += '[';
  for (std::size_t k = 0; k < count; ++k) {
    if (k) out += ", ";
    json_string(out, item(k));
  }
  out += ']';
}

void json_partition(std::string& out, const partition_summary& p) {
  out += "{\"partition\": {";
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    if (i) out += ", ";
    json_string(out, p.values[i].first);
    out += ": ";
    json_value(out, p.values[i].second);
  }
  out += "}, \"quota\": ";
  json_value(out, p.quota);
  out += ", \"tiers\": [";
  for (std::size_t t = 0; t < p.tiers.size(); ++t) {
    if (t) out += ", ";
    out += "{\"name\": ";
    json_string(out, p.tiers[t].name);
    out += ", \"size\": " + std::to_string(p.tiers[t].size);
    out += ", \"filled\": " + std::to_string(p.tiers[t].filled) + "}";
  }
  out += "], \"warnings\": ";
  json_list(out, p.warnings.size(), [&](std::size_t k) -> const std::string& { return p.warnings[k]; });
  out += '}';
}

void json_candidate(std::string& out, const result& res, std::size_t i, const report_options& options) {
  const candidate_table& c = res.candidates;
  out += "{\"id\": ";
  json_value(out, c.id(i));
  out += ", \"status\": ";
  json_string(out, to_string(c.status(i)));
  out += ", \"score\": ";
  json_value(out, c.score(i));
  out += ", \"selected\": ";
  out += c.selected(i) ? "true" : "false";
  out += ", \"tier\": ";
  json_value(out, c.tier(i));
  out += ", \"rank\": ";
  json_value(out, c.rank(i));
  out += ", \"reasons\": ";
  json_list(out, c.reason_count(i), [&](std::size_t k) -> const std::string& { return c.reason(i, k); });
  out += ", \"caps\": ";
  json_list(out, c.cap_count(i), [&](std::size_t k) -> const std::string& { return c.cap(i, k); });
  out += ", \"tie\": ";
  out += c.tie(i) ? "true" : "false";
  out += ", \"outputs\": ";
  json_object(out, res.output_names, [&](std::size_t o) -> const value& { return output_of(c, i, o); });
  out += ", \"stages\": {";
  for (std::size_t s = 0; s < res.stages.size(); ++s) {
    if (s) out += ", ";
    const stage_place p = place_of(c, i, s);
    json_string(out, res.stages[s].name);
    if (!p.entered) {
      out += ": {\"selected\": false, \"tier\": null, \"rank\": null}";
      continue;
    }
    out += ": {\"selected\": ";
    out += p.selected ? "true" : "false";
    out += ", \"tier\": ";
    const std::string t = tier_name(res.stages[s], p);
    if (t.empty()) out += "null";
    else json_string(out, t);
    out += ", \"rank\": " + std::to_string(p.rank) + "}";
  }
  out += '}';
  if (options.values) {
    out += ", \"values\": ";
    json_object(out, res.let_names, [&](std::size_t l) -> const value& { return let_of(c, i, l); });
  }
  out += '}';
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

void csv_cell(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

// A value as a CSV or table cell: null is empty.
std::string cell_text(const value& v) { return v.is_null() ? std::string() : v.to_string(); }

// Candidate i's reasons, and its caps each after `prefix`, joined by "; ".
std::string reasons_of(const candidate_table& c, std::size_t i) {
  return join_items(c.reason_count(i), [&](std::size_t k) -> const std::string& { return c.reason(i, k); }, "; ");
}
std::string caps_of(const candidate_table& c, std::size_t i, std::string_view prefix) {
  return join_items(c.cap_count(i), [&](std::size_t k) { return std::string(prefix) + c.cap(i, k); }, "; ");
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

// Text for a terminal: control characters shown as escapes, so that a cell
// never breaks a line or moves the cursor.
std::string printable(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\n') out += "\\n";
    else if (ch == '\r') out += "\\r";
    else if (ch == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(u));
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

enum class align { left, right };

// Lays out rows of cells in columns padded to the widest display width; two
// spaces between columns, no trailing blanks.
class text_table {
 public:
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void set_align(std::size_t column, align a) {
    if (aligns_.size() <= column) aligns_.resize(column + 1, align::left);
    aligns_[column] = a;
  }

  void render(std::string& out, std::string_view indent) const {
    std::vector<std::size_t> width;
    for (const auto& row : rows_) {
      if (width.size() < row.size()) width.resize(row.size(), 0);
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
    }
    for (const auto& row : rows_) {
      std::string line(indent);
      for (std::size_t i = 0; i < row.size(); ++i) {
        const std::size_t pad = width[i] - display_width(row[i]);
        const bool right = i < aligns_.size() && aligns_[i] == align::right;
        if (i) line += "  ";
        if (right) line.append(pad, ' ');
        line += row[i];
        if (!right) line.append(pad, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line;
      out += '\n';
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<align> aligns_;
};

std::string partition_label(const partition_summary& p) {
  if (p.values.empty()) return "(all)";
  std::string s;
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    if (i) s += ", ";
    s += printable(p.values[i].first) + "=" + printable(p.values[i].second.to_string());
  }
  return s;
}

}  // namespace

std::string to_json(const result& res, const report_options& options) {
  std::string out;
  out.reserve(256 + res.candidates.size() * 256);
  out += "{\"scheme\": ";
  json_string(out, res.scheme);
  out += ",\n \"summary\": {\"rows\": " + std::to_string(res.candidates.size());
  out += ", \"eligible\": " + std::to_string(res.eligible);
  out += ", \"ineligible\": " + std::to_string(res.ineligible);
  out += ", \"vetoed\": " + std::to_string(res.vetoed);
  out += ", \"errors\": " + std::to_string(res.errors);
  out += ", \"stages\": {";
  for (std::size_t s = 0; s < res.stages.size(); ++s) {
    if (s) out += ", ";
    json_string(out, res.stages[s].name);
    out += ": [";
    for (std::size_t p = 0; p < res.stages[s].partitions.size(); ++p) {
      if (p) out += ", ";
      json_partition(out, res.stages[s].partitions[p]);
    }
    out += ']';
  }
  out += "}},\n \"candidates\": [";
  for (std::size_t i = 0; i < res.candidates.size(); ++i) {
    out += i ? ",\n  " : "\n  ";
    json_candidate(out, res, i, options);
  }
  out += res.candidates.empty() ? "]}\n" : "\n ]}\n";
  return out;
}

std::string to_csv(const result& res, const report_options& options) {
  std::string out;
  std::vector<std::string> header = {"id", "status", "score", "selected", "tier", "rank", "tie", "reasons", "caps"};
  header.insert(header.end(), res.output_names.begin(), res.output_names.end());
  if (options.values) header.insert(header.end(), res.let_names.begin(), res.let_names.end());
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i) out += ',';
    csv_cell(out, header[i]);
  }
  out += '\n';
  const candidate_table& c = res.candidates;
  for (std::size_t i = 0; i < c.size(); ++i) {
    csv_cell(out, cell_text(c.id(i)));
    out += ',';
    csv_cell(out, to_string(c.status(i)));
    out += ',';
    csv_cell(out, cell_text(c.score(i)));
    out += c.selected(i) ? ",true," : ",false,";
    csv_cell(out, c.tier_text(i));
    out += ',';
    csv_cell(out, cell_text(c.rank(i)));
    out += c.tie(i) ? ",true," : ",false,";
    csv_cell(out, reasons_of(c, i));
    out += ',';
    csv_cell(out, caps_of(c, i, ""));
    for (std::size_t o = 0; o < res.output_names.size(); ++o) {
      out += ',';
      csv_cell(out, cell_text(output_of(c, i, o)));
    }
    if (options.values) {
      for (std::size_t l = 0; l < res.let_names.size(); ++l) {
        out += ',';
        csv_cell(out, cell_text(let_of(c, i, l)));
      }
    }
    out += '\n';
  }
  return out;
}

std::string to_table(const result& res, const report_options& options) {
  std::string out;
  out += printable(res.scheme) + ": " + std::to_string(res.candidates.size()) + " rows, " +
         std::to_string(res.eligible) + " eligible, " + std::to_string(res.ineligible) + " ineligible, " +
         std::to_string(res.vetoed) + " vetoed, " + std::to_string(res.errors) + " errors\n\n";

  text_table t;
  std::vector<std::string> head = {"id", "status", "score", "tier", "rank"};
  for (const auto& n : res.output_names) head.push_back(printable(n));
  if (options.values)
    for (const auto& n : res.let_names) head.push_back(printable(n));
  head.push_back("reasons");
  t.add(head);
  t.set_align(2, align::right);
  t.set_align(4, align::right);
  const candidate_table& c = res.candidates;
  bool any_tie = false;
  for (std::size_t i = 0; i < c.size() && !any_tie; ++i) any_tie = c.tie(i);
  for (std::size_t i = 0; i < c.size(); ++i) {
    std::vector<std::string> row;
    row.push_back(c.has_id(i) ? printable(c.id_text(i)) : "(no id)");
    row.push_back(std::string(to_string(c.status(i))));
    row.push_back(cell_text(c.score(i)));
    row.push_back(printable(c.tier_text(i)));
    // The tie marker: `*` after the rank (explained under the table); when
    // any rank has one, the others get a blank there so the digits align.
    std::string rank = cell_text(c.rank(i));
    if (any_tie && !rank.empty()) rank += c.tie(i) ? '*' : ' ';
    else if (c.tie(i)) rank += '*';
    row.push_back(rank);
    for (std::size_t o = 0; o < res.output_names.size(); ++o) row.push_back(printable(cell_text(output_of(c, i, o))));
    if (options.values)
      for (std::size_t l = 0; l < res.let_names.size(); ++l) row.push_back(printable(cell_text(let_of(c, i, l))));
    std::string notes = reasons_of(c, i);
    const std::string caps = caps_of(c, i, "cap: ");
    if (!notes.empty() && !caps.empty()) notes += "; ";
    notes += caps;
    row.push_back(printable(notes));
    t.add(std::move(row));
  }
  t.render(out, "");
  if (any_tie) out += "\n* tie: an entrant equal on every order key and with the same cap received a different outcome\n";

  for (const stage_summary& st : res.stages) {
    out += "\nstage " + printable(st.name) + "\n";
    text_table s;
    std::vector<std::string> names = st.tiers;
    if (names.empty() && !st.partitions.empty())
      for (const tier_summary& ts : st.partitions.front().tiers) names.push_back(ts.name);
    std::vector<std::string> sh = {"partition", "quota"};
    for (const auto& name : names) sh.push_back(printable(name) + " filled/size");
    s.add(sh);
    s.set_align(1, align::right);
    for (std::size_t i = 0; i < names.size(); ++i) s.set_align(2 + i, align::right);
    for (const partition_summary& p : st.partitions) {
      std::vector<std::string> row = {partition_label(p), p.quota.is_null() ? "error" : p.quota.to_string()};
      for (const tier_summary& ts : p.tiers) row.push_back(std::to_string(ts.filled) + "/" + std::to_string(ts.size));
      s.add(std::move(row));
    }
    s.render(out, "  ");
    for (const partition_summary& p : st.partitions)
      for (const auto& w : p.warnings) out += "  warning: " + partition_label(p) + ": " + printable(w) + "\n";
  }
  return out;
}

}  // namespace merit
