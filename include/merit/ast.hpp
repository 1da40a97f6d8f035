// SPDX-License-Identifier: Apache-2.0
// merit - the syntax tree of a scheme
//
// Plain C++ with a source span on every node; no parser types leak here. The
// parser fills the syntactic fields; the checker fills `expr::type` and
// `expr::ref` (see checker.hpp) on its own copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "merit/diagnostic.hpp"

namespace merit::ast {

/// A name as written, with its span.
struct ident {
  std::string name;
  merit::span where;
};

enum class literal_kind : std::uint8_t {
  integer,   ///< `12`; `text` holds the digits
  decimal,   ///< `0.8`; `text` holds the digits as written
  percent,   ///< `12.5%`; `text` holds the number without `%`
  date,      ///< `2023-12-31`; `text` holds it as written
  string,    ///< `"..."`; `text` holds the value with escapes resolved
  boolean,   ///< `true` / `false`; `boolean` holds the value
};

/// A literal constant. Numbers keep their source digits so that the checker
/// converts them exactly; `negative` is the optional leading `-` of `lit`.
struct literal {
  literal_kind kind = literal_kind::integer;
  std::string text;
  bool boolean = false;
  bool negative = false;
  merit::span where;
};

/// Static types (LANGUAGE.md section 4). `none` marks "not yet checked" or
/// "failed to check" (errors are not reported twice for the same node).
enum class type_kind : std::uint8_t { none, int_, decimal, bool_, text, date, enum_ };

/// A type as written in a declaration.
struct type_ref {
  type_kind kind = type_kind::none;
  std::vector<std::string> members;  ///< enum members in declaration order
  merit::span where;
};

enum class expr_kind : std::uint8_t {
  literal,    ///< `lit`
  name,       ///< `id`: a field, param, let or output
  score,      ///< the keyword `score`
  quota,      ///< the keyword `quota` (tier sizes only)
  negate,     ///< unary `-`: args[0]
  not_,       ///< `not`: args[0]
  binary,     ///< `op`: args[0] op args[1] (and, or, + - * /, comparisons)
  in_list,    ///< args[0] in [items]
  if_,        ///< args = {condition, then, else}
  match,      ///< args[0] subject; arms; args[1] is the `else` value when has_else
  aggregate,  ///< `id` the aggregate name; args = {argument} or {}; filter; over
  present,    ///< present(id)
  weighted,   ///< weighted(weights...)
  stage_fn,   ///< `id` = selected | tier | rank; `lit` the stage name
  entrants,   ///< entrants()
  call,       ///< `id` the function name; args
};

enum class binary_op : std::uint8_t {
  or_, and_, eq, ne, lt, le, gt, ge, add, sub, mul, div,
};

/// What a resolved name refers to (filled by the checker).
enum class ref_kind : std::uint8_t { unresolved, field, param, let, output };

struct expr;

/// One `literal => value` arm of a `match`.
struct match_arm {
  literal pattern;
  std::vector<expr> value;  ///< exactly one element
  merit::span where;
};

/// One `field: weight` of `weighted(...)`.
struct weight {
  ident field;
  literal amount;
  merit::span where;
};

/// An expression node. One node type with a kind keeps the tree walkable
/// by the checker and the compiler without a visitor per node shape; the
/// fields a kind uses are listed on `expr_kind`.
struct expr {
  expr_kind kind = expr_kind::literal;
  merit::span where;
  literal lit;
  ident id;
  binary_op op = binary_op::add;
  std::vector<expr> args;
  std::vector<literal> items;        ///< in_list
  std::vector<match_arm> arms;       ///< match
  bool has_else = false;             ///< match
  std::vector<expr> filter;          ///< aggregate `where`, zero or one element
  std::vector<ident> over;           ///< aggregate `over` fields
  std::vector<ident> join;           ///< `over f = g` (an extension): the reading row's fields g
  std::vector<weight> weights;       ///< weighted

  // Filled by the checker.
  type_kind type = type_kind::none;
  std::vector<std::string> enum_members;  ///< when type is enum_
  ref_kind ref = ref_kind::unresolved;
  std::int32_t ref_index = -1;  ///< index into the program's fields/params/lets/outputs
};

/// `name: type [key] [in [lo, hi]] [= default | optional]`
struct field {
  ident name;
  type_ref type;
  bool key = false;
  std::optional<literal> lo, hi;
  std::optional<literal> default_value;
  bool optional = false;
  merit::span where;
};

struct scheme_decl {
  literal name;  ///< a string literal
  merit::span where;
};

struct input_decl {
  std::vector<field> fields;
  merit::span where;
};

struct param_decl {
  ident name;
  type_ref type;
  std::optional<literal> default_value;
  merit::span where;
};

struct let_decl {
  ident name;
  expr value;
  merit::span where;
};

struct score_decl {
  expr value;
  merit::span where;
};

enum class rule_kind : std::uint8_t { require, veto, check, cap, when };

/// require / veto / check / cap / when. For `when`, `condition` is the guard
/// and `body` the rules inside.
struct rule {
  rule_kind kind = rule_kind::require;
  std::optional<literal> label;  ///< explicit label, a string literal
  expr condition;
  // cap only
  bool cap_none = false;           ///< `=> none`
  std::optional<literal> cap_tier; ///< `=> "tier"`
  // when only
  std::vector<rule> body;
  merit::span where;
};

struct output_decl {
  ident name;
  expr value;
  merit::span where;
};

/// `distinct` is an extension (docs/language.md section 15).
enum class clause_kind : std::uint8_t { from, where, order_by, quota, tier, ties, distinct };
enum class from_kind : std::uint8_t { eligible, all, stage };

struct order_key {
  expr key;
  bool descending = false;
  merit::span where;
};

/// One clause of a `select` block. Clauses are kept in source order and
/// duplicates are kept, so the checker can say "a stage has at most one ...".
struct clause {
  clause_kind kind = clause_kind::from;
  // from
  from_kind source = from_kind::eligible;
  literal source_stage;  ///< from_kind::stage: the stage name
  // where, quota, tier size
  std::vector<expr> value;  ///< zero or one element (tier `rest` has none)
  // order by
  std::vector<order_key> keys;
  // tier
  literal tier_name;
  bool rest = false;
  // ties
  bool ties_share = false;
  // distinct: the fields whose values the stage spreads its places over
  std::vector<ident> fields;
  merit::span where;
};

struct stage_decl {
  literal name;
  std::vector<ident> by;
  std::vector<clause> clauses;
  merit::span where;
};

/// One field of the candidates built from the rows (`candidates by f { ... }`):
/// `name` alone carries the input field of that name (the value the
/// candidate's rows give); `name = expr` computes it over the candidate's
/// rows (`value` holds one element, an expression of aggregates).
struct candidate_item {
  ident name;
  std::vector<expr> value;  ///< zero or one element
  merit::span where;
};

/// `candidates by f { items }` (an extension, docs/language.md section 15):
/// the roster's rows are grouped by `f` into candidates.
struct candidates_decl {
  ident by;
  std::vector<candidate_item> items;
  merit::span where;
};

using decl = std::variant<scheme_decl, input_decl, param_decl, let_decl, score_decl, rule,
                          output_decl, stage_decl, candidates_decl>;

/// A parsed scheme: its declarations in source order.
struct program {
  std::vector<decl> decls;
};

}  // namespace merit::ast
