// SPDX-License-Identifier: Apache-2.0
// merit - checker tests: valid schemes give the expected model, invalid ones
// the exact message at the exact line and column (counted by hand; columns
// are code points, so a Chinese name counts one per character).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "checker/check.hpp"
#include "parser/parse.hpp"

namespace {

using merit::ast::binary_op;
using merit::ast::expr_kind;
using merit::ast::type_kind;
using merit::detail::check_result;
using lines = std::vector<std::string>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct checked {
  lines parse_errors;
  check_result result;
};

std::string render(const merit::diagnostic& d) {
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message;
}

checked run(const std::string& text) {
  merit::source_file src("test.merit", text);
  auto parsed = merit::detail::parse(src);
  checked out;
  for (const auto& d : parsed.diagnostics) out.parse_errors.push_back(render(d));
  if (out.parse_errors.empty()) out.result = merit::detail::check(parsed.program, src);
  return out;
}

/// Every diagnostic as `LINE:COL: message`; syntax errors are prefixed so
/// that a parse failure never passes for a checker error.
lines errors(const std::string& text) {
  const auto c = run(text);
  if (!c.parse_errors.empty()) {
    lines out;
    for (const auto& e : c.parse_errors) out.push_back("syntax " + e);
    return out;
  }
  lines out;
  for (const auto& d : c.result.diagnostics) out.push_back(render(d));
  return out;
}

/// The ```merit blocks of a Markdown file, extracted at test time.
lines merit_blocks(const std::string& markdown) {
  lines blocks;
  std::istringstream in(markdown);
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line.rfind("```merit", 0) == 0) {
      inside = true;
      block.clear();
    } else if (inside && line.rfind("```", 0) == 0) {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block += line + "\n";
    }
  }
  return blocks;
}

// Lines 1 to 11 of most invalid programs below; their own text starts on
// line 12.
const std::string base =
    "scheme \"s\"\n"               // 1
    "input {\n"                    // 2
    "  id: text key\n"             // 3
    "  visits: int\n"              // 4
    "  amount: decimal\n"          // 5
    "  kind: enum(\"x\", \"y\")\n"  // 6
    "  day: date\n"                // 7
    "  note: text\n"               // 8
    "  flag: bool\n"               // 9
    "  extra: decimal optional\n"  // 10
    "}\n";                         // 11

// A stage with tier "Gold", for programs that need one.
const std::string gold_stage =
    "select \"one\" {\n"
    "  order by amount desc\n"
    "  quota 2\n"
    "  tier \"Gold\" = 1\n"
    "  tier \"Silver\" = rest\n"
    "}\n";

int let_index(const merit::detail::model& m, const std::string& name) {
  for (std::size_t i = 0; i < m.lets.size(); ++i)
    if (m.lets[i].name.name == name) return static_cast<int>(i);
  return -1;
}

// ---------------------------------------------------------------------------
// Valid programs

TEST(CheckerTest, BaseProgramIsValid) {
  EXPECT_EQ(errors(base), lines{});
}

TEST(CheckerTest, LanguageDocumentBlocksCheckClean) {
  const auto blocks = merit_blocks(read_file(std::string(MERIT_SHARED_DIR) + "/design/LANGUAGE.md"));
  ASSERT_GE(blocks.size(), 2u);  // the two whole programs at least
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    SCOPED_TRACE("merit block " + std::to_string(i + 1));
    EXPECT_EQ(errors(blocks[i]), lines{});
  }
}

