// SPDX-License-Identifier: Apache-2.0
// merit - the checked program: what the checker hands to the compiler
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "merit/ast.hpp"

namespace merit::detail {

/// A rule after `when` guards were folded in (LANGUAGE.md section 3:
/// `when g { require r }` is `not g or r`, veto/cap are `g and v`, check is
/// `not g or k`). `condition` is the folded, typed expression; `label` is the
/// explicit label or the default label (condition source text alone,
/// whitespace and comments collapsed to one space).
struct checked_rule {
  ast::rule_kind kind = ast::rule_kind::require;  // never `when`
  std::string label;
  ast::expr condition;
  bool cap_none = false;
  std::string cap_tier;  ///< when !cap_none
  span where;
};

struct checked_tier {
  std::string name;
  bool rest = false;
  std::optional<ast::expr> size;  ///< typed int; absent when rest
  span where;
};

struct checked_stage {
  std::string name;
  std::vector<std::int32_t> by;  ///< field indices
  ast::from_kind source = ast::from_kind::eligible;
  std::int32_t source_stage = -1;  ///< index of an earlier stage, for from_kind::stage
  std::optional<ast::expr> filter;  ///< the stage's `where` clause, typed bool
  std::vector<ast::order_key> order;
  ast::expr quota;  ///< typed int
  std::vector<checked_tier> tiers;  ///< best first; empty means one tier named after the stage
  bool ties_share = false;
  /// `distinct` fields (an extension): at most one placed entrant per value
  /// tuple in a partition, relaxed only for places that would stay empty.
  std::vector<std::int32_t> distinct;
  span where;
};

struct model;

/// `candidates by f { ... }` (an extension, docs/language.md section 15): the
/// roster's rows are grouped by an input field into candidates. The scheme's
/// `model::fields` are then the candidates' fields, the key first; `events`
/// is a model of the rows themselves (their fields as the roster holds them,
/// a carried field optional on each row; one let per computed field, its
/// aggregates taken `over` the grouping field), evaluated to build the
/// candidates before anything else.
struct grouping {
  std::shared_ptr<const model> events;
  std::int32_t by = -1;                ///< the grouping field, an index into events->fields
  /// Per candidate field: the row field it carries (the key carries `by`), or -1.
  std::vector<std::int32_t> carried;
  /// Per candidate field: the let of `events` that computes it, or -1.
  std::vector<std::int32_t> computed;
  /// Per candidate field: the default of a carried field, taken when none of
  /// the candidate's rows gives a value.
  std::vector<std::optional<ast::literal>> defaults;
  span where;
};

/// The whole checked scheme. Every `ast::expr` inside has `type` and, for
/// names, `ref`/`ref_index` filled; indices refer to the vectors below.
struct model {
  std::string scheme_name;
  std::vector<ast::field> fields;  ///< input fields in declaration order
  std::int32_t key_field = -1;
  std::vector<ast::param_decl> params;
  std::vector<ast::let_decl> lets;            ///< declaration order
  std::vector<std::int32_t> let_order;        ///< dependency order (each after what it uses)
  std::optional<ast::expr> score;             ///< typed int or decimal
  std::vector<checked_rule> rules;            ///< source order, guards folded
  std::vector<ast::output_decl> outputs;      ///< declaration order
  std::vector<std::int32_t> output_order;     ///< dependency order
  std::vector<checked_stage> stages;          ///< source order
  std::optional<grouping> group;              ///< `candidates by`: the rows are events

  // Facts for the compiler and evaluator (added by the checker).
  /// Per let: it uses an aggregate, directly or through other lets or the
  /// score (such a let needs the aggregates computed before it).
  std::vector<bool> let_uses_aggregate;
  bool score_uses_aggregate = false;
  /// The score depends only on let_order[0 .. score_position); lets from
  /// that position on may use the score. -1 when there is no score.
  std::int32_t score_position = -1;
};

// Conventions of the typed expressions (filled by the checker):
// - `weighted`: `args[i]` is a typed, resolved `name` node for `weights[i]`.
// - `stage_fn`: `ref_index` is the index of the named stage in `stages`.
// - `present`: `ref`/`ref_index` name the field.
// - `score`: typed like the score; `ref` stays unresolved.

}  // namespace merit::detail
