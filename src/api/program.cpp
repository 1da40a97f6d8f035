// SPDX-License-Identifier: Apache-2.0
// merit - compile(): parse, check, and the program's introspection
#include "merit/program.hpp"

#include <algorithm>
#include <string>
#include <variant>

#include "checker/check.hpp"
#include "checker/model.hpp"
#include "common/limits.hpp"
#include "eval/plan.hpp"
#include "parser/parse.hpp"

namespace merit {

namespace {

std::optional<std::string> literal_text(const std::optional<ast::literal>& lit) {
  if (!lit) return std::nullopt;
  if (lit->kind == ast::literal_kind::boolean) return std::string(lit->boolean ? "true" : "false");
  std::string text = lit->negative ? "-" + lit->text : lit->text;
  if (lit->kind == ast::literal_kind::percent) text += '%';
  return text;
}

// Declarations, for the limit on their number: each input field and each
// rule (also inside `when`) counts one.
std::size_t rule_weight(const ast::rule& r) {
  std::size_t n = 1;
  for (const ast::rule& b : r.body) n += rule_weight(b);
  return n;
}

std::size_t declaration_weight(const ast::decl& d) {
  if (const auto* in = std::get_if<ast::input_decl>(&d)) return std::max<std::size_t>(1, in->fields.size());
  if (const auto* r = std::get_if<ast::rule>(&d)) return rule_weight(*r);
  if (const auto* c = std::get_if<ast::candidates_decl>(&d)) return std::max<std::size_t>(1, c->items.size());
  return 1;
}

void sort_by_position(std::vector<diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const diagnostic& a, const diagnostic& b) {
    return a.where.begin < b.where.begin;
  });
}

}  // namespace

program::program(std::shared_ptr<const detail::model> m, std::shared_ptr<const source_file> src)
    : model_(std::move(m)),
      source_(std::move(src)),
      plan_(std::make_shared<const detail::plan>(detail::build_plan(*model_, *source_))) {
  if (model_->group) rows_ = std::make_shared<const program>(model_->group->events, source_);
}

const std::string& program::scheme_name() const noexcept { return model_->scheme_name; }
const source_file& program::source() const noexcept { return *source_; }

std::vector<input_info> program::inputs() const {
  std::vector<input_info> out;
  out.reserve(model_->fields.size());
  const std::vector<ast::field>& fields = model_->group ? model_->group->events->fields : model_->fields;
  for (const ast::field& f : fields) {
    input_info in;
    in.name = f.name.name;
    in.type = f.type.kind;
    in.members = f.type.members;
    in.key = f.key;
    in.optional = f.optional;
    in.lo = literal_text(f.lo);
    in.hi = literal_text(f.hi);
    in.default_value = literal_text(f.default_value);
    out.push_back(std::move(in));
  }
  return out;
}

std::vector<param_info> program::params() const {
  std::vector<param_info> out;
  for (const ast::param_decl& p : model_->params) {
    out.push_back({p.name.name, p.type.kind, p.type.members, literal_text(p.default_value)});
  }
  return out;
}

std::vector<stage_info> program::stages() const {
  std::vector<stage_info> out;
  for (const detail::checked_stage& s : model_->stages) {
    stage_info info;
    info.name = s.name;
    for (std::int32_t f : s.by) info.by.push_back(model_->fields[static_cast<std::size_t>(f)].name.name);
    switch (s.source) {
      case ast::from_kind::eligible: info.from = "eligible"; break;
      case ast::from_kind::all: info.from = "all"; break;
      case ast::from_kind::stage:
        info.from = model_->stages[static_cast<std::size_t>(s.source_stage)].name;
        break;
    }
    if (s.tiers.empty()) info.tiers.push_back({s.name, false});
    for (const detail::checked_tier& t : s.tiers) info.tiers.push_back({t.name, t.rest});
    info.ties_share = s.ties_share;
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<std::string> program::tiers() const {
  std::vector<std::string> out;
  for (const stage_info& s : stages()) {
    for (const tier_info& t : s.tiers) {
      if (std::find(out.begin(), out.end(), t.name) == out.end()) out.push_back(t.name);
    }
  }
  return out;
}

compile_result compile(std::string_view text, std::string_view filename) {
  compile_result out;
  auto src = std::make_shared<const source_file>(std::string(filename), std::string(text));
  out.source = *src;
  // Limits on hostile input (docs/RELIABILITY.md): checked before parsing.
  if (text.size() > detail::max_source_bytes) {
    out.diagnostics.push_back({severity::error, span{0, 0}, location{}, "too-large",
                               "the scheme is " + std::to_string(text.size()) + " bytes; at most " +
                                   std::to_string(detail::max_source_bytes) + " are accepted",
                               ""});
    return out;
  }
  detail::parse_result parsed = detail::parse(*src);
  std::size_t declared = 0;
  for (const ast::decl& d : parsed.program.decls) {
    declared += declaration_weight(d);
    if (declared > detail::max_declarations) {
      const span at = std::visit([](const auto& x) { return x.where; }, d);
      out.diagnostics.push_back({severity::error, at, src->locate(at.begin), "too-many-declarations",
                                 "more than " + std::to_string(detail::max_declarations) +
                                     " declarations (input fields, candidate fields and rules count one each)",
                                 ""});
      return out;
    }
  }
  // Syntax errors stop here: checking a program with holes in it would
  // report names declared in the broken declarations as unknown.
  if (std::any_of(parsed.diagnostics.begin(), parsed.diagnostics.end(),
                  [](const diagnostic& d) { return d.severity == severity::error; })) {
    out.diagnostics = std::move(parsed.diagnostics);
    sort_by_position(out.diagnostics);
    for (diagnostic& d : out.diagnostics) d.loc = src->locate(d.where.begin);
    return out;
  }
  detail::check_result checked = detail::check(parsed.program, *src);
  out.diagnostics = std::move(parsed.diagnostics);
  out.diagnostics.insert(out.diagnostics.end(), checked.diagnostics.begin(), checked.diagnostics.end());
  sort_by_position(out.diagnostics);
  for (diagnostic& d : out.diagnostics) d.loc = src->locate(d.where.begin);
  const bool failed = std::any_of(out.diagnostics.begin(), out.diagnostics.end(),
                                  [](const diagnostic& d) { return d.severity == severity::error; });
  if (!failed) {
    out.program.emplace(std::make_shared<const detail::model>(std::move(checked.checked)), src);
  }
  return out;
}

}  // namespace merit
