// SPDX-License-Identifier: Apache-2.0
// merit - parser tests: the documented programs, precedence, spans, errors
//
// Expected positions are LINE:COL with columns counted in code points; each
// one is worked out by hand in the comment next to it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"
#include "parser/parse.hpp"

namespace {

using namespace merit;

detail::parse_result parse_text(const std::string& text) {
  return detail::parse(source_file("test.merit", text));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The ```merit fenced blocks of a Markdown file, in order.
std::vector<std::string> merit_blocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::string current;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line.rfind("```merit", 0) == 0) {
      inside = true;
      current.clear();
    } else if (inside && line.rfind("```", 0) == 0) {
      inside = false;
      blocks.push_back(current);
    } else if (inside) {
      current += line + "\n";
    }
  }
  return blocks;
}

std::string diagnostics_text(const detail::parse_result& r) {
  std::string out;
  for (const auto& d : r.diagnostics) {
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message + "\n";
  }
  return out;
}

/// "LINE:COL: message" of the first diagnostic, or "no error".
std::string first_error(const std::string& text) {
  const auto r = parse_text(text);
  if (r.diagnostics.empty()) return "no error";
  const auto& d = r.diagnostics.front();
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " + d.message;
}

std::string lit_str(const ast::literal& l) {
  std::string sign = l.negative ? "-" : "";
  switch (l.kind) {
    case ast::literal_kind::integer:
    case ast::literal_kind::decimal:
    case ast::literal_kind::date: return sign + l.text;
    case ast::literal_kind::percent: return sign + l.text + "%";
    case ast::literal_kind::string: return "\"" + l.text + "\"";
    case ast::literal_kind::boolean: return l.boolean ? "true" : "false";
  }
  return "?";
}

const char* op_str(ast::binary_op op) {
  static const char* const names[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};
  return names[static_cast<int>(op)];
}

/// An S-expression of the tree, so that tests can state its shape.
std::string sexpr(const ast::expr& e) {
  using k = ast::expr_kind;
  switch (e.kind) {
    case k::literal: return lit_str(e.lit);
    case k::name: return e.id.name;
    case k::score: return "score";
    case k::quota: return "quota";
    case k::negate: return "(neg " + sexpr(e.args[0]) + ")";
    case k::not_: return "(not " + sexpr(e.args[0]) + ")";
    case k::binary: return std::string("(") + op_str(e.op) + " " + sexpr(e.args[0]) + " " + sexpr(e.args[1]) + ")";
    case k::in_list: {
      std::string s = "(in " + sexpr(e.args[0]) + " [";
      for (std::size_t i = 0; i < e.items.size(); ++i) s += (i ? " " : "") + lit_str(e.items[i]);
      return s + "])";
    }
    case k::if_: return "(if " + sexpr(e.args[0]) + " " + sexpr(e.args[1]) + " " + sexpr(e.args[2]) + ")";
    case k::match: {
      std::string s = "(match " + sexpr(e.args[0]);
      for (const auto& a : e.arms) s += " [" + lit_str(a.pattern) + " => " + sexpr(a.value.at(0)) + "]";
      if (e.has_else) s += " [else => " + sexpr(e.args[1]) + "]";
      return s + ")";
    }
    case k::aggregate: {
      std::string s = "(" + e.id.name;
      for (const auto& a : e.args) s += " " + sexpr(a);
      for (const auto& f : e.filter) s += " where " + sexpr(f);
      if (!e.over.empty()) {
        s += " over";
        for (const auto& o : e.over) s += " " + o.name;
      }
      if (!e.join.empty()) {
        s += " =";
        for (const auto& o : e.join) s += " " + o.name;
      }
      return s + ")";
    }
    case k::present: return "(present " + e.id.name + ")";
    case k::weighted: {
      std::string s = "(weighted";
      for (const auto& w : e.weights) s += " " + w.field.name + ":" + lit_str(w.amount);
      return s + ")";
    }
    case k::stage_fn: return "(" + e.id.name + " " + lit_str(e.lit) + ")";
    case k::entrants: return "(entrants)";
    case k::call: {
      std::string s = "(" + e.id.name;
      for (const auto& a : e.args) s += " " + sexpr(a);
      return s + ")";
    }
  }
  return "?";
}

/// The value of `let x = ...` parsed alone, as an S-expression.
std::string expr_of(const std::string& expression) {
  const auto r = parse_text("let x = " + expression + "\n");
  if (!r.diagnostics.empty()) return "error: " + diagnostics_text(r);
  if (r.program.decls.size() != 1) return "wrong number of declarations";
  return sexpr(std::get<ast::let_decl>(r.program.decls[0]).value);
}