TEST(CheckerTest, LibraryBenchSchemeModel) {
  const auto c = run(read_file(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"));
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u);
  const auto& m = c.result.checked;
  EXPECT_EQ(m.scheme_name, "館務服務之星");
  ASSERT_EQ(m.fields.size(), 13u);
  EXPECT_EQ(m.key_field, 0);
  ASSERT_EQ(m.lets.size(), 2u);
  // weighted(...) with percent weights is decimal; the match has arms 1, 0.8,
  // 0.5 and 0: int with decimal gives decimal.
  EXPECT_EQ(m.lets[0].value.type, type_kind::decimal);
  const int carry = let_index(m, "carry_over");
  ASSERT_EQ(carry, 1);
  EXPECT_EQ(m.lets[1].value.type, type_kind::decimal);
  // Neither let uses the other: declaration order is a dependency order.
  EXPECT_EQ(m.let_order, (std::vector<std::int32_t>{0, 1}));
  ASSERT_TRUE(m.score.has_value());
  EXPECT_EQ(m.score->type, type_kind::decimal);
  // veto + four caps, labels explicit.
  ASSERT_EQ(m.rules.size(), 5u);
  EXPECT_EQ(m.rules[0].label, "有效投訴");
  EXPECT_EQ(m.rules[1].cap_tier, "二等獎");
  EXPECT_TRUE(m.rules[3].cap_none);
  for (const auto& r : m.rules) EXPECT_EQ(r.condition.type, type_kind::bool_);
  ASSERT_EQ(m.stages.size(), 1u);
  const auto& st = m.stages[0];
  EXPECT_EQ(st.by, (std::vector<std::int32_t>{1}));  // group is the second field
  EXPECT_EQ(st.quota.type, type_kind::int_);
  ASSERT_EQ(st.tiers.size(), 3u);
  EXPECT_FALSE(st.tiers[0].rest);
  ASSERT_TRUE(st.tiers[0].size.has_value());
  EXPECT_EQ(st.tiers[0].size->type, type_kind::int_);
  EXPECT_TRUE(st.tiers[2].rest);
  // The weighted node carries one resolved name per weight.
  const auto& w = m.lets[0].value;
  ASSERT_EQ(w.kind, expr_kind::weighted);
  ASSERT_EQ(w.args.size(), 4u);
  EXPECT_EQ(w.args[3].ref, merit::ast::ref_kind::field);
  EXPECT_EQ(w.args[3].ref_index, 5);  // staff
}

TEST(CheckerTest, ShoppingCentreSchemeModel) {
  const auto blocks = merit_blocks(read_file(std::string(MERIT_SHARED_DIR) + "/design/LANGUAGE.md"));
  ASSERT_GE(blocks.size(), 2u);
  const auto c = run(blocks[1]);
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u);
  const auto& m = c.result.checked;
  EXPECT_EQ(m.scheme_name, "商場星級員工");
  ASSERT_EQ(m.lets.size(), 1u);
  EXPECT_EQ(m.lets[0].value.type, type_kind::decimal);  // avg is always decimal
  EXPECT_TRUE(m.let_uses_aggregate.at(0));
  ASSERT_EQ(m.rules.size(), 3u);
  // when 崗位 == "一線" { require present(銷售額) }  =>  not (崗位 == "一線") or present(銷售額)
  const auto& r0 = m.rules[0].condition;
  ASSERT_EQ(r0.kind, expr_kind::binary);
  EXPECT_EQ(r0.op, binary_op::or_);
  ASSERT_EQ(r0.args.size(), 2u);
  EXPECT_EQ(r0.args[0].kind, expr_kind::not_);
  ASSERT_EQ(r0.args[0].args.size(), 1u);
  const auto& guard = r0.args[0].args[0];
  EXPECT_EQ(guard.kind, expr_kind::binary);
  EXPECT_EQ(guard.op, binary_op::eq);
  EXPECT_EQ(guard.args[1].type, type_kind::enum_);  // the literal took the enum type
  EXPECT_EQ(r0.args[1].kind, expr_kind::present);
  EXPECT_EQ(r0.type, type_kind::bool_);
  EXPECT_EQ(m.rules[0].label, "銷售額已填報");
  EXPECT_EQ(m.rules[1].label, "完成單位平均的120%以上");
  EXPECT_EQ(m.rules[1].condition.op, binary_op::or_);
  // The veto outside the when is not folded.
  EXPECT_EQ(m.rules[2].kind, merit::ast::rule_kind::veto);
  EXPECT_EQ(m.rules[2].condition.op, binary_op::gt);
  ASSERT_EQ(m.stages.size(), 2u);
  EXPECT_EQ(m.stages[0].by, (std::vector<std::int32_t>{1}));  // 單位
  EXPECT_EQ(m.stages[1].source, merit::ast::from_kind::stage);
  EXPECT_EQ(m.stages[1].source_stage, 0);
  ASSERT_TRUE(m.stages[1].filter.has_value());
  EXPECT_EQ(m.stages[1].filter->type, type_kind::bool_);
  EXPECT_EQ(m.stages[1].order.size(), 2u);
  ASSERT_EQ(m.outputs.size(), 1u);
  EXPECT_EQ(m.outputs[0].value.type, type_kind::text);
  ASSERT_EQ(m.params.size(), 1u);
}

TEST(CheckerTest, DefaultLabelsCollapseWhitespaceAndComments) {
  const auto c = run(base +
                     "veto visits   >  # a comment\n"  // 12
                     "   0\n"                          // 13
                     "require note == \"a  #b\"\n");   // 14: the string is kept as written
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u);
  ASSERT_EQ(c.result.checked.rules.size(), 2u);
  EXPECT_EQ(c.result.checked.rules[0].label, "visits > 0");
  EXPECT_EQ(c.result.checked.rules[1].label, "note == \"a  #b\"");
}

TEST(CheckerTest, NestedWhenGuardsCompose) {
  const auto c = run(base +
                     "when flag {\n"
                     "  when visits > 1 {\n"
                     "    veto amount > 2\n"
                     "    require note == \"a\"\n"
                     "  }\n"
                     "}\n");
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u);
  const auto& rules = c.result.checked.rules;
  ASSERT_EQ(rules.size(), 2u);
  // veto: flag and (visits > 1 and amount > 2)
  const auto& v = rules[0].condition;
  EXPECT_EQ(v.op, binary_op::and_);
  EXPECT_EQ(v.args[0].kind, expr_kind::name);
  EXPECT_EQ(v.args[1].op, binary_op::and_);
  EXPECT_EQ(v.args[1].args[0].op, binary_op::gt);
  EXPECT_EQ(v.args[1].args[1].op, binary_op::gt);
  EXPECT_EQ(rules[0].label, "amount > 2");
  // require: not flag or (not visits > 1 or note == "a")
  const auto& r = rules[1].condition;
  EXPECT_EQ(r.op, binary_op::or_);
  EXPECT_EQ(r.args[0].kind, expr_kind::not_);
  EXPECT_EQ(r.args[1].op, binary_op::or_);
  EXPECT_EQ(r.args[1].args[0].kind, expr_kind::not_);
  EXPECT_EQ(r.args[1].args[1].op, binary_op::eq);
}

