// SPDX-License-Identifier: Apache-2.0
// merit - the evaluation plan: every expression of a model as flat batch code
//
// Each expression becomes a short list of instructions over typed registers;
// a register is a column of one batch (up to `batch_size` rows). Lazy
// operators (`and`, `or`, `if`, `match`) are compiled to selections: an
// instruction runs only for the rows of its selection, so an operand nobody
// needs is never computed. A plan is immutable once built; all scratch state
// lives in the evaluation, so one plan may serve many threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "merit/ast.hpp"
#include "merit/decimal.hpp"
#include "merit/diagnostic.hpp"

namespace merit::detail {

inline constexpr std::size_t batch_size = 1024;

/// Register kinds: int64 (int, bool, date, enum index), decimal, text.
enum class reg_kind : std::uint8_t { i, d, t };

reg_kind kind_of(ast::type_kind t) noexcept;

enum class opcode : std::uint8_t {
  load_field,    ///< dst ← field `imm`; missing → error
  load_param,    ///< dst ← param `imm`
  load_const,    ///< dst ← constant `imm` of the kind
  load_slot,     ///< dst ← slot `imm` (let, score, aggregate, output)
  present,       ///< dst(i) ← field `imm` is present
  to_dec,        ///< dst(d) ← a(i)
  neg,           ///< dst ← -a
  arith,         ///< dst ← a `sub` b (add, sub, mul, div as binary_op)
  compare,       ///< dst(i) ← a `sub` b (eq..ge as binary_op)
  not_,          ///< dst(i) ← !a
  in_list,       ///< dst(i) ← a is one of constants [imm, imm + b)
  sel_true,      ///< selection dst ← rows of `sel` where a is true
  sel_false,     ///< selection dst ← rows of `sel` where a is false
  sel_split,     ///< selection dst ← rows of `sel` where a == constant imm; selection b ← the others
  copy,          ///< dst ← a (same kind)
  least,         ///< dst ← min(a, b)
  greatest,      ///< dst ← max(a, b)
  abs,           ///< dst ← |a|
  clamp,         ///< dst ← clamp(a, b, c); b > c → error
  round,         ///< dst ← round(a, digits imm, mode sub); int result when `to_int`
  years_between, ///< dst(i) ← whole years from a to b (dates)
  days_between,  ///< dst(i) ← b - a (dates)
  stage_ctx,     ///< dst(i) ← the partition being sized: imm 0 entrants(), 1 quota
  stage_value,   ///< dst ← stage `imm`'s result for the row: sub 0 selected (i), 1 tier name (t), 2 rank (i)
};

struct instr {
  opcode op = opcode::copy;
  reg_kind k = reg_kind::i;  ///< kind of the operands
  std::uint8_t sub = 0;      ///< binary_op or rounding
  bool to_int = false;       ///< round: result is int
  std::int32_t dst = -1, a = -1, b = -1, c = -1;
  std::int32_t sel = 0;      ///< selection this instruction runs over
  std::int32_t imm = 0;
  std::int32_t msg = -1;     ///< index into code::messages: names the expression for errors
};

/// One compiled expression.
struct code {
  std::vector<instr> instrs;
  std::int32_t result = -1;  ///< result register
  reg_kind kind = reg_kind::i;
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::string> enum_members;  ///< when type is enum
  std::int32_t regs[3] = {0, 0, 0};       ///< registers used per kind
  std::int32_t sels = 1;                  ///< selections used (0 is the input)
  std::vector<std::string> messages;      ///< source texts of fallible nodes
  std::vector<std::int32_t> slots;        ///< slots read (lets, score, aggregates, outputs)
  std::vector<std::int32_t> fields;       ///< fields read, first use order (for explanations)
  std::vector<std::int32_t> params;       ///< params read
  bool uses_stage = false;                ///< uses selected/tier/rank/entrants
  std::string text;                       ///< source text
};

enum class agg_kind : std::uint8_t { count, sum, avg, min, max, rank_desc, rank_asc };

/// One aggregate call of the program.
struct aggregate {
  agg_kind kind = agg_kind::count;
  bool has_arg = false, has_filter = false;
  code arg, filter;
  std::vector<std::int32_t> over;  ///< field indices
  /// `over f = g` (a join): the reading row's fields g; row r reads the
  /// group of rows whose `over` fields equal its own `join` fields.
  std::vector<std::int32_t> join;
  reg_kind kind_out = reg_kind::i;
  std::string text;
  /// In a group check: covers the rows that passed the reads and the row
  /// checks, not the valid rows (which the group checks decide).
  bool before_group_checks = false;
};

enum class slot_kind : std::uint8_t { let, score, aggregate, output };

/// A whole-roster column computed once per evaluation: a `let`, the score,
/// an aggregate or an output.
struct slot {
  slot_kind kind = slot_kind::let;
  std::int32_t index = 0;  ///< let / aggregate / output index
  std::string name;
  reg_kind k = reg_kind::i;
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::string> enum_members;
  bool per_row = true;  ///< false: one value for every row (an aggregate without `over` or rank)
};

struct rule_code {
  ast::rule_kind kind = ast::rule_kind::require;
  bool group_check = false;  ///< a check that uses aggregates (runs after the row checks)
  std::string label;
  bool cap_none = false;
  std::string cap_tier;
  code cond;
};

/// One allocation stage. `where`, the order keys and the cap conditions are
/// row-level; `quota` and the tier sizes are partition-level: their
/// aggregates were compiled `over` the stage's `by` fields, so their value
/// at any row of a partition is the partition's value.
struct stage_code {
  std::string name;
  std::vector<std::int32_t> by;       ///< field indices
  ast::from_kind source = ast::from_kind::eligible;
  std::int32_t source_stage = -1;
  bool has_where = false;
  code where;
  std::vector<code> order;
  std::vector<bool> descending;
  code quota;
  std::vector<std::string> tier_names;  ///< best first; one named after the stage when none are declared
  std::vector<bool> tier_rest;
  std::vector<code> tier_sizes;         ///< per tier; empty code for `rest`
  bool ties_share = false;
  std::vector<std::int32_t> distinct;  ///< `distinct` field indices; empty without the clause
  std::string distinct_text;           ///< their names as written, for messages: "a, b"
  /// Per cap rule (source order among caps): the tier index it names in
  /// this stage, tier count for `none`, -1 when the stage lacks the tier.
  std::vector<std::int32_t> cap_target;
};

/// Constants, by register kind.
struct constants {
  std::vector<std::int64_t> i;
  std::vector<decimal> d;
  std::vector<std::string> t;
};

/// The compiled program.
struct plan {
  const model* m = nullptr;
  constants consts;
  std::vector<slot> slots;            ///< lets (declaration order), score, aggregates, outputs
  std::int32_t score_slot = -1;       ///< -1 without score
  std::int32_t first_output_slot = 0;
  std::vector<code> slot_code;        ///< per slot; empty for aggregates
  std::vector<aggregate> aggregates;  ///< slot of aggregate k is `first_agg_slot + k`
  std::int32_t first_agg_slot = 0;
  std::vector<rule_code> rules;       ///< source order
  std::vector<stage_code> stages;     ///< source order
  std::int32_t max_regs[3] = {0, 0, 0};
  std::int32_t max_sels = 1;
};

/// Compiles a checked model. `src` gives the source text for messages.
/// Throws std::logic_error on a model the checker should have rejected.
plan build_plan(const model& m, const source_file& src);

}  // namespace merit::detail