template <class T>
std::vector<const T*> decls_of(const ast::program& p) {
  std::vector<const T*> out;
  for (const auto& d : p.decls) {
    if (const T* t = std::get_if<T>(&d)) out.push_back(t);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The documented programs
// ---------------------------------------------------------------------------

TEST(ParserTest, EveryMeritBlockOfTheLanguagePageParses) {
  const std::string page = read_file(std::string(MERIT_SHARED_DIR) + "/design/LANGUAGE.md");
  const auto blocks = merit_blocks(page);
  ASSERT_EQ(blocks.size(), 2u);  // the page has two complete programs today
  for (const auto& b : blocks) {
    const auto r = parse_text(b);
    EXPECT_EQ(diagnostics_text(r), "") << b;
    EXPECT_FALSE(r.program.decls.empty());
  }
}

TEST(ParserTest, LibrarySchemeHasItsDeclarations) {
  const std::string text = read_file(std::string(MERIT_SHARED_DIR) + "/bench/library.merit");
  const source_file src("library.merit", text);
  const auto r = detail::parse(src);
  ASSERT_EQ(diagnostics_text(r), "");
  // scheme, input, let, let, score, veto, four caps, select
  ASSERT_EQ(r.program.decls.size(), 11u);
  EXPECT_EQ(std::get<ast::scheme_decl>(r.program.decls[0]).name.text, "館務服務之星");

  const auto& input = std::get<ast::input_decl>(r.program.decls[1]);
  ASSERT_EQ(input.fields.size(), 13u);
  EXPECT_EQ(input.fields[0].name.name, "id");
  EXPECT_TRUE(input.fields[0].key);
  EXPECT_EQ(input.fields[0].type.kind, ast::type_kind::text);
  EXPECT_EQ(input.fields[1].type.kind, ast::type_kind::enum_);
  EXPECT_EQ(input.fields[1].type.members, (std::vector<std::string>{"正式館員", "合同制館員"}));
  EXPECT_EQ(lit_str(*input.fields[6].lo), "0");
  EXPECT_EQ(lit_str(*input.fields[6].hi), "3");
  EXPECT_EQ(lit_str(*input.fields[6].default_value), "0");

  const auto& weighted = std::get<ast::let_decl>(r.program.decls[2]);
  EXPECT_EQ(weighted.name.name, "weighted_score");
  EXPECT_EQ(sexpr(weighted.value), "(weighted director:20% committee:20% heads:20% staff:40%)");

  const auto& carry = std::get<ast::let_decl>(r.program.decls[3]);
  EXPECT_EQ(sexpr(carry.value), "(match last_prize [1 => 1] [2 => 0.8] [3 => 0.5] [else => 0])");

  EXPECT_EQ(sexpr(std::get<ast::score_decl>(r.program.decls[4]).value),
            "(+ (- weighted_score carry_over) bonus)");

  const auto& veto = std::get<ast::rule>(r.program.decls[5]);
  EXPECT_EQ(veto.kind, ast::rule_kind::veto);
  EXPECT_EQ(veto.label->text, "有效投訴");

  const auto& cap3 = std::get<ast::rule>(r.program.decls[8]);
  EXPECT_EQ(cap3.kind, ast::rule_kind::cap);
  EXPECT_TRUE(cap3.cap_none);
  EXPECT_EQ(sexpr(cap3.condition), "(and (> lapses 0) (<= (rank_desc lapses) (* 20% (count))))");
  EXPECT_EQ(src.slice(cap3.condition.where), "lapses > 0 and rank_desc(lapses) <= 20% * count()");
  const auto& cap1 = std::get<ast::rule>(r.program.decls[6]);
  EXPECT_EQ(cap1.cap_tier->text, "二等獎");

  const auto& stage = std::get<ast::stage_decl>(r.program.decls[10]);
  EXPECT_EQ(stage.name.text, "年度服務之星");
  ASSERT_EQ(stage.by.size(), 1u);
  EXPECT_EQ(stage.by[0].name, "group");
  ASSERT_EQ(stage.clauses.size(), 5u);
  EXPECT_EQ(stage.clauses[0].kind, ast::clause_kind::order_by);
  ASSERT_EQ(stage.clauses[0].keys.size(), 1u);
  EXPECT_EQ(sexpr(stage.clauses[0].keys[0].key), "score");
  EXPECT_TRUE(stage.clauses[0].keys[0].descending);
  EXPECT_EQ(stage.clauses[1].kind, ast::clause_kind::quota);
  EXPECT_EQ(sexpr(stage.clauses[1].value.at(0)), "(round_half_up (* 40% (count)))");
  EXPECT_EQ(stage.clauses[2].kind, ast::clause_kind::tier);
  EXPECT_EQ(stage.clauses[2].tier_name.text, "一等獎");
  EXPECT_EQ(sexpr(stage.clauses[2].value.at(0)), "(round_half_up (* 15% quota))");
  EXPECT_EQ(stage.clauses[4].tier_name.text, "三等獎");
  EXPECT_TRUE(stage.clauses[4].rest);
  EXPECT_TRUE(stage.clauses[4].value.empty());
}

TEST(ParserTest, ShoppingCentreSchemeHasWhenAndTwoStages) {
  const std::string page = read_file(std::string(MERIT_SHARED_DIR) + "/design/LANGUAGE.md");
  const auto blocks = merit_blocks(page);
  ASSERT_EQ(blocks.size(), 2u);
  const source_file src("mall.merit", blocks[1]);
  const auto r = detail::parse(src);
  ASSERT_EQ(diagnostics_text(r), "");
  // scheme, param, input, let, when, veto, score, select, select, output
  ASSERT_EQ(r.program.decls.size(), 10u);

  const auto& param = std::get<ast::param_decl>(r.program.decls[1]);
  EXPECT_EQ(param.name.name, "年度");
  EXPECT_EQ(param.type.kind, ast::type_kind::int_);
  EXPECT_EQ(lit_str(*param.default_value), "2023");

  const auto& input = std::get<ast::input_decl>(r.program.decls[2]);
  ASSERT_EQ(input.fields.size(), 9u);
  EXPECT_TRUE(input.fields[3].optional);
  EXPECT_EQ(input.fields[3].name.name, "銷售額");

  EXPECT_EQ(sexpr(std::get<ast::let_decl>(r.program.decls[3]).value),
            "(avg 銷售額 where (and (== 崗位 \"一線\") (present 銷售額)) over 單位)");

  const auto& when = std::get<ast::rule>(r.program.decls[4]);
  EXPECT_EQ(when.kind, ast::rule_kind::when);
  EXPECT_EQ(sexpr(when.condition), "(== 崗位 \"一線\")");
  ASSERT_EQ(when.body.size(), 2u);
  EXPECT_EQ(when.body[0].kind, ast::rule_kind::require);
  EXPECT_EQ(when.body[0].label->text, "銷售額已填報");
  EXPECT_EQ(sexpr(when.body[1].condition), "(and (present 銷售額) (>= 銷售額 (* 120% 單位平均銷售)))");
  EXPECT_EQ(src.slice(when.body[1].condition.where), "present(銷售額) and 銷售額 >= 120% * 單位平均銷售");

  EXPECT_EQ(sexpr(std::get<ast::score_decl>(r.program.decls[6]).value), "(+ 技能考核 (least 顧客表揚 10))");

  const auto& second = std::get<ast::stage_decl>(r.program.decls[8]);
  EXPECT_TRUE(second.by.empty());
  ASSERT_EQ(second.clauses.size(), 6u);
  EXPECT_EQ(second.clauses[0].kind, ast::clause_kind::from);
  EXPECT_EQ(second.clauses[0].source, ast::from_kind::stage);
  EXPECT_EQ(second.clauses[0].source_stage.text, "初選");
  EXPECT_EQ(second.clauses[1].kind, ast::clause_kind::where);
  EXPECT_EQ(sexpr(second.clauses[1].value.at(0)), "主管確認");
  ASSERT_EQ(second.clauses[2].keys.size(), 2u);
  EXPECT_EQ(sexpr(second.clauses[2].keys[1].key), "顧客表揚");
  EXPECT_TRUE(second.clauses[2].keys[1].descending);
  EXPECT_EQ(sexpr(second.clauses[3].value.at(0)), "5");

  const auto& output = std::get<ast::output_decl>(r.program.decls[9]);
  EXPECT_EQ(output.name.name, "外語接待");
  EXPECT_EQ(sexpr(output.value), "(if 外語會話 \"能\" \"否\")");
}

// ---------------------------------------------------------------------------
// Precedence, associativity and the shape of the tree
// ---------------------------------------------------------------------------

TEST(ParserTest, BinaryOperatorsAreLeftAssociative) {
  EXPECT_EQ(expr_of("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(expr_of("a / b * c"), "(* (/ a b) c)");
  EXPECT_EQ(expr_of("a or b or c"), "(or (or a b) c)");
}

TEST(ParserTest, PrecedenceFollowsTheGrammar) {
  EXPECT_EQ(expr_of("not a == b"), "(not (== a b))");
  EXPECT_EQ(expr_of("-x * y"), "(* (neg x) y)");
  EXPECT_EQ(expr_of("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(expr_of("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(expr_of("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(expr_of("a + b < c * d and not e"), "(and (< (+ a b) (* c d)) (not e))");
  EXPECT_EQ(expr_of("- - x"), "(neg (neg x))");
  EXPECT_EQ(expr_of("if a then b else c or d"), "(if a b (or c d))");
  EXPECT_EQ(expr_of("if a then if b then 1 else 2 else 3"), "(if a (if b 1 2) 3)");
  EXPECT_EQ(expr_of("least(if a then 1 else 2, 3)"), "(least (if a 1 2) 3)");
}

TEST(ParserTest, OverBindsToTheAggregateBeforeIt) {
  EXPECT_EQ(expr_of("sum(x) over g + 1"), "(+ (sum x over g) 1)");
  EXPECT_EQ(expr_of("1 + avg(x where c) over (u, v)"), "(+ 1 (avg x where c over u v))");
  EXPECT_EQ(expr_of("count(where present(x))"), "(count where (present x))");
  EXPECT_EQ(expr_of("rank_desc(x) <= 20% * count()"), "(<= (rank_desc x) (* 20% (count)))");
}

TEST(ParserTest, CandidatesDeclaration) {
  // `candidates by f { ... }` (an extension): names alone and name = expr.
  const auto r = parse_text(
      "candidates by 工號 {\n  店面\n  姓名\n  得票數 = count(where present(小票編號))\n  平均 = avg(x) + 1\n}\n"
      "let candidates = 1\n");
  ASSERT_EQ(diagnostics_text(r), "");
  ASSERT_EQ(r.program.decls.size(), 2u);
  const auto& cd = std::get<ast::candidates_decl>(r.program.decls[0]);
  EXPECT_EQ(cd.by.name, "工號");
  ASSERT_EQ(cd.items.size(), 4u);
  EXPECT_EQ(cd.items[0].name.name, "店面");
  EXPECT_TRUE(cd.items[0].value.empty());
  EXPECT_EQ(cd.items[1].name.name, "姓名");
  EXPECT_EQ(sexpr(cd.items[2].value.at(0)), "(count where (present 小票編號))");
  EXPECT_EQ(sexpr(cd.items[3].value.at(0)), "(+ (avg x) 1)");
  EXPECT_EQ(std::get<ast::let_decl>(r.program.decls[1]).name.name, "candidates");  // not reserved
  // at 工號, column 12
  EXPECT_EQ(first_error("candidates 工號 {\n}\n"), "1:12: expected 'by' after 'candidates'");
  // "  得票數 =" ends at column 7: the error is right after it
  EXPECT_EQ(first_error("candidates by 工號 {\n  得票數 = \n}\n"), "2:8: expected an expression after '='");
  EXPECT_EQ(first_error("candidates by 工號 {\n  1\n}\n"),
            "2:3: expected '}' or a candidate field (a name, or name = an expression)");
}

TEST(ParserTest, OverJoinIsASingleEqualsSign) {
  // `over f = g` (an extension): a single '='; '==' and '=>' keep their meaning.
  EXPECT_EQ(expr_of("sum(400 where selected(\"s\")) over 營銷主任 = 姓名"),
            "(sum 400 where (selected \"s\") over 營銷主任 = 姓名)");
  EXPECT_EQ(expr_of("count() over (a, b) = (c, d) + 1"), "(+ (count over a b = c d) 1)");
  EXPECT_EQ(expr_of("count() over a == b"), "(== (count over a) b)");
  EXPECT_EQ(expr_of("count() over a=b"), "(count over a = b)");
  EXPECT_EQ(first_error("cap count() over a => none\n"), "no error");
  // "let x = count() over a =" ends at column 24: the error is right after it
  EXPECT_EQ(first_error("let x = count() over a = \n"),
            "1:25: expected a field name or '(' after '=' (a join: over f = g)");
}

TEST(ParserTest, MembershipAndLiterals) {
  EXPECT_EQ(expr_of("x in [1, -2, 0.5, \"a\", true, 2023-01-05]"),
            "(in x [1 -2 0.5 \"a\" true 2023-01-05])");
  EXPECT_EQ(expr_of("not x in [1]"), "(not (in x [1]))");
  EXPECT_EQ(expr_of("-5"), "(neg 5)");  // in an expression '-' is an operator
  EXPECT_EQ(expr_of("12.5% + 40%"), "(+ 12.5% 40%)");
  EXPECT_EQ(expr_of("2023-01-05 - 3"), "(- 2023-01-05 3)");
  EXPECT_EQ(expr_of("2023-1"), "(- 2023 1)");  // two digit groups are a subtraction
  EXPECT_EQ(expr_of("2024-02-29"), "2024-02-29");  // a leap day
  EXPECT_EQ(expr_of("\"a\\\"b\\\\c\\nd\""), "\"a\"b\\c\nd\"");
  EXPECT_EQ(expr_of("0.000" + std::string(34, '7')), "0.000" + std::string(34, '7'));  // leading zeros don't count
  EXPECT_EQ(expr_of("9223372036854775807"), "9223372036854775807");
}

TEST(ParserTest, FunctionNamesAreNotReserved) {
  EXPECT_EQ(expr_of("least(a, b, c)"), "(least a b c)");
  EXPECT_EQ(expr_of("least + count"), "(+ least count)");
  EXPECT_EQ(expr_of("least (a, b)"), "(least a b)");
  EXPECT_EQ(expr_of("clamp(x, 0, 10)"), "(clamp x 0 10)");
  EXPECT_EQ(expr_of("tier(\"s\") == \"一\" and selected(\"s\") or rank(\"s\") > entrants()"),
            "(or (and (== (tier \"s\") \"一\") (selected \"s\")) (> (rank \"s\") (entrants)))");
  EXPECT_EQ(expr_of("score + quota"), "(+ score quota)");
  EXPECT_EQ(expr_of("match g { \"a\" => 1, \"b\" => 2 }"), "(match g [\"a\" => 1] [\"b\" => 2])");
}

TEST(ParserTest, NegativeLiteralsInLits) {
  const auto r = parse_text("param p: int = -9223372036854775808\nlet m = match x { -1 => 2, else => 3 }\n");
  ASSERT_EQ(diagnostics_text(r), "");
  const auto& p = std::get<ast::param_decl>(r.program.decls[0]);
  EXPECT_TRUE(p.default_value->negative);
  EXPECT_EQ(p.default_value->text, "9223372036854775808");
  EXPECT_EQ(sexpr(std::get<ast::let_decl>(r.program.decls[1]).value), "(match x [-1 => 2] [else => 3])");
}

TEST(ParserTest, ConditionSpanCoversExactlyTheCondition) {
  const std::string text =
      "require 銷售額 >= 120% * 單位平均銷售   # comment\n"
      "cap \"c\": (a or b)  => none\n"
      "veto\n"
      "  x\n"
      "    and y\n";
  const source_file src("s.merit", text);
  const auto r = detail::parse(src);
  ASSERT_EQ(diagnostics_text(r), "");
  ASSERT_EQ(r.program.decls.size(), 3u);
  EXPECT_EQ(src.slice(std::get<ast::rule>(r.program.decls[0]).condition.where), "銷售額 >= 120% * 單位平均銷售");
  EXPECT_EQ(src.slice(std::get<ast::rule>(r.program.decls[1]).condition.where), "(a or b)");
  EXPECT_EQ(src.slice(std::get<ast::rule>(r.program.decls[2]).condition.where), "x\n    and y");
  // The declaration's own span runs from its keyword to its last token.
  EXPECT_EQ(src.slice(std::get<ast::rule>(r.program.decls[1]).where), "cap \"c\": (a or b)  => none");
}

TEST(ParserTest, SpansAreByteOffsets) {
  const std::string text = "let 單位 = 單位2 + 1\n";
  const source_file src("s.merit", text);
  const auto r = detail::parse(src);
  ASSERT_EQ(diagnostics_text(r), "");
  const auto& let = std::get<ast::let_decl>(r.program.decls[0]);
  // "let " is 4 bytes, 單 and 位 are 3 bytes each
  EXPECT_EQ(let.name.where.begin, 4u);
  EXPECT_EQ(let.name.where.end, 10u);
  EXPECT_EQ(src.slice(let.value.args[0].where), "單位2");
  EXPECT_EQ(src.slice(let.value.args[1].where), "1");
}

TEST(ParserTest, ByteOrderMarkIsSkipped) {
  const auto r = parse_text("\xEF\xBB\xBFscheme \"s\"\n");
  EXPECT_EQ(diagnostics_text(r), "");
  ASSERT_EQ(r.program.decls.size(), 1u);
  EXPECT_EQ(std::get<ast::scheme_decl>(r.program.decls[0]).name.where.begin, 10u);  // 3 + "scheme " (7)
}

TEST(ParserTest, CommentsAndOnlyAsciiWhitespaceSeparate) {
  const auto r = parse_text("# a comment\nlet\ta = 1 # trailing\r\nlet b =\n  2\n");
  EXPECT_EQ(diagnostics_text(r), "");
  EXPECT_EQ(r.program.decls.size(), 2u);
}

// ---------------------------------------------------------------------------
// Invalid programs: exact message and position
// ---------------------------------------------------------------------------

TEST(ParserErrorTest, Scheme) {
  // "scheme " is 7 columns; the name should start at column 8
  EXPECT_EQ(first_error("scheme 館務\n"), "1:8: expected a string (the scheme name) after 'scheme'");
}

TEST(ParserErrorTest, InputFieldWithoutType) {
  // line 3 "  age: = 3": the '=' is column 8
  EXPECT_EQ(first_error("scheme \"s\"\ninput {\n  age: = 3\n}\n"),
            "3:8: expected a type (int, decimal, bool, text, date or enum(...))");
  // the type is missing at the end of the line: reported right after the ':' (column 10 + 1)
  EXPECT_EQ(first_error("input {\n  score_x:\n}\n"),
            "2:11: expected a type (int, decimal, bool, text, date or enum(...))");
}

TEST(ParserErrorTest, InputFieldModifierOrder) {
  // "  id: text = \"x\" key": 'key' starts at column 18
  EXPECT_EQ(first_error("input {\n  id: text = \"x\" key\n}\n"),
            "2:18: field modifiers must come in the order 'key', 'in', then '=' or 'optional'");
  // "  n: int = 0 in [0, 1]": 'in' at column 14
  EXPECT_EQ(first_error("input {\n  n: int = 0 in [0, 1]\n}\n"),
            "2:14: field modifiers must come in the order 'key', 'in', then '=' or 'optional'");
}

TEST(ParserErrorTest, InputBadEnum) {
  // "  group: enum(正式, ...": 正 is column 15
  EXPECT_EQ(first_error("input {\n  group: enum(正式, \"合同\")\n}\n"),
            "2:15: expected a string (an enum member)");
  // "  g: enum(\"a\" \"b\")": the second string is column 15
  EXPECT_EQ(first_error("input {\n  g: enum(\"a\" \"b\")\n}\n"), "2:15: expected ',' or ')' in the enum list");
}

TEST(ParserErrorTest, InputEmptyAndUnclosed) {
  EXPECT_EQ(first_error("input { }\n"), "1:9: expected a field (name: type)");
  // "  a: int 5": '5' at column 10
  EXPECT_EQ(first_error("input {\n  a: int 5\n}\n"), "2:10: expected '}' or another field");
}

TEST(ParserErrorTest, Param) {
  // "param 年度 int": 'int' at column 10 (年 and 度 are one column each)
  EXPECT_EQ(first_error("param 年度 int = 2023\n"), "1:10: expected ':' after the param name");
  // "param p: int = x": 'x' at column 16
  EXPECT_EQ(first_error("param p: int = x\n"), "1:16: expected a literal after '='");
  // "param p: text = -\"x\"": the string at column 18
  EXPECT_EQ(first_error("param p: text = -\"x\"\n"), "1:18: expected a number after '-'");
}

TEST(ParserErrorTest, Let) {
  EXPECT_EQ(first_error("let x 1\n"), "1:7: expected '=' after the name");
  EXPECT_EQ(first_error("let = 1\n"), "1:5: expected a name after 'let'");
}

TEST(ParserErrorTest, Score) {
  EXPECT_EQ(first_error("score x + 1\n"), "1:7: expected '=' after 'score'");
  // "score = * 3": '*' at column 9
  EXPECT_EQ(first_error("score = * 3\n"), "1:9: expected an expression after '='");
}

TEST(ParserErrorTest, RequireWithAndWithoutLabel) {
  // nothing after 'require' on its line: reported right after it (column 8)
  EXPECT_EQ(first_error("require\nveto x\n"), "1:8: expected a condition");
  // "require \"標籤\": )": ')' at column 15
  EXPECT_EQ(first_error("require \"標籤\": )\n"), "1:15: expected a condition");
}

TEST(ParserErrorTest, VetoLabelWithoutColon) {
  // the string is taken as the condition, so 'complaints' (column 10) is left over
  EXPECT_EQ(first_error("veto \"x\" complaints > 0\n"),
            "1:10: unexpected 'complaints' after the end of the declaration");
}

TEST(ParserErrorTest, CheckComparisonsDoNotChain) {
  // "check a < b < c": the second '<' is column 13
  EXPECT_EQ(first_error("check a < b < c\n"), "1:13: comparisons cannot be chained");
  EXPECT_EQ(first_error("check a == b in [1]\n"), "1:14: comparisons cannot be chained");
}

TEST(ParserErrorTest, CapMissingArrow) {
  // "cap \"c\": absent_days >= 1 \"二等獎\"": the tier string at column 27
  EXPECT_EQ(first_error("cap \"c\": absent_days >= 1 \"二等獎\"\n"), "1:27: expected '=>' after the cap condition");
  // "cap x => 二等獎": 二 at column 10
  EXPECT_EQ(first_error("cap x => 二等獎\n"), "1:10: expected a tier name (a string) or 'none' after '=>'");
}

TEST(ParserErrorTest, When) {
  // the '{' is missing at the end of line 1: right after "\"一線\"" (columns 12-15)
  EXPECT_EQ(first_error("when 崗位 == \"一線\"\n  require x\n}\n"),
            "1:16: expected '{' after the 'when' condition");
  // "  score = 1" inside the block: 'score' at column 3
  EXPECT_EQ(first_error("when a {\n  score = 1\n}\n"),
            "2:3: expected '}' or a rule (require, veto, cap, check or when)");
}

TEST(ParserErrorTest, Output) {
  // "output 外語接待 = if 外語會話 then \"能\"" is 30 columns; the 'else' is missing at the end
  EXPECT_EQ(first_error("output 外語接待 = if 外語會話 then \"能\""),
            "1:31: expected 'else' (an 'if' needs both branches)");
}

TEST(ParserErrorTest, SelectHeader) {
  EXPECT_EQ(first_error("select 初選 {\n}\n"), "1:8: expected a stage name (a string) after 'select'");
  // "select \"s\" by {": '{' at column 15
  EXPECT_EQ(first_error("select \"s\" by {\n}\n"), "1:15: expected a field name after 'by'");
  EXPECT_EQ(first_error("select \"s\" {\n  score desc\n}\n"),
            "2:3: expected '}' or a clause (from, where, order by, quota, tier, ties or distinct)");
}

TEST(ParserTest, DistinctClauseListsItsFields) {
  // `distinct` (an extension) after a `where` whose expression ends before
  // it, and a field that is itself called distinct.
  const auto r = parse_text(
      "select \"s\" by 縣 {\n  where ok\n  distinct 類型, distinct\n  order by s desc\n  quota 2\n}\n");
  ASSERT_EQ(diagnostics_text(r), "");
  const auto& st = std::get<ast::stage_decl>(r.program.decls.at(0));
  ASSERT_EQ(st.clauses.size(), 4u);
  EXPECT_EQ(sexpr(st.clauses[0].value.at(0)), "ok");
  EXPECT_EQ(st.clauses[1].kind, ast::clause_kind::distinct);
  ASSERT_EQ(st.clauses[1].fields.size(), 2u);
  EXPECT_EQ(st.clauses[1].fields[0].name, "類型");
  EXPECT_EQ(st.clauses[1].fields[1].name, "distinct");
  // "  distinct " is 11 columns
  EXPECT_EQ(first_error("select \"s\" {\n  distinct\n}\n"), "2:11: expected a field name after 'distinct'");
  EXPECT_EQ(first_error("select \"s\" {\n  distinct 1\n}\n"), "2:12: expected a field name after 'distinct'");
}

TEST(ParserErrorTest, SelectClauses) {
  const std::string head = "select \"s\" {\n";
  // "  from 初選": 初 at column 8
  EXPECT_EQ(first_error(head + "  from 初選\n}\n"),
            "2:8: expected 'eligible', 'all' or a stage name (a string) after 'from'");
  // "  where" ends at column 7
  EXPECT_EQ(first_error(head + "  where\n}\n"), "2:8: expected a condition after 'where'");
  // "  order by score" ends at column 16
  EXPECT_EQ(first_error(head + "  order by score\n  quota 5\n}\n"),
            "2:17: expected 'asc' or 'desc' after an order by key");
  // "  order by a desc, b" : the second key ends at column 20
  EXPECT_EQ(first_error(head + "  order by a desc, b\n}\n"), "2:21: expected 'asc' or 'desc' after an order by key");
  EXPECT_EQ(first_error(head + "  order score desc\n}\n"), "2:9: expected 'by' after 'order'");
  EXPECT_EQ(first_error(head + "  quota\n}\n"), "2:8: expected an expression after 'quota'");
  // "  tier 一等獎 = 1": 一 at column 8
  EXPECT_EQ(first_error(head + "  tier 一等獎 = 1\n}\n"), "2:8: expected a tier name (a string) after 'tier'");
  // "  tier \"a\" 1": '1' at column 12
  EXPECT_EQ(first_error(head + "  tier \"a\" 1\n}\n"), "2:12: expected '=' after the tier name");
  EXPECT_EQ(first_error(head + "  ties all\n}\n"), "2:8: expected 'key' or 'share' after 'ties'");
}

TEST(ParserErrorTest, MatchArms) {
  // "let c = match p { 1 => 1, 2 0.8 }": '0.8' at column 29
  EXPECT_EQ(first_error("let c = match p { 1 => 1, 2 0.8 }\n"), "1:29: expected '=>' after the match pattern");
  // "let c = match p { else => 1 }": 'else' at column 19
  EXPECT_EQ(first_error("let c = match p { else => 1 }\n"),
            "1:19: expected a match arm (a literal, '=>' and a value)");
  // "let c = match p { 1 => 2, else => 0, 3 => 1 }": the ',' after the else arm is column 36
  EXPECT_EQ(first_error("let c = match p { 1 => 2, else => 0, 3 => 1 }\n"),
            "1:36: expected '}' after the 'else' arm (it comes last)");
  // "let c = match p { 1 => 2 3 => 4 }": '3' at column 26
  EXPECT_EQ(first_error("let c = match p { 1 => 2 3 => 4 }\n"), "1:26: expected ',' or '}' in the match");
  // "let c = match p { 1 => 2, x => 3 }": 'x' at column 27
  EXPECT_EQ(first_error("let c = match p { 1 => 2, x => 3 }\n"), "1:27: expected a literal or 'else' after ','");
}

TEST(ParserErrorTest, AggregatesWithWhereAndOver) {
  // "let a = avg(x where) over 單位": ')' at column 20
  EXPECT_EQ(first_error("let a = avg(x where) over 單位\n"), "1:20: expected a condition after 'where'");
  // "let a = sum(x) over" ends at column 19
  EXPECT_EQ(first_error("let a = sum(x) over\n"), "1:20: expected a field name or '(' after 'over'");
  // "let a = sum(x) over (u,)": ')' at column 24
  EXPECT_EQ(first_error("let a = sum(x) over (u,)\n"), "1:24: expected a field name");
  // "let a = sum(x y)": 'y' at column 15
  EXPECT_EQ(first_error("let a = sum(x y)\n"), "1:15: expected ')' to close the aggregate");
}

TEST(ParserErrorTest, Weighted) {
  // "let w = weighted(director 20%)": '20%' at column 27
  EXPECT_EQ(first_error("let w = weighted(director 20%)\n"), "1:27: expected ':' after the field name");
  // "let w = weighted(a: x)": 'x' at column 21
  EXPECT_EQ(first_error("let w = weighted(a: x)\n"), "1:21: expected a literal weight after ':'");
}

TEST(ParserErrorTest, PresentAndStageFunctions) {
  // "require present(\"x\")": the string at column 17
  EXPECT_EQ(first_error("require present(\"x\")\n"), "1:17: expected a field name in 'present(...)'");
  // "output t = tier(初選)": 初 at column 17
  EXPECT_EQ(first_error("output t = tier(初選)\n"), "1:17: expected a stage name (a string)");
  // "output n = entrants(1)": '1' at column 21
  EXPECT_EQ(first_error("output n = entrants(1)\n"), "1:21: expected ')' after 'entrants('");
}

TEST(ParserErrorTest, CallsAndIf) {
  EXPECT_EQ(first_error("let x = foo(1)\n"), "1:9: 'foo' is not a function");
  // "let x = 1 + if a then 1 else 2": 'if' at column 13
  EXPECT_EQ(first_error("let x = 1 + if a then 1 else 2\n"), "1:13: 'if' cannot stand inside a larger expression");
  // "let x = least(1,)": ')' at column 17
  EXPECT_EQ(first_error("let x = least(1,)\n"), "1:17: expected an argument");
  // "let x = (1 + 2 3": '3' at column 16
  EXPECT_EQ(first_error("let x = (1 + 2 3\n"), "1:16: expected ')'");
  EXPECT_EQ(first_error("let x = if a else 1\n"), "1:14: expected 'then' after the condition");
  // "require x in [1, ]": ']' at column 18
  EXPECT_EQ(first_error("require x in [1, ]\n"), "1:18: expected a literal");
}

TEST(ParserErrorTest, BadLiterals) {
  EXPECT_EQ(first_error("let d = 2023-1-5\n"), "1:9: '2023-1-5' is not a valid date (write YYYY-MM-DD)");
  EXPECT_EQ(first_error("let d = 2023-02-30\n"), "1:9: '2023-02-30' is not a valid date (write YYYY-MM-DD)");
  EXPECT_EQ(first_error("let d = 2023-02-29\n"), "1:9: '2023-02-29' is not a valid date (write YYYY-MM-DD)");
  EXPECT_EQ(first_error("let h = .5\n"), "1:9: '.5' is not a valid number (write a digit before the '.')");
  EXPECT_EQ(first_error("let h = 5.\n"), "1:9: '5.' is not a valid number (write a digit after the '.')");
  EXPECT_EQ(first_error("let e = 1e5\n"), "1:9: '1e5' is not a valid number (exponents are not allowed)");
  EXPECT_EQ(first_error("let e = 2.5E-3\n"), "1:9: '2.5E-3' is not a valid number (exponents are not allowed)");
  // 1 followed by 34 zeros: 35 significant digits (trailing zeros count); 'let big = ' is 10 columns
  EXPECT_EQ(first_error("let big = 1." + std::string(34, '0') + "\n"),
            "1:11: '1." + std::string(34, '0') + "' has 35 significant digits (at most 34)");
  EXPECT_EQ(first_error("let n = 9223372036854775808\n"),
            "1:9: '9223372036854775808' does not fit a 64-bit integer");
  // "scheme \"a\\tb\"": the backslash at column 10
  EXPECT_EQ(first_error("scheme \"a\\tb\"\n"), "1:10: '\\t' is not a valid escape");
  EXPECT_EQ(first_error("scheme \"abc\nlet x = 1\n"), "1:8: unterminated string");
  // "let p = 40 %": the number at column 9
  EXPECT_EQ(first_error("let p = 40 %\n"), "1:9: no space is allowed before '%'");
  EXPECT_EQ(first_error("let p = 12abc\n"), "1:9: '12abc' is not a valid number");
}

TEST(ParserErrorTest, ReservedWordAsName) {
  EXPECT_EQ(first_error("let score = 1\n"), "1:5: 'score' is a reserved word and cannot be used as a name");
  EXPECT_EQ(first_error("input {\n  key: text key\n}\n"),
            "2:3: 'key' is a reserved word and cannot be used as a name");
  EXPECT_EQ(first_error("output when = 1\n"), "1:8: 'when' is a reserved word and cannot be used as a name");
}

TEST(ParserErrorTest, IdeographicSpaceHasAHint) {
  // "let a" then U+3000 at column 6
  const auto r = parse_text("let a\u3000= 1\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << diagnostics_text(r);
  EXPECT_EQ(r.diagnostics[0].message, "ideographic space (U+3000) is not allowed here");
  EXPECT_EQ(r.diagnostics[0].hint, "use an ASCII space");
  EXPECT_EQ(r.diagnostics[0].code, "fullwidth");
  EXPECT_EQ(r.diagnostics[0].loc.line, 1u);
  EXPECT_EQ(r.diagnostics[0].loc.column, 6u);
  EXPECT_EQ(r.diagnostics[0].where.begin, 5u);
  EXPECT_EQ(r.diagnostics[0].where.end, 8u);  // U+3000 is three bytes
}

TEST(ParserErrorTest, FullWidthPunctuationHasAHint) {
  // "let w = least(a，b)": the full-width comma at column 16; the rest parses as if it were ','
  const auto r = parse_text("let w = least(a，b)\nlet s = \"，is fine in a string\"  # and ，in a comment\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << diagnostics_text(r);
  EXPECT_EQ(diagnostics_text(r), "1:16: full-width '，' (U+FF0C) is not allowed here\n");
  EXPECT_EQ(r.diagnostics[0].hint, "use an ASCII ','");
  EXPECT_EQ(r.program.decls.size(), 2u);
  EXPECT_EQ(first_error("let x = （1)\n"), "1:9: full-width '（' (U+FF08) is not allowed here");
}

TEST(ParserErrorTest, InvalidUtf8IsReportedAtTheByte) {
  // line 2 "let b" then the byte 0xFF at column 6 (byte offset 10 + 5)
  const auto r = parse_text("let a = 1\nlet b\xFF = 2\nlet c = 3\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << diagnostics_text(r);
  EXPECT_EQ(r.diagnostics[0].code, "invalid-utf8");
  EXPECT_EQ(diagnostics_text(r), "2:6: invalid UTF-8 byte 0xFF\n");
  EXPECT_EQ(r.diagnostics[0].where.begin, 15u);
  // A truncated sequence (the first two bytes of 單) is one error at its first byte.
  EXPECT_EQ(first_error("scheme \"\xE5\xAE\"\n"), "1:9: invalid UTF-8 byte 0xE5");
}

TEST(ParserErrorTest, ChineseNameBeforeTheErrorCountsOneColumnPerCharacter) {
  // l e t _ 單 位 _ = _ ( 1 _ + _ ) : ')' is column 15
  EXPECT_EQ(first_error("let 單位 = (1 + )\n"), "1:15: expected an expression after '+'");
}

TEST(ParserErrorTest, CodesAreStable) {
  EXPECT_EQ(parse_text("let x = (\n").diagnostics.at(0).code, "syntax");
  EXPECT_EQ(parse_text("let d = 2023-1-5\n").diagnostics.at(0).code, "bad-literal");
}

// ---------------------------------------------------------------------------
// Recovery and limits
// ---------------------------------------------------------------------------

TEST(ParserRecoveryTest, EveryBrokenDeclarationIsReported) {
  const std::string text =
      "scheme \"s\"\n"
      "let a = (1 +        # the operand is missing at the end of the line\n"
      "let b = 2\n"
      "score = * 3\n"
      "let c = 1 2\n"
      "output o = b\n";
  const auto r = parse_text(text);
  // line 2: right after '+' (column 12) -> 13; line 4: '*' at 9; line 5: '2' at 11
  EXPECT_EQ(diagnostics_text(r),
            "2:13: expected an expression after '+'\n"
            "4:9: expected an expression after '='\n"
            "5:11: unexpected '2' after the end of the declaration\n");
  // scheme, let b, let c (complete before the stray '2') and output o
  ASSERT_EQ(r.program.decls.size(), 4u);
  EXPECT_EQ(std::get<ast::let_decl>(r.program.decls[1]).name.name, "b");
  EXPECT_EQ(std::get<ast::output_decl>(r.program.decls[3]).name.name, "o");
}

TEST(ParserRecoveryTest, AnErrorInsideABlockSkipsTheBlock) {
  const std::string text =
      "when a {\n"
      "  require (\n"
      "  veto b\n"
      "}\n"
      "veto c\n";
  const auto r = parse_text(text);
  EXPECT_EQ(diagnostics_text(r), "2:12: expected an expression after '('\n");
  ASSERT_EQ(r.program.decls.size(), 1u);
  EXPECT_EQ(sexpr(std::get<ast::rule>(r.program.decls[0]).condition), "c");
}

TEST(ParserRecoveryTest, LexicalAndSyntaxErrorsComeInSourceOrder) {
  const auto r = parse_text("let a = 2023-13-01\nlet b\u3000= 1\nlet c = )\n");
  EXPECT_EQ(diagnostics_text(r),
            "1:9: '2023-13-01' is not a valid date (write YYYY-MM-DD)\n"
            "2:6: ideographic space (U+3000) is not allowed here\n"
            "3:9: expected an expression after '='\n");
}

TEST(ParserLimitTest, TwoHundredLevelsParse) {
  const std::string text = "let x = " + std::string(200, '(') + "1" + std::string(200, ')') + "\n";
  const auto r = parse_text(text);
  EXPECT_EQ(diagnostics_text(r), "");
  EXPECT_EQ(r.program.decls.size(), 1u);
}

TEST(ParserLimitTest, DeepNestingIsAnErrorNotACrash) {
  // "let x = " is 8 columns; the 201st '(' is column 8 + 201 = 209
  const std::string parens = "let x = " + std::string(100000, '(') + "1\nlet y = 2\n";
  const auto r = parse_text(parens);
  ASSERT_EQ(r.diagnostics.size(), 1u) << diagnostics_text(r);
  EXPECT_EQ(r.diagnostics[0].code, "too-deep");
  EXPECT_EQ(diagnostics_text(r), "1:209: nesting deeper than 200\n");
  EXPECT_EQ(r.program.decls.size(), 1u);  // recovery goes on with 'let y'

  EXPECT_EQ(first_error("let x = " + std::string(100000, '-') + "1\n"), "1:209: nesting deeper than 200");
  EXPECT_EQ(first_error("let x = " + std::string(300, '(') + "1" + std::string(300, ')') + "\n"),
            "1:209: nesting deeper than 200");
  std::string ifs = "let x = ";
  for (int i = 0; i < 100000; ++i) ifs += "if a then ";
  EXPECT_EQ(parse_text(ifs).diagnostics.at(0).message, "nesting deeper than 200");
  std::string whens;
  for (int i = 0; i < 100000; ++i) whens += "when a {\n";
  EXPECT_EQ(parse_text(whens).diagnostics.at(0).message, "nesting deeper than 200");
}

TEST(ParserLimitTest, LongFlatExpressionsHaveABound) {
  std::string text = "let x = 1";
  for (int i = 0; i < 1000; ++i) text += " + 1";
  EXPECT_EQ(diagnostics_text(parse_text(text + "\n")), "");
  // "let x = 1" is 9 columns and each " + 1" adds 4: the k-th '+' is column 9 + 4k - 2,
  // so the 1001st is column 4011
  EXPECT_EQ(first_error(text + " + 1\n"), "1:4011: more than 1000 operators in one declaration");
  // the count is per declaration
  EXPECT_EQ(diagnostics_text(parse_text(text + "\n" + text + "\n")), "");
}

}  // namespace