TEST(CheckerTest, TypesAndDependencyOrder) {
  const auto c = run(base +
                     "let total = half + 1\n"                              // 12
                     "let half = visits / 2\n"                             // 13
                     "let rounded = round_half_up(amount)\n"              // 14
                     "let kept = round_half_up(visits, 2)\n"              // 15
                     "let pick = if flag then kind else \"x\"\n"          // 16
                     "let cover = match kind { \"x\" => 1, \"y\" => 2 }\n"  // 17
                     "let yes = match flag { true => 1, false => 2.5 }\n"  // 18
                     "let mix = greatest(visits, 1.5)\n"                  // 19
                     "score = amount + total\n");                          // 20
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u);
  const auto& m = c.result.checked;
  EXPECT_EQ(m.lets[0].value.type, type_kind::decimal);  // decimal + int
  EXPECT_EQ(m.lets[1].value.type, type_kind::decimal);  // `/` gives decimal
  EXPECT_EQ(m.lets[2].value.type, type_kind::int_);     // no digits: int
  EXPECT_EQ(m.lets[3].value.type, type_kind::int_);     // digits: the argument's type
  EXPECT_EQ(m.lets[4].value.type, type_kind::enum_);    // enum with a member literal
  EXPECT_EQ(m.lets[4].value.enum_members, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(m.lets[5].value.type, type_kind::int_);     // every member covered, no else
  EXPECT_EQ(m.lets[6].value.type, type_kind::decimal);
  EXPECT_EQ(m.lets[7].value.type, type_kind::decimal);
  // half (1) comes before total (0), which uses it.
  EXPECT_EQ(m.let_order, (std::vector<std::int32_t>{1, 0, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(m.score_position, 8);
  EXPECT_EQ(m.lets[0].value.args[0].ref, merit::ast::ref_kind::let);
  EXPECT_EQ(m.lets[0].value.args[0].ref_index, 1);
}

// ---------------------------------------------------------------------------
// Names

TEST(CheckerTest, UnknownNameAfterChineseTextSuggests) {
  const std::string text =
      "scheme \"s\"\n"
      "input {\n"
      "  id: text key\n"
      "  staff: decimal\n"
      "}\n"
      "let 總分 = stafff * 2\n";
  // "let " is 4 columns, 總分 2, " = " 3: stafff starts at column 10.
  EXPECT_EQ(errors(text), lines{"6:10: unknown name 'stafff' (did you mean 'staff'?)"});
}

TEST(CheckerTest, UnknownNameWithoutCloseCandidate) {
  EXPECT_EQ(errors(base + "let z = qqq + 1\n"), lines{"12:9: unknown name 'qqq'"});
}

TEST(CheckerTest, UnknownFunctionSuggests) {
  // The parser already rejects unknown function names, so the checker's own
  // check is exercised on a parsed tree whose call is renamed afterwards.
  const merit::source_file src("test.merit", base + "let z = least(visits, 2)\n");
  auto parsed = merit::detail::parse(src);
  ASSERT_TRUE(parsed.diagnostics.empty());
  auto* let = std::get_if<merit::ast::let_decl>(&parsed.program.decls.back());
  ASSERT_NE(let, nullptr);
  ASSERT_EQ(let->value.kind, expr_kind::call);
  let->value.id.name = "lest";
  const auto r = merit::detail::check(parsed.program, src);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(render(r.diagnostics[0]), "12:9: unknown function 'lest' (did you mean 'least'?)");
}

TEST(CheckerTest, DuplicateNameAcrossKinds) {
  EXPECT_EQ(errors(base + "let amount = 1\n"),
            lines{"12:5: 'amount' is already declared as an input field on line 5"});
  EXPECT_EQ(errors(base + "let z = 1\noutput z = 2\n"),
            lines{"13:8: 'z' is already declared as a let on line 12"});
}

TEST(CheckerTest, DuplicateStageAndTier) {
  EXPECT_EQ(errors(base +
                   "select \"s1\" { order by amount desc quota 1 }\n"
                   "select \"s1\" { order by amount desc quota 1 }\n"),
            lines{"13:8: stage 's1' is already declared on line 12"});
  EXPECT_EQ(errors(base +
                   "select \"s1\" {\n"      // 12
                   "  order by amount desc\n"
                   "  quota 2\n"
                   "  tier \"A\" = 1\n"     // 15
                   "  tier \"A\" = rest\n"  // 16
                   "}\n"),
            lines{"16:8: tier 'A' is already declared in this stage on line 15"});
}

TEST(CheckerTest, LetCycle) {
  EXPECT_EQ(errors(base + "let p = q + 1\nlet q = p * 2\n"),
            lines{"12:5: cycle among lets: p -> q -> p"});
}

TEST(CheckerTest, OutputCycle) {
  EXPECT_EQ(errors(base + "output oa = ob\noutput ob = oa\n"),
            lines{"12:8: cycle among outputs: oa -> ob -> oa"});
}

TEST(CheckerTest, CapNamingMissingTier) {
  // "cap amount > 5 => " is 18 columns.
  EXPECT_EQ(errors(base + "cap amount > 5 => \"gold\"\n" + gold_stage),
            lines{"12:19: unknown tier 'gold' (did you mean 'Gold'?)"});
}

TEST(CheckerTest, CapMayNameATierlessStage) {
  EXPECT_EQ(errors(base + "cap amount > 5 => \"solo\"\nselect \"solo\" { order by amount desc quota 1 }\n"),
            lines{});
}

TEST(CheckerTest, FromNamesLaterStage) {
  EXPECT_EQ(errors(base +
                   "select \"one\" {\n"  // 12
                   "  from \"two\"\n"    // 13: "  from " is 7 columns
                   "  order by amount desc\n"
                   "  quota 1\n"
                   "}\n"
                   "select \"two\" {\n"  // 17
                   "  order by amount desc\n"
                   "  quota 1\n"
                   "}\n"),
            lines{"13:8: 'from' must name an earlier stage; 'two' comes later, on line 17"});
}

TEST(CheckerTest, UnknownStageInOutputSuggests) {
  // "output won = selected(" is 22 columns.
  EXPECT_EQ(errors(base + "output won = selected(\"onr\")\n" + gold_stage),
            lines{"12:23: unknown stage 'onr' (did you mean 'one'?)"});
}

TEST(CheckerTest, NoScoreDeclared) {
  EXPECT_EQ(errors(base + "let z = score + 1\n"),
            lines{"12:9: 'score' is used but no score is declared"});
}

// ---------------------------------------------------------------------------
// Declarations

TEST(CheckerTest, TwoKeyFields) {
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  id2: int key\n}\n"),
            lines{"4:3: only one key field is allowed; 'id' on line 3 is already the key"});
}

TEST(CheckerTest, NoKeyField) {
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  name: text\n}\n"),
            lines{"2:1: the input has no key field"});
}

TEST(CheckerTest, KeyFieldOfWrongType) {
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: decimal key\n}\n"),
            lines{"3:3: key field 'id' must be text or int, not decimal"});
}

TEST(CheckerTest, MissingSchemeAndInput) {
  EXPECT_EQ(errors("let z = 1\n"),
            (lines{"1:1: missing 'scheme' declaration", "1:1: missing 'input' declaration"}));
}

TEST(CheckerTest, DuplicateSchemeAndScore) {
  EXPECT_EQ(errors(base + "scheme \"t\"\n"),
            lines{"12:8: a scheme has one 'scheme' declaration; the first is on line 1"});
  EXPECT_EQ(errors(base + "score = amount\nscore = visits\n"),
            lines{"13:1: 'score' is declared twice; the first is on line 12"});
}

TEST(CheckerTest, RangeOnTextField) {
  // "  note: text in [" is 17 columns.
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  note: text in [\"a\", \"z\"]\n}\n"),
            lines{"4:18: 'in' ranges apply only to int, decimal and date fields; 'note' is text"});
}

TEST(CheckerTest, EmptyRange) {
  // "  visits: int in [" is 18 columns.
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  visits: int in [10, 5]\n}\n"),
            lines{"4:19: empty range for 'visits': 10 is greater than 5"});
}

TEST(CheckerTest, DefaultOutsideRange) {
  // "  visits: int in [0, 3] = " is 26 columns.
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  visits: int in [0, 3] = 5\n}\n"),
            lines{"4:27: the default of 'visits' (5) is outside its range [0, 3]"});
}

TEST(CheckerTest, EnumDefaultNotAMember) {
  // "  kind: enum(\"x\", \"y\") = " is 25 columns.
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  kind: enum(\"x\", \"y\") = \"z\"\n}\n"),
            lines{"4:26: 'z' is not a member of enum(\"x\", \"y\")"});
}

TEST(CheckerTest, DefaultOfWrongType) {
  EXPECT_EQ(errors("scheme \"s\"\ninput {\n  id: text key\n  visits: int = 1.5\n}\n"),
            lines{"4:17: the default of 'visits' must be int, not decimal 1.5"});
  // "param year: int = " is 18 columns.
  EXPECT_EQ(errors(base + "param year: int = \"2023\"\n"),
            lines{"12:19: the default of 'year' must be int, not text \"2023\""});
}

// ---------------------------------------------------------------------------
// Types

TEST(CheckerTest, StringLiteralNotAnEnumMember) {
  EXPECT_EQ(errors(base + "require kind == \"z\"\n"),
            lines{"12:17: 'z' is not a member of enum(\"x\", \"y\")"});
}

TEST(CheckerTest, EnumsWithDifferentMembers) {
  EXPECT_EQ(errors(base + "param level: enum(\"x\", \"z\") = \"x\"\nrequire kind == level\n"),
            lines{"13:9: cannot compare enum(\"x\", \"y\") with enum(\"x\", \"z\"): enums compare only "
                  "when their member lists are identical"});
}

TEST(CheckerTest, OrderingOnText) {
  EXPECT_EQ(errors(base + "require note < \"b\"\n"),
            lines{"12:9: '<' needs numbers or dates, not text"});
}

TEST(CheckerTest, DateComparedWithNumber) {
  EXPECT_EQ(errors(base + "require day > 5\n"), lines{"12:9: cannot compare date with int"});
}

TEST(CheckerTest, ArithmeticOnText) {
  EXPECT_EQ(errors(base + "let z = note + 1\n"), lines{"12:9: '+' needs numbers, not text"});
}

TEST(CheckerTest, ConditionMustBeBool) {
  EXPECT_EQ(errors(base + "require amount + 1\n"),
            lines{"12:9: a require condition must be a bool, not decimal"});
  EXPECT_EQ(errors(base + "when visits { require flag }\n"),
            lines{"12:6: a 'when' guard must be a bool, not int"});
}

TEST(CheckerTest, ScoreMustBeNumeric) {
  EXPECT_EQ(errors(base + "score = flag\n"),
            lines{"12:9: the score must be an int or a decimal, not bool"});
}

TEST(CheckerTest, IfBranchesDiffer) {
  // "let z = if flag then 1 else " is 28 columns.
  EXPECT_EQ(errors(base + "let z = if flag then 1 else \"a\"\n"),
            lines{"12:29: 'if' branches have different types: int and text"});
}

TEST(CheckerTest, InListElementOfWrongType) {
  // "require visits in [1, " is 22 columns.
  EXPECT_EQ(errors(base + "require visits in [1, \"a\"]\n"),
            lines{"12:23: cannot compare int with text \"a\""});
}

TEST(CheckerTest, MatchDuplicatePattern) {
  // "let z = match visits { 1 => 1, " is 31 columns; 1 and 1.0 are one value.
  EXPECT_EQ(errors(base + "let z = match visits { 1 => 1, 1.0 => 2, else => 0 }\n"),
            lines{"12:32: duplicate pattern 1.0: an earlier arm on line 12 matches the same value"});
}

TEST(CheckerTest, MatchMissingElse) {
  EXPECT_EQ(errors(base + "let z = match visits { 1 => 1 }\n"),
            lines{"12:9: this match needs an 'else' arm: its patterns do not cover every value"});
  EXPECT_EQ(errors(base + "let z = match kind { \"x\" => 1 }\n"),
            lines{"12:9: this match needs an 'else' arm: \"y\" not covered"});
  EXPECT_EQ(errors(base + "let z = match flag { true => 1, false => 0 }\n"), lines{});
}

TEST(CheckerTest, WeightsMustSumToHundredPercent) {
  // 50% + 40% = 90%.
  EXPECT_EQ(errors(base + "let w = weighted(amount: 50%, visits: 40%)\n"),
            lines{"12:9: weights sum to 90%, not 100%"});
  // 0.5 + 62.5% = 112.5%.
  EXPECT_EQ(errors(base + "let w = weighted(amount: 0.5, visits: 62.5%)\n"),
            lines{"12:9: weights sum to 112.5%, not 100%"});
}

TEST(CheckerTest, WeightsMustBeNonNegativeNumbers) {
  // "let w = weighted(amount: -" is 26 columns (a literal's span starts at
  // its digits; the sign is a flag on it).
  EXPECT_EQ(errors(base + "let w = weighted(amount: -10%, visits: 110%)\n"),
            lines{"12:27: weights must not be negative: -10%"});
  EXPECT_EQ(errors(base + "let w = weighted(note: 100%)\n"),
            lines{"12:18: weighted() needs numbers; 'note' is text"});
}

TEST(CheckerTest, RoundingDigits) {
  // "let z = round_half_up(amount, " is 30 columns.
  EXPECT_EQ(errors(base + "let z = round_half_up(amount, 35)\n"),
            lines{"12:31: the digits of a rounding function must be an int literal in [-34, 34]"});
  EXPECT_EQ(errors(base + "let z = round_half_up(amount, -34)\n"), lines{});
}

TEST(CheckerTest, FunctionArity) {
  EXPECT_EQ(errors(base + "let z = least(amount)\n"),
            lines{"12:9: least() needs at least two arguments"});
  EXPECT_EQ(errors(base + "let z = clamp(amount, 1)\n"),
            lines{"12:9: clamp() takes three arguments: clamp(x, lo, hi)"});
}

TEST(CheckerTest, DateFunctionsNeedDates) {
  // "let z = days_between(day, " is 26 columns.
  EXPECT_EQ(errors(base + "let z = days_between(day, visits)\n"),
            lines{"12:27: days_between() needs dates, not int"});
}

TEST(CheckerTest, PresentNeedsOptionalField) {
  // "require present(" is 16 columns.
  EXPECT_EQ(errors(base + "require present(amount)\n"),
            lines{"12:17: present(amount): 'amount' is not optional; present() applies only to "
                  "optional fields"});
  EXPECT_EQ(errors(base + "require present(extra)\n"), lines{});
}

TEST(CheckerTest, AggregateArguments) {
  EXPECT_EQ(errors(base + "let z = sum(note)\n"), lines{"12:13: sum() needs numbers, not text"});
  EXPECT_EQ(errors(base + "let z = count(visits)\n"),
            lines{"12:15: count() takes no argument; write count(where ...) to count some rows"});
  // "let z = sum(visits - " is 21 columns.
  EXPECT_EQ(errors(base + "let z = sum(visits - avg(visits))\n"),
            lines{"12:22: aggregates cannot be nested: avg() is inside another aggregate"});
}

TEST(CheckerTest, OverFields) {
  // "let z = avg(amount) over " is 25 columns.
  EXPECT_EQ(errors(base + "let z = avg(amount) over amount\n"),
            lines{"12:26: 'over' field 'amount' must be text, enum, int, bool or date, not decimal"});
  EXPECT_EQ(errors(base + "let z = avg(amount) over (kind, flag)\n"), lines{});
}

TEST(CheckerTest, OverJoinFields) {
  // `over f = g` (an extension). "output z = count() over " is 24 columns,
  // so the first field is at 25.
  EXPECT_EQ(errors(base + "output z = count() over note = id\n"), lines{});
  EXPECT_EQ(errors(base + "output z = sum(visits) over (note, kind) = (id, kind)\n"), lines{});
  // "output z = count() over note = " is 31 columns
  EXPECT_EQ(errors(base + "output z = count() over note = visits\n"),
            lines{"12:32: cannot join 'note' (text) with 'visits' (int)"});
  EXPECT_EQ(errors(base + "output z = count() over note = amount\n"),
            lines{"12:32: 'over ... =' field 'amount' must be text, enum, int, bool or date, not decimal"});
  EXPECT_EQ(errors(base + "output z = count() over note = nobody\n"), lines{"12:32: unknown name 'nobody'"});
  // "output z = count() over (note, kind) = " is 39 columns
  EXPECT_EQ(errors(base + "output z = count() over (note, kind) = id\n"),
            lines{"12:40: a join needs as many fields after '=' as before it (2 and 1)"});
  // "output z = rank_desc(visits) over note = " is 41 columns
  EXPECT_EQ(errors(base + "output z = rank_desc(visits) over note = id\n"),
            lines{"12:42: rank_desc() ranks a row among the rows of its own partition; it cannot use a join "
                  "('over f = g')"});
  // A join may use optional fields (a missing value matches nothing); a
  // plain `over` may not. extra becomes `text optional` (columns unchanged).
  std::string optional_base = base;
  optional_base.replace(optional_base.find("decimal optional"), 7, "text   ");
  EXPECT_EQ(errors(optional_base + "output z = count() over extra = id\n"), lines{});
  EXPECT_EQ(errors(optional_base + "output z = count() over extra\n"),
            lines{"12:25: 'over' field 'extra' may not be optional"});
  // Wherever 'over' may stand, a join may: not in sizes.
  EXPECT_EQ(errors(base + "let z = count() over note = id\n"), lines{});
  EXPECT_EQ(errors(base + "select \"s1\" {\n  order by amount desc\n  quota count() over note = id\n}\n"),
            lines{"14:22: 'over' is not allowed in quota or tier sizes"});  // "  quota count() over " is 21
}

// `candidates by` (an extension): rows grouped into candidates. Lines 1-8
// declare the rows; the candidates block starts on line 9.
const std::string rows_base =
    "scheme \"s\"\n"                 // 1
    "input {\n"                      // 2
    "  staff: text\n"                // 3
    "  shop: text\n"                 // 4
    "  receipt: text optional\n"     // 5
    "  votes: int = 1\n"             // 6
    "  amount: decimal = 0\n"        // 7
    "}\n";                           // 8

TEST(CheckerTest, CandidatesModel) {
  const auto c = run(rows_base +
                     "candidates by staff {\n  shop\n  ballots = count(where present(receipt))\n"
                     "  total = sum(amount)\n}\nscore = ballots\n");
  ASSERT_EQ(c.parse_errors, lines{});
  ASSERT_EQ(c.result.diagnostics.size(), 0u) << render(c.result.diagnostics[0]);
  const auto& m = c.result.checked;
  // The scheme's fields are the candidates': the key, then the items.
  ASSERT_EQ(m.fields.size(), 4u);
  EXPECT_EQ(m.fields[0].name.name, "staff");
  EXPECT_TRUE(m.fields[0].key);
  EXPECT_EQ(m.key_field, 0);
  EXPECT_EQ(m.fields[1].name.name, "shop");
  EXPECT_EQ(m.fields[2].type.kind, type_kind::int_);
  EXPECT_EQ(m.fields[3].type.kind, type_kind::decimal);
  ASSERT_TRUE(m.group.has_value());
  EXPECT_EQ(m.group->by, 0);
  EXPECT_EQ(m.group->carried, (std::vector<std::int32_t>{0, 1, -1, -1}));
  EXPECT_EQ(m.group->computed, (std::vector<std::int32_t>{-1, -1, 0, 1}));
  // The rows: as declared, a carried field optional on each row; the
  // computed fields are lets whose aggregates are taken over the key.
  const auto& ev = *m.group->events;
  ASSERT_EQ(ev.fields.size(), 5u);
  EXPECT_TRUE(ev.fields[1].optional);   // shop, carried
  EXPECT_FALSE(ev.fields[3].optional);  // votes
  EXPECT_EQ(ev.key_field, -1);
  ASSERT_EQ(ev.lets.size(), 2u);
  ASSERT_EQ(ev.lets[0].value.over.size(), 1u);
  EXPECT_EQ(ev.lets[0].value.over[0].name, "staff");
}

TEST(CheckerTest, CandidatesMisuse) {
  auto block = [](const std::string& items) { return rows_base + "candidates by staff {\n" + items + "\n}\n"; };
  // Items on line 10; "  " is 2 columns.
  EXPECT_EQ(errors(block("  shops")), lines{"10:3: unknown input field 'shops' (did you mean 'shop'?)"});
  EXPECT_EQ(errors(block("  staff")), lines{"10:3: 'staff' is the candidates' key already"});
  EXPECT_EQ(errors(block("  shop\n  shop")), lines{"11:3: 'shop' is listed twice in 'candidates' (first on line 10)"});
  EXPECT_EQ(errors(block("  votes = count()")),
            lines{"10:3: 'votes' is already declared as an input field on line 6; write it alone to carry it, or "
                  "give the computed field a name of its own"});
  // "  n = " is 6 columns
  EXPECT_EQ(errors(block("  n = votes + 1")),
            lines{"10:7: a candidate's field is computed over the candidate's rows: the rows' field 'votes' can "
                  "be used only inside an aggregate, e.g. count(where votes ...)"});
  // "  n = sum(votes) over " is 22 columns
  EXPECT_EQ(errors(block("  n = sum(votes) over shop")),
            lines{"10:23: 'over' is not allowed in a candidate's field: its aggregates cover the candidate's rows"});
  EXPECT_EQ(errors(block("  n = rank_desc(votes)")),
            lines{"10:7: rank_desc() ranks a row; a candidate's field aggregates the candidate's rows"});
  // "  n = count(where present(" is 26 columns
  EXPECT_EQ(errors(block("  n = count(where present(votes))")),
            lines{"10:27: present(votes): 'votes' is not optional; present() applies only to optional fields"});
  EXPECT_EQ(errors(block("  n = count()") + "let k = 1\ncandidates by shop {\n}\n"),
            lines{"13:1: a scheme has one 'candidates' declaration; the first is on line 9"});
  EXPECT_EQ(errors(block("  n = count() + k") + "let k = 1\n"),
            lines{"10:17: a candidate's field may use the rows' fields and params, not a let 'k'"});
  // A field of the rows that no candidate carries, used outside the block:
  // "score = " is 8 columns.
  EXPECT_EQ(errors(block("  n = count()") + "score = votes\n"),
            lines{"12:9: 'votes' is a field of the rows, not of the candidates: carry it (write 'votes' alone in "
                  "'candidates by staff') or compute a field from it there"});
}

TEST(CheckerTest, CandidatesKey) {
  // "candidates by " is 14 columns.
  EXPECT_EQ(errors(rows_base + "candidates by amount {\n}\n"),
            lines{"9:15: the candidates' key 'amount' must be text or int, not decimal"});
  EXPECT_EQ(errors(rows_base + "candidates by receipt {\n}\n"),
            lines{"9:15: the candidates' key 'receipt' cannot be optional: every row names its candidate"});
  EXPECT_EQ(errors(rows_base + "candidates by votes {\n}\n"),
            lines{"9:15: the candidates' key 'votes' cannot have a default: every row names its candidate"});
  EXPECT_EQ(errors(rows_base + "candidates by staf {\n}\n"), lines{"9:15: unknown name 'staf' (did you mean 'staff'?)"});
  std::string keyed = rows_base + "candidates by staff {\n}\n";
  keyed.replace(keyed.find("shop: text"), 10, "shop: text key");
  EXPECT_EQ(errors(keyed),
            lines{"4:3: the rows are grouped into candidates by 'staff', which is the candidates' key; a row has "
                  "no key field"});
}

// ---------------------------------------------------------------------------
// Where things may appear

TEST(CheckerTest, AggregateInCheck) {
  // "check amount <= " is 16 columns.
  // A group check may use aggregates directly (an extension), not through a
  // let or a guard.
  EXPECT_EQ(errors(base + "check amount <= max(amount)\n"), lines{});
  EXPECT_EQ(errors(base + "let avg_amount = avg(amount)\ncheck amount <= avg_amount\n"),
            lines{"13:17: a check may use aggregates only directly, not through let 'avg_amount': a let's "
                  "aggregates cover the valid rows, which the checks decide"});
  EXPECT_EQ(errors(base + "when visits > avg(visits) {\n  check amount >= 0\n}\n"),
            lines{"13:3: a check's 'when' guard may not use aggregates"});
}

TEST(CheckerTest, StageFunctionOutsideOutputs) {
  EXPECT_EQ(errors(base + "let z = selected(\"one\")\n" + gold_stage),
            lines{"12:9: selected() can only be used in outputs"});
  EXPECT_EQ(errors(base + "output z = if selected(\"one\") then tier(\"one\") else \"-\"\n" + gold_stage),
            lines{});
  // An output may aggregate stage results (an extension); elsewhere the
  // aggregate's argument may not use them. "let z = count(where " is 20 columns.
  EXPECT_EQ(errors(base + "output z = count(where selected(\"one\"))\n" + gold_stage), lines{});
  EXPECT_EQ(errors(base + "let z = count(where selected(\"one\"))\n" + gold_stage),
            lines{"12:21: an aggregate's argument may use selected() only in an output"});
}

TEST(CheckerTest, OutputUsedOutsideOutputs) {
  EXPECT_EQ(errors(base + "output o1 = 1\nlet z = o1\n"),
            lines{"13:9: the output 'o1' can only be used in other outputs"});
}

TEST(CheckerTest, QuotaAndEntrantsOutsideSizes) {
  EXPECT_EQ(errors(base + "let z = quota\n"), lines{"12:9: 'quota' can only be used in tier sizes"});
  EXPECT_EQ(errors(base + "let z = entrants()\n"),
            lines{"12:9: entrants() can only be used in quota and tier sizes"});
}

TEST(CheckerTest, QuotaMustBeInt) {
  EXPECT_EQ(errors(base + "select \"s1\" {\n  order by amount desc\n  quota 10% * count()\n}\n"),
            lines{"14:9: quota must be an int; round it, e.g. round_half_up(...)"});
  // "  tier \"A\" = " is 13 columns.
  EXPECT_EQ(errors(base +
                   "select \"s1\" {\n  order by amount desc\n  quota 4\n"
                   "  tier \"A\" = 50% * quota\n  tier \"B\" = rest\n}\n"),
            lines{"15:14: a tier size must be an int; round it, e.g. round_half_up(...)"});
}

TEST(CheckerTest, SizesUseOnlyPartitionValues) {
  EXPECT_EQ(errors(base + "select \"s1\" {\n  order by amount desc\n  quota visits\n}\n"),
            lines{"14:9: quota cannot use the row-level field 'visits'; sizes may use literals, "
                  "params, the stage's 'by' fields, aggregates and entrants()"});
  // The stage's by field, entrants() and an aggregate are fine.
  EXPECT_EQ(errors(base +
                   "select \"s1\" by kind {\n  order by amount desc\n"
                   "  quota if kind == \"x\" then entrants() else count(where flag)\n}\n"),
            lines{});
  // "  quota round_half_up(10% * count() over " is 41 columns.
  EXPECT_EQ(errors(base +
                   "select \"s1\" {\n  order by amount desc\n"
                   "  quota round_half_up(10% * count() over kind)\n}\n"),
            lines{"14:42: 'over' is not allowed in quota or tier sizes"});
}

// ---------------------------------------------------------------------------
// Stages

TEST(CheckerTest, StageNeedsOrderAndOneQuota) {
  EXPECT_EQ(errors(base + "select \"s1\" { quota 1 }\n"),
            lines{"12:8: stage 's1' needs an 'order by' clause"});
  EXPECT_EQ(errors(base + "select \"s1\" {\n  order by amount desc\n  quota 1\n  quota 2\n}\n"),
            lines{"15:3: a stage has at most one 'quota'; the first is on line 14"});
}

TEST(CheckerTest, ByAndOrderTypes) {
  // "select \"s1\" by " is 15 columns.
  EXPECT_EQ(errors(base + "select \"s1\" by amount {\n  order by amount desc\n  quota 1\n}\n"),
            lines{"12:16: 'by' field 'amount' must be text, enum, int, bool or date, not decimal"});
  EXPECT_EQ(errors(base + "select \"s1\" {\n  order by flag desc\n  quota 1\n}\n"),
            lines{"13:12: an 'order by' key must be an int, a decimal or a date, not bool"});
}

TEST(CheckerTest, DistinctFields) {
  // A stage on lines 12-17 with `distinct` on line 15 ("  distinct " is 11
  // columns, so its first field starts at column 12).
  auto stage = [](const std::string& distinct) {
    return base + "select \"s1\" by kind {\n  order by amount desc\n  quota 2\n  " + distinct + "\n  tier \"A\" = rest\n}\n";
  };
  EXPECT_EQ(errors(stage("distinct note")), lines{});
  EXPECT_EQ(errors(stage("distinct note, flag")), lines{});
  EXPECT_EQ(errors(stage("distinct notes")), lines{"15:12: unknown name 'notes' (did you mean 'note'?)"});
  EXPECT_EQ(errors(stage("distinct amount")),
            lines{"15:12: 'distinct' field 'amount' must be text, enum, int, bool or date, not decimal"});
  std::string optional_text = stage("distinct extra");
  optional_text.replace(optional_text.find("decimal optional"), 7, "text   ");  // columns unchanged
  EXPECT_EQ(errors(optional_text), lines{"15:12: 'distinct' field 'extra' may not be optional"});
  // "  distinct note, " is 17 columns.
  EXPECT_EQ(errors(stage("distinct note, note")), lines{"15:18: 'note' is listed twice after 'distinct'"});
  EXPECT_EQ(errors(stage("distinct kind")),
            lines{"15:12: 'kind' is a 'by' field of stage 's1': each partition has one value of it, so "
                  "'distinct' cannot spread over it"});
  EXPECT_EQ(errors(stage("distinct note\n  distinct flag")),
            lines{"16:3: a stage has at most one 'distinct'; the first is on line 15"});
  EXPECT_EQ(errors(stage("distinct score")),
            lines{"syntax 15:12: expected a field name after 'distinct'"});
}

TEST(CheckerTest, DistinctIsNotReserved) {
  // An extension takes no name away: a field may still be called distinct.
  const std::string text =
      "scheme \"s\"\ninput {\n  id: text key\n  distinct: text\n  s: int\n}\nlet x = distinct == \"a\"\n"
      "select \"s1\" {\n  order by s desc\n  quota 1\n  distinct distinct\n}\n";
  EXPECT_EQ(errors(text), lines{});
  const auto c = run(text);
  ASSERT_EQ(c.result.checked.stages.size(), 1u);
  EXPECT_EQ(c.result.checked.stages[0].distinct, (std::vector<std::int32_t>{1}));
}

TEST(CheckerTest, StageFromItself) {
  EXPECT_EQ(errors(base + "select \"s1\" {\n  from \"s1\"\n  order by amount desc\n  quota 1\n}\n"),
            lines{"13:8: a stage cannot draw from itself"});
}

// ---------------------------------------------------------------------------
// All errors of a program

TEST(CheckerTest, ReportsEveryIndependentError) {
  EXPECT_EQ(errors(base +
                   "let w = weighted(amount: 50%, visits: 40%)\n"  // 12
                   "let amount = 2\n"                              // 13
                   "require ammount > 0\n"                         // 14
                   "score = note\n"                                // 15
                   "select \"s1\" { order by score desc }\n"),     // 16
            (lines{"12:9: weights sum to 90%, not 100%",
                   "13:5: 'amount' is already declared as an input field on line 5",
                   "14:9: unknown name 'ammount' (did you mean 'amount'?)",
                   "15:9: the score must be an int or a decimal, not text",
                   "16:8: stage 's1' needs a 'quota' clause"}));
}

TEST(CheckerTest, FailedNodeIsReportedOnce) {
  // The unknown name makes `qqq * 2` and the comparison untyped; nothing else
  // is reported for them.
  EXPECT_EQ(errors(base + "require qqq * 2 > 1 and flag\n"), lines{"12:9: unknown name 'qqq'"});
}

}  // namespace
