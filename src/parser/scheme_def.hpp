// SPDX-License-Identifier: Apache-2.0
// merit - the scheme grammar (LANGUAGE.md section 2) in Spirit X3
//
// Included by scheme.cpp only. Semantic actions build the public AST
// (include/merit/ast.hpp) directly; rule IDs deriving from `annotate` stamp
// every node's byte span. Expectation points are need("...")[p]: a miss there
// throws parse_error with the message "expected ...".
#pragma once

#include "parser/scheme.hpp"

#include <string>
#include <utility>
#include <vector>

#include <boost/fusion/include/at_c.hpp>

#include "parser/error_handler.hpp"
#include "parser/token.hpp"

namespace merit::detail::parser {

namespace fusion = boost::fusion;
using x3::_attr;
using x3::_pass;
using x3::_val;

// ===========================================================================
// Rule IDs
// ===========================================================================
struct name_class : annotate {};
struct decl_name_class : annotate {};
struct fn_name_class : annotate {};
struct agg_name_class : annotate {};
struct stage_fn_name_class : annotate {};
struct present_name_class : annotate {};
struct weighted_name_class : annotate {};
struct entrants_name_class : annotate {};
struct bool_lit_class : annotate {};
struct lit_value_class : annotate {};
struct in_items_class {};
struct expr_class : annotate {};
struct if_expr_class : annotate {};
struct disj_class : annotate {};
struct conj_class : annotate {};
struct neg_class : annotate {};
struct rel_class : annotate {};
struct add_class : annotate {};
struct mul_class : annotate {};
struct unary_class : annotate {};
struct primary_class : annotate {};
struct literal_expr_class : annotate {};
struct keyword_expr_class : annotate {};
struct paren_class : annotate {};
struct match_class : annotate {};
struct arm_class : annotate {};
struct aggregate_class : annotate {};
struct agg_args_class {};
struct over_fields_class {};
struct present_class : annotate {};
struct weighted_class : annotate {};
struct weight_class : annotate {};
struct stage_fn_class : annotate {};
struct entrants_class : annotate {};
struct call_class : annotate {};
struct misplaced_if_class {};
struct unknown_call_class {};
struct name_expr_class : annotate {};
struct type_class : annotate {};
struct field_class : annotate {};
struct scheme_decl_class : annotate {};
struct input_decl_class : annotate {};
struct param_decl_class : annotate {};
struct let_decl_class : annotate {};
struct score_decl_class : annotate {};
struct rule_class : annotate {};
struct plain_rule_class : annotate {};
struct cap_rule_class : annotate {};
struct when_rule_class : annotate {};
struct output_decl_class : annotate {};
struct select_decl_class : annotate {};
struct candidates_decl_class : annotate {};
struct candidate_item_class : annotate {};
struct clause_class : annotate {};
struct from_clause_class : annotate {};
struct where_clause_class : annotate {};
struct order_clause_class : annotate {};
struct order_key_class : annotate {};
struct quota_clause_class : annotate {};
struct tier_clause_class : annotate {};
struct ties_clause_class : annotate {};
struct distinct_clause_class : annotate {};
struct decl_class {};
struct cmp_op_class {};
struct any_literal_class : annotate {};

// ===========================================================================
// Rules
// ===========================================================================
x3::rule<name_class, ast::ident> const name = "name";
x3::rule<decl_name_class, ast::ident> const decl_name = "a name";
x3::rule<agg_name_class, ast::ident> const agg_name = "aggregate";
x3::rule<fn_name_class, ast::ident> const fn_name = "function";
x3::rule<stage_fn_name_class, ast::ident> const stage_fn_name = "stage function";
x3::rule<present_name_class, ast::ident> const present_name = "present";
x3::rule<weighted_name_class, ast::ident> const weighted_name = "weighted";
x3::rule<entrants_name_class, ast::ident> const entrants_name = "entrants";
x3::rule<bool_lit_class, ast::literal> const bool_lit = "boolean";
x3::rule<lit_value_class, ast::literal> const lit_value = "literal";
x3::rule<in_items_class, std::vector<ast::literal>> const in_items = "literal list";

x3::rule<expr_class, ast::expr> const expr = "expression";
x3::rule<if_expr_class, ast::expr> const if_expr = "if";
x3::rule<disj_class, ast::expr> const disj = "or";
x3::rule<conj_class, ast::expr> const conj = "and";
x3::rule<neg_class, ast::expr> const neg = "not";
x3::rule<rel_class, ast::expr> const rel = "comparison";
x3::rule<add_class, ast::expr> const add = "sum";
x3::rule<mul_class, ast::expr> const mul = "product";
x3::rule<unary_class, ast::expr> const unary = "unary";
x3::rule<primary_class, ast::expr> const primary = "primary";
x3::rule<literal_expr_class, ast::expr> const literal_expr = "literal";
x3::rule<keyword_expr_class, ast::expr> const keyword_expr = "score or quota";
x3::rule<paren_class, ast::expr> const paren = "parenthesis";
x3::rule<match_class, ast::expr> const match_expr = "match";
x3::rule<arm_class, ast::match_arm> const arm = "match arm";
x3::rule<aggregate_class, ast::expr> const aggregate = "aggregate";
x3::rule<agg_args_class, ast::expr> const agg_args = "aggregate arguments";
x3::rule<over_fields_class, std::vector<ast::ident>> const over_fields = "over fields";
x3::rule<present_class, ast::expr> const present_expr = "present";
x3::rule<weighted_class, ast::expr> const weighted_expr = "weighted";
x3::rule<weight_class, ast::weight> const weight = "weight";
x3::rule<stage_fn_class, ast::expr> const stage_fn = "stage function";
x3::rule<entrants_class, ast::expr> const entrants_expr = "entrants";
x3::rule<call_class, ast::expr> const call = "call";
x3::rule<misplaced_if_class, ast::expr> const misplaced_if = "if";
x3::rule<unknown_call_class, ast::expr> const unknown_call = "call";
x3::rule<name_expr_class, ast::expr> const name_expr = "name";

x3::rule<type_class, ast::type_ref> const type = "type";
x3::rule<field_class, ast::field> const field = "field";
x3::rule<scheme_decl_class, ast::scheme_decl> const scheme_decl = "scheme";
x3::rule<input_decl_class, ast::input_decl> const input_decl = "input";
x3::rule<param_decl_class, ast::param_decl> const param_decl = "param";
x3::rule<let_decl_class, ast::let_decl> const let_decl = "let";
x3::rule<score_decl_class, ast::score_decl> const score_decl = "score";
x3::rule<rule_class, ast::rule> const rule = "rule";
x3::rule<plain_rule_class, ast::rule> const plain_rule = "rule";
x3::rule<cap_rule_class, ast::rule> const cap_rule = "cap";
x3::rule<when_rule_class, ast::rule> const when_rule = "when";
x3::rule<output_decl_class, ast::output_decl> const output_decl = "output";
x3::rule<select_decl_class, ast::stage_decl> const select_decl = "select";
x3::rule<candidates_decl_class, ast::candidates_decl> const candidates_decl = "candidates";
x3::rule<candidate_item_class, ast::candidate_item> const candidate_item = "candidate field";
x3::rule<clause_class, ast::clause> const clause = "clause";
x3::rule<from_clause_class, ast::clause> const from_clause = "from";
x3::rule<where_clause_class, ast::clause> const where_clause = "where";
x3::rule<order_clause_class, ast::clause> const order_clause = "order by";
x3::rule<order_key_class, ast::order_key> const order_key = "order key";
x3::rule<quota_clause_class, ast::clause> const quota_clause = "quota";
x3::rule<tier_clause_class, ast::clause> const tier_clause = "tier";
x3::rule<ties_clause_class, ast::clause> const ties_clause = "ties";
x3::rule<distinct_clause_class, ast::clause> const distinct_clause = "distinct";
decl_type const decl_rule = "declaration";
x3::rule<cmp_op_class, ast::binary_op> const cmp_op = "comparison operator";
x3::rule<any_literal_class, ast::literal> const any_literal = "literal";

// ===========================================================================
// Grammar
// ===========================================================================

// --- tokens ----------------------------------------------------------------
auto const ident_char = x3::unicode::alpha | x3::unicode::char_(U'0', U'9') | x3::unicode::char_(U'_');
auto const ident_chars =
    x3::raw[x3::lexeme[(x3::unicode::alpha | x3::unicode::char_(U'_')) >> *ident_char]];

/// Punctuation and operators.
constexpr auto sym(char32_t const* s) { return x3::unicode::lit(s); }
/// A reserved word or function name: the whole word, not a prefix of a name.
inline auto kw(char32_t const* w) { return x3::lexeme[x3::unicode::lit(w) >> !ident_char]; }

auto const kw_scheme = kw(U"scheme");
auto const kw_input = kw(U"input");
auto const kw_key = kw(U"key");
auto const kw_in = kw(U"in");
auto const kw_param = kw(U"param");
auto const kw_let = kw(U"let");
auto const kw_score = kw(U"score");
auto const kw_require = kw(U"require");
auto const kw_veto = kw(U"veto");
auto const kw_cap = kw(U"cap");
auto const kw_none = kw(U"none");
auto const kw_check = kw(U"check");
auto const kw_output = kw(U"output");
auto const kw_select = kw(U"select");
auto const kw_by = kw(U"by");
auto const kw_from = kw(U"from");
auto const kw_eligible = kw(U"eligible");
auto const kw_all = kw(U"all");
auto const kw_order = kw(U"order");
auto const kw_asc = kw(U"asc");
auto const kw_desc = kw(U"desc");
auto const kw_quota = kw(U"quota");
auto const kw_tier = kw(U"tier");
auto const kw_rest = kw(U"rest");
auto const kw_ties = kw(U"ties");
auto const kw_share = kw(U"share");
auto const kw_over = kw(U"over");
auto const kw_if = kw(U"if");
auto const kw_then = kw(U"then");
auto const kw_else = kw(U"else");
auto const kw_match = kw(U"match");
auto const kw_and = kw(U"and");
auto const kw_or = kw(U"or");
auto const kw_not = kw(U"not");
auto const kw_true = kw(U"true");
auto const kw_false = kw(U"false");
auto const kw_int = kw(U"int");
auto const kw_decimal = kw(U"decimal");
auto const kw_bool = kw(U"bool");
auto const kw_text = kw(U"text");
auto const kw_date = kw(U"date");
auto const kw_enum = kw(U"enum");
auto const kw_when = kw(U"when");
auto const kw_where = kw(U"where");
auto const kw_optional = kw(U"optional");
// Not reserved (an extension must not take names away from valid programs):
// a word of its own only where a stage clause begins.
auto const kw_distinct = kw(U"distinct");
auto const kw_candidates = kw(U"candidates");  // likewise, where a declaration begins

constexpr literal_parser literal_token{};                            // number, date or string
constexpr literal_parser string_token{false, false, true};           // string only
constexpr literal_parser negated_number{true, false, false, true};   // after '-' in a lit

using ast::binary_op;
auto const cmp_op_def = (sym(U"==") >> x3::attr(binary_op::eq)) | (sym(U"!=") >> x3::attr(binary_op::ne)) |
                        (sym(U"<=") >> x3::attr(binary_op::le)) | (sym(U"<") >> x3::attr(binary_op::lt)) |
                        (sym(U">=") >> x3::attr(binary_op::ge)) | (sym(U">") >> x3::attr(binary_op::gt));

// --- semantic actions ------------------------------------------------------
auto const assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };

auto const to_ident = [](auto& ctx) {
  auto const& r = _attr(ctx);
  auto& st = state_of(ctx);
  _val(ctx) = ast::ident{st.utf8(r.begin(), r.end()), st.span_of(r.begin(), r.end())};
};

template <class Range>
std::u32string_view word_of(Range const& r) {
  return {&*r.begin(), static_cast<std::size_t>(r.end() - r.begin())};
}

auto const fold = [](auto& ctx) {
  auto& st = state_of(ctx);
  if (++st.operators > max_operators) {
    // the operator is the first token after the left operand
    iterator_type op = st.at_byte(_val(ctx).where.end);
    skipper.parse(op, st.at_byte(fusion::at_c<1>(_attr(ctx)).where.begin), x3::unused, x3::unused, x3::unused);
    throw parse_error{st.span_of(op, op + 1), "too-long",
                      "more than " + std::to_string(max_operators) + " operators in one declaration",
                      "split the expression with 'let' declarations"};
  }
  auto& a = _attr(ctx);
  ast::expr lhs = std::move(_val(ctx));
  ast::expr rhs = std::move(fusion::at_c<1>(a));
  ast::expr e;
  e.kind = ast::expr_kind::binary;
  e.op = fusion::at_c<0>(a);
  e.where = {lhs.where.begin, rhs.where.end};
  e.args.push_back(std::move(lhs));
  e.args.push_back(std::move(rhs));
  _val(ctx) = std::move(e);
};

inline ast::expr unary_node(ast::expr_kind kind, ast::expr operand) {
  ast::expr e;
  e.kind = kind;
  e.args.push_back(std::move(operand));
  return e;
}

// --- names and literals ------------------------------------------------------
auto const name_def = ident_chars[([](auto& ctx) {
  auto const& r = _attr(ctx);
  if (is_reserved(word_of(r))) {
    _pass(ctx) = false;
    return;
  }
  auto& st = state_of(ctx);
  _val(ctx) = ast::ident{st.utf8(r.begin(), r.end()), st.span_of(r.begin(), r.end())};
})];

auto const decl_name_def = ident_chars[([](auto& ctx) {
  auto const& r = _attr(ctx);
  auto& st = state_of(ctx);
  const std::string text = st.utf8(r.begin(), r.end());
  if (is_reserved(word_of(r))) {
    throw parse_error{st.span_of(r.begin(), r.end()), "syntax",
                      "'" + text + "' is a reserved word and cannot be used as a name", "choose another name"};
  }
  _val(ctx) = ast::ident{text, st.span_of(r.begin(), r.end())};
})];

auto const agg_name_def = x3::raw[kw(U"count") | kw(U"sum") | kw(U"avg") | kw(U"min") | kw(U"max") |
                                  kw(U"rank_desc") | kw(U"rank_asc")][to_ident];
auto const fn_name_def =
    x3::raw[kw(U"least") | kw(U"greatest") | kw(U"abs") | kw(U"clamp") | kw(U"round_half_up") |
            kw(U"round_half_even") | kw(U"floor") | kw(U"ceil") | kw(U"truncate") | kw(U"years_between") |
            kw(U"days_between")][to_ident];
auto const stage_fn_name_def = x3::raw[kw(U"selected") | kw_tier | kw(U"rank")][to_ident];
auto const present_name_def = x3::raw[kw(U"present")][to_ident];
auto const weighted_name_def = x3::raw[kw(U"weighted")][to_ident];
auto const entrants_name_def = x3::raw[kw(U"entrants")][to_ident];

auto const make_bool = [](bool value) {
  return [value](auto& ctx) {
    ast::literal l;
    l.kind = ast::literal_kind::boolean;
    l.boolean = value;
    l.text = value ? "true" : "false";
    _val(ctx) = std::move(l);
  };
};
auto const bool_lit_def = kw_true[make_bool(true)] | kw_false[make_bool(false)];

auto const lit_value_def = (sym(U"-") >> need("a number after '-'")[negated_number])[([](auto& ctx) {
                             ast::literal l = std::move(_attr(ctx));
                             l.negative = true;
                             _val(ctx) = std::move(l);
                           })] |
                           literal_token[assign] | bool_lit[assign];

auto const in_items_def =
    sym(U"[") >> (need("a literal")[lit_value] % sym(U",")) >> need("',' or ']' in the list")[sym(U"]")];

// --- expressions -----------------------------------------------------------
auto const expr_def = if_expr | disj;

auto const if_expr_def =
    nest(kw_if)[need("a condition after 'if'")[expr] >> need("'then' after the condition")[kw_then] >>
                need("an expression after 'then'")[expr] >> need("'else' (an 'if' needs both branches)")[kw_else] >>
                need("an expression after 'else'")[expr]][([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::expr e;
      e.kind = ast::expr_kind::if_;
      e.args.push_back(std::move(fusion::at_c<0>(a)));
      e.args.push_back(std::move(fusion::at_c<1>(a)));
      e.args.push_back(std::move(fusion::at_c<2>(a)));
      _val(ctx) = std::move(e);
    })];

auto const disj_def =
    conj[assign] >> *(kw_or >> x3::attr(binary_op::or_) >> need("an expression after 'or'")[conj])[fold];

auto const conj_def =
    neg[assign] >> *(kw_and >> x3::attr(binary_op::and_) >> need("an expression after 'and'")[neg])[fold];

auto const neg_def = nest(kw_not)[need("an expression after 'not'")[neg]][([](auto& ctx) {
                       _val(ctx) = unary_node(ast::expr_kind::not_, std::move(_attr(ctx)));
                     })] |
                     rel[assign];

// Comparisons do not chain: after one, another is an error.
auto const rel_def =
    add[assign] >>
    -(((cmp_op >> need("an expression after the comparison")[add])[fold] |
       (kw_in >> need("'[' after 'in'")[in_items])[([](auto& ctx) {
         ast::expr e;
         e.kind = ast::expr_kind::in_list;
         e.items = std::move(_attr(ctx));
         e.args.push_back(std::move(_val(ctx)));
         _val(ctx) = std::move(e);
       })]) >>
      reject(cmp_op | kw_in, "comparisons cannot be chained", "combine comparisons with 'and'"));

auto const add_def = mul[assign] >> *((sym(U"+") >> x3::attr(binary_op::add) >> need("an expression after '+'")[mul])[fold] |
                                      (sym(U"-") >> x3::attr(binary_op::sub) >> need("an expression after '-'")[mul])[fold]);

auto const mul_def =
    unary[assign] >> *((sym(U"*") >> x3::attr(binary_op::mul) >> need("an expression after '*'")[unary])[fold] |
                       (sym(U"/") >> x3::attr(binary_op::div) >> need("an expression after '/'")[unary])[fold]);

auto const unary_def = nest(sym(U"-"))[need("an expression after '-'")[unary]][([](auto& ctx) {
                         _val(ctx) = unary_node(ast::expr_kind::negate, std::move(_attr(ctx)));
                       })] |
                       primary[assign];

auto const primary_def = literal_expr | keyword_expr | paren | match_expr | aggregate | present_expr |
                         weighted_expr | stage_fn | entrants_expr | call | misplaced_if | unknown_call | name_expr;

auto const any_literal_def = literal_token | bool_lit;
auto const literal_expr_def = any_literal[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::literal;
  e.lit = std::move(_attr(ctx));
  _val(ctx) = std::move(e);
})];

auto const make_kind = [](ast::expr_kind kind) {
  return [kind](auto& ctx) {
    ast::expr e;
    e.kind = kind;
    _val(ctx) = std::move(e);
  };
};
auto const keyword_expr_def = kw_score[make_kind(ast::expr_kind::score)] | kw_quota[make_kind(ast::expr_kind::quota)];

auto const paren_def = nest(sym(U"("))[need("an expression after '('")[expr] >> need("')'")[sym(U")")]];

auto const match_expr_def =
    nest(kw_match)[need("an expression after 'match'")[disj] >> need("'{' after the match subject")[sym(U"{")] >>
                   need("a match arm (a literal, '=>' and a value)")[arm] >> *(sym(U",") >> arm) >>
                   -(sym(U",") >> need("a literal or 'else' after ','")[kw_else] >>
                     need("'=>' after 'else'")[sym(U"=>")] >> need("an expression after '=>'")[expr] >>
                     need("'}' after the 'else' arm (it comes last)")[&sym(U"}")]) >>
                   need("',' or '}' in the match")[sym(U"}")]][([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::expr e;
      e.kind = ast::expr_kind::match;
      e.args.push_back(std::move(fusion::at_c<0>(a)));
      e.arms.push_back(std::move(fusion::at_c<1>(a)));
      for (auto& m : fusion::at_c<2>(a)) e.arms.push_back(std::move(m));
      if (auto& otherwise = fusion::at_c<3>(a)) {
        e.has_else = true;
        e.args.push_back(std::move(*otherwise));
      }
      _val(ctx) = std::move(e);
    })];

auto const arm_def = (lit_value >> need("'=>' after the match pattern")[sym(U"=>")] >>
                      need("an expression after '=>'")[expr])[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::match_arm m;
  m.pattern = std::move(fusion::at_c<0>(a));
  m.value.push_back(std::move(fusion::at_c<1>(a)));
  _val(ctx) = std::move(m);
})];

// `over f = g`, a join (an extension): `=` alone, neither `==` nor `=>`.
auto const join_eq = x3::lexeme[sym(U"=") >> !(sym(U"=") | sym(U">"))];

auto const aggregate_def =
    (agg_name >> agg_args)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::expr e = std::move(fusion::at_c<1>(a));
      e.kind = ast::expr_kind::aggregate;
      e.id = std::move(fusion::at_c<0>(a));
      _val(ctx) = std::move(e);
    })] >>
    -(kw_over >> need("a field name or '(' after 'over'")[over_fields][([](auto& ctx) {
        _val(ctx).over = std::move(_attr(ctx));
      })] >>
      -(join_eq >> need("a field name or '(' after '=' (a join: over f = g)")[over_fields][([](auto& ctx) {
          _val(ctx).join = std::move(_attr(ctx));
        })]));

auto const agg_args_def =
    nest(sym(U"("))[-expr[([](auto& ctx) { _val(ctx).args.push_back(std::move(_attr(ctx))); })] >>
                    -(kw_where >> need("a condition after 'where'")[expr][([](auto& ctx) {
                        _val(ctx).filter.push_back(std::move(_attr(ctx)));
                      })]) >>
                    need("')' to close the aggregate")[sym(U")")]];

auto const push_back = [](auto& ctx) { _val(ctx).push_back(std::move(_attr(ctx))); };
auto const over_fields_def =
    (sym(U"(") >> (need("a field name")[name][push_back] % sym(U",")) >> need("',' or ')'")[sym(U")")]) |
    name[push_back];

auto const present_expr_def = (present_name >> sym(U"(") >> need("a field name in 'present(...)'")[name] >>
                               need("')'")[sym(U")")])[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::present;
  e.id = std::move(fusion::at_c<1>(_attr(ctx)));
  _val(ctx) = std::move(e);
})];

auto const weighted_expr_def = (weighted_name >> sym(U"(") >> (need("a field name and its weight")[weight] % sym(U",")) >>
                                need("',' or ')' in 'weighted(...)'")[sym(U")")])[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::weighted;
  e.id = std::move(fusion::at_c<0>(_attr(ctx)));
  e.weights = std::move(fusion::at_c<1>(_attr(ctx)));
  _val(ctx) = std::move(e);
})];

auto const weight_def = (name >> need("':' after the field name")[sym(U":")] >>
                         need("a literal weight after ':'")[lit_value])[([](auto& ctx) {
  ast::weight w;
  w.field = std::move(fusion::at_c<0>(_attr(ctx)));
  w.amount = std::move(fusion::at_c<1>(_attr(ctx)));
  _val(ctx) = std::move(w);
})];

auto const stage_fn_def = (stage_fn_name >> sym(U"(") >> need("a stage name (a string)")[string_token] >>
                           need("')'")[sym(U")")])[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::stage_fn;
  e.id = std::move(fusion::at_c<0>(_attr(ctx)));
  e.lit = std::move(fusion::at_c<1>(_attr(ctx)));
  _val(ctx) = std::move(e);
})];

auto const entrants_expr_def = (entrants_name >> sym(U"(") >> need("')' after 'entrants('")[sym(U")")])[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::entrants;
  e.id = std::move(_attr(ctx));
  _val(ctx) = std::move(e);
})];

auto const call_def = (fn_name >> nest(sym(U"("))[(need("an argument")[expr] % sym(U",")) >>
                                                 need("',' or ')' in the argument list")[sym(U")")]])[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::call;
  e.id = std::move(fusion::at_c<0>(_attr(ctx)));
  e.args = std::move(fusion::at_c<1>(_attr(ctx)));
  _val(ctx) = std::move(e);
})];

// `if` where only a part of an expression stands: `1 + if a then 1 else 2`.
auto const misplaced_if_def = x3::raw[kw_if][([](auto& ctx) -> void {
  auto const& r = _attr(ctx);
  throw parse_error{state_of(ctx).span_of(r.begin(), r.end()), "syntax",
                    "'if' cannot stand inside a larger expression", "put the 'if' expression in parentheses"};
})];

auto const unknown_call_def = (name >> &sym(U"("))[([](auto& ctx) -> void {
  auto const& id = _attr(ctx);
  throw parse_error{id.where, "syntax", "'" + id.name + "' is not a function",
                    "the functions are count, sum, avg, min, max, rank_desc, rank_asc, least, greatest, abs, "
                    "clamp, round_half_up, round_half_even, floor, ceil, truncate, years_between, days_between, "
                    "present, weighted, selected, tier, rank and entrants"};
})];

auto const name_expr_def = name[([](auto& ctx) {
  ast::expr e;
  e.kind = ast::expr_kind::name;
  e.id = std::move(_attr(ctx));
  _val(ctx) = std::move(e);
})];

// --- declarations ------------------------------------------------------------
auto const set_type = [](ast::type_kind kind) { return [kind](auto& ctx) { _val(ctx).kind = kind; }; };
auto const type_def =
    kw_int[set_type(ast::type_kind::int_)] | kw_decimal[set_type(ast::type_kind::decimal)] |
    kw_bool[set_type(ast::type_kind::bool_)] | kw_text[set_type(ast::type_kind::text)] |
    kw_date[set_type(ast::type_kind::date)] |
    (kw_enum[set_type(ast::type_kind::enum_)] >> need("'(' after 'enum'")[sym(U"(")] >>
     (need("a string (an enum member)")[string_token][([](auto& ctx) {
        _val(ctx).members.push_back(std::move(_attr(ctx).text));
      })] %
      sym(U",")) >>
     need("',' or ')' in the enum list")[sym(U")")]);

auto const type_expected = "a type (int, decimal, bool, text, date or enum(...))";

auto const field_def =
    decl_name[([](auto& ctx) { _val(ctx).name = std::move(_attr(ctx)); })] >>
    need("':' after the field name")[sym(U":")] >>
    need(type_expected)[stamp(type)][([](auto& ctx) { _val(ctx).type = std::move(_attr(ctx)); })] >>
    -kw_key[([](auto& ctx) { _val(ctx).key = true; })] >>
    -(kw_in >> need("'[' after 'in'")[sym(U"[")] >>
      need("a literal (the lower bound)")[lit_value][([](auto& ctx) { _val(ctx).lo = std::move(_attr(ctx)); })] >>
      need("',' between the bounds")[sym(U",")] >>
      need("a literal (the upper bound)")[lit_value][([](auto& ctx) { _val(ctx).hi = std::move(_attr(ctx)); })] >>
      need("']' after the upper bound")[sym(U"]")]) >>
    -((sym(U"=") >> need("a literal after '='")[lit_value][([](auto& ctx) {
         _val(ctx).default_value = std::move(_attr(ctx));
       })]) |
      kw_optional[([](auto& ctx) { _val(ctx).optional = true; })]) >>
    reject(kw_key | kw_in | sym(U"=") | kw_optional,
           "field modifiers must come in the order 'key', 'in', then '=' or 'optional'");

auto const scheme_decl_def =
    kw_scheme >> need("a string (the scheme name) after 'scheme'")[string_token][([](auto& ctx) {
      _val(ctx).name = std::move(_attr(ctx));
    })];

auto const push_field = [](auto& ctx) { _val(ctx).fields.push_back(std::move(_attr(ctx))); };
auto const input_decl_def = kw_input >> need("'{' after 'input'")[sym(U"{")] >>
                            need("a field (name: type)")[stamp(field)][push_field] >> *stamp(field)[push_field] >>
                            need_next("'}' or another field")[sym(U"}")];

auto const set_name = [](auto& ctx) { _val(ctx).name = std::move(_attr(ctx)); };
auto const set_value = [](auto& ctx) { _val(ctx).value = std::move(_attr(ctx)); };

auto const param_decl_def =
    kw_param >> need("a name after 'param'")[decl_name][set_name] >> need("':' after the param name")[sym(U":")] >>
    need(type_expected)[stamp(type)][([](auto& ctx) { _val(ctx).type = std::move(_attr(ctx)); })] >>
    -(sym(U"=") >> need("a literal after '='")[lit_value][([](auto& ctx) {
        _val(ctx).default_value = std::move(_attr(ctx));
      })]);

auto const let_decl_def = kw_let >> need("a name after 'let'")[decl_name][set_name] >>
                          need("'=' after the name")[sym(U"=")] >> need("an expression after '='")[expr][set_value];

auto const score_decl_def =
    kw_score >> need("'=' after 'score'")[sym(U"=")] >> need("an expression after '='")[expr][set_value];

auto const output_decl_def = kw_output >> need("a name after 'output'")[decl_name][set_name] >>
                             need("'=' after the name")[sym(U"=")] >> need("an expression after '='")[expr][set_value];

auto const set_rule_kind = [](ast::rule_kind kind) { return [kind](auto& ctx) { _val(ctx).kind = kind; }; };
auto const rule_label = string_token >> sym(U":");
auto const set_label = [](auto& ctx) { _val(ctx).label = std::move(_attr(ctx)); };
auto const set_condition = [](auto& ctx) { _val(ctx).condition = std::move(_attr(ctx)); };

auto const rule_def = plain_rule | cap_rule | when_rule;

auto const plain_rule_def = (kw_require[set_rule_kind(ast::rule_kind::require)] |
                             kw_veto[set_rule_kind(ast::rule_kind::veto)] |
                             kw_check[set_rule_kind(ast::rule_kind::check)]) >>
                            -rule_label[set_label] >> need("a condition")[expr][set_condition];

auto const cap_rule_def =
    kw_cap[set_rule_kind(ast::rule_kind::cap)] >> -rule_label[set_label] >> need("a condition")[expr][set_condition] >>
    need("'=>' after the cap condition")[sym(U"=>")] >>
    need("a tier name (a string) or 'none' after '=>'")[string_token[([](auto& ctx) {
                                                          _val(ctx).cap_tier = std::move(_attr(ctx));
                                                        })] |
                                                        kw_none[([](auto& ctx) { _val(ctx).cap_none = true; })]];

auto const when_rule_def =
    kw_when[set_rule_kind(ast::rule_kind::when)] >> need("a condition after 'when'")[expr][set_condition] >>
    nest(need("'{' after the 'when' condition")[sym(U"{")])[
        *rule[([](auto& ctx) { _val(ctx).body.push_back(std::move(_attr(ctx))); })] >>
        need_next("'}' or a rule (require, veto, cap, check or when)")[sym(U"}")]];

auto const select_decl_def =
    kw_select >> need("a stage name (a string) after 'select'")[string_token][set_name] >>
    -(kw_by >> (need("a field name after 'by'")[name][([](auto& ctx) {
                  _val(ctx).by.push_back(std::move(_attr(ctx)));
                })] %
                sym(U","))) >>
    need("'{' to open the stage")[sym(U"{")] >>
    *clause[([](auto& ctx) { _val(ctx).clauses.push_back(std::move(_attr(ctx))); })] >>
    need_next("'}' or a clause (from, where, order by, quota, tier, ties or distinct)")[sym(U"}")];

auto const set_clause = [](ast::clause_kind kind) { return [kind](auto& ctx) { _val(ctx).kind = kind; }; };
auto const push_value = [](auto& ctx) { _val(ctx).value.push_back(std::move(_attr(ctx))); };

auto const clause_def =
    from_clause | where_clause | order_clause | quota_clause | tier_clause | ties_clause | distinct_clause;

auto const from_clause_def =
    kw_from[set_clause(ast::clause_kind::from)] >>
    need("'eligible', 'all' or a stage name (a string) after 'from'")[
        kw_eligible[([](auto& ctx) { _val(ctx).source = ast::from_kind::eligible; })] |
        kw_all[([](auto& ctx) { _val(ctx).source = ast::from_kind::all; })] |
        string_token[([](auto& ctx) {
          _val(ctx).source = ast::from_kind::stage;
          _val(ctx).source_stage = std::move(_attr(ctx));
        })]];

auto const where_clause_def =
    kw_where[set_clause(ast::clause_kind::where)] >> need("a condition after 'where'")[expr][push_value];

auto const order_clause_def =
    kw_order[set_clause(ast::clause_kind::order_by)] >> need("'by' after 'order'")[kw_by] >>
    (order_key[([](auto& ctx) { _val(ctx).keys.push_back(std::move(_attr(ctx))); })] % sym(U","));

auto const order_key_def =
    need("an expression (an order by key)")[expr][([](auto& ctx) { _val(ctx).key = std::move(_attr(ctx)); })] >>
    need("'asc' or 'desc' after an order by key")[kw_asc[([](auto& ctx) { _val(ctx).descending = false; })] |
                                                  kw_desc[([](auto& ctx) { _val(ctx).descending = true; })]];

auto const quota_clause_def =
    kw_quota[set_clause(ast::clause_kind::quota)] >> need("an expression after 'quota'")[expr][push_value];

auto const tier_clause_def =
    kw_tier[set_clause(ast::clause_kind::tier)] >>
    need("a tier name (a string) after 'tier'")[string_token][([](auto& ctx) {
      _val(ctx).tier_name = std::move(_attr(ctx));
    })] >>
    need("'=' after the tier name")[sym(U"=")] >>
    need("'rest' or an expression after '='")[kw_rest[([](auto& ctx) { _val(ctx).rest = true; })] |
                                              expr[push_value]];

auto const ties_clause_def =
    kw_ties[set_clause(ast::clause_kind::ties)] >>
    need("'key' or 'share' after 'ties'")[kw_key[([](auto& ctx) { _val(ctx).ties_share = false; })] |
                                          kw_share[([](auto& ctx) { _val(ctx).ties_share = true; })]];

auto const distinct_clause_def =
    kw_distinct[set_clause(ast::clause_kind::distinct)] >>
    (need("a field name after 'distinct'")[name][([](auto& ctx) { _val(ctx).fields.push_back(std::move(_attr(ctx))); })] %
     sym(U","));

// `candidates by f { name  name = expr ... }` (an extension): one item per
// candidate field, a name alone or a name with its definition.
auto const candidates_decl_def =
    kw_candidates >> need("'by' after 'candidates'")[kw_by] >>
    need("a field name after 'by'")[name][([](auto& ctx) { _val(ctx).by = std::move(_attr(ctx)); })] >>
    nest(need("'{' to open the candidates' fields")[sym(U"{")])[
        *candidate_item[([](auto& ctx) { _val(ctx).items.push_back(std::move(_attr(ctx))); })] >>
        need_next("'}' or a candidate field (a name, or name = an expression)")[sym(U"}")]];

auto const candidate_item_def =
    decl_name[set_name] >>
    -(join_eq >> need("an expression after '='")[expr][([](auto& ctx) { _val(ctx).value.push_back(std::move(_attr(ctx))); })]);

auto const decl_rule_def = stamp(scheme_decl)[assign] | stamp(input_decl)[assign] | stamp(param_decl)[assign] |
                           stamp(let_decl)[assign] | stamp(score_decl)[assign] | stamp(rule)[assign] |
                           stamp(output_decl)[assign] | stamp(select_decl)[assign] | stamp(candidates_decl)[assign];

BOOST_SPIRIT_DEFINE(name, decl_name, agg_name, fn_name, stage_fn_name, present_name, weighted_name, entrants_name,
                    bool_lit, lit_value, in_items, expr, if_expr, disj, conj, neg, rel, add, mul, unary, primary,
                    literal_expr, keyword_expr, paren, match_expr, arm, aggregate, agg_args, over_fields,
                    present_expr, weighted_expr, weight, stage_fn, entrants_expr, call, misplaced_if, unknown_call,
                    name_expr, type, field, scheme_decl, input_decl, param_decl, let_decl, score_decl, rule,
                    plain_rule, cap_rule, when_rule, output_decl, select_decl, clause, from_clause, where_clause,
                    order_clause, order_key, quota_clause, tier_clause, ties_clause, decl_rule, cmp_op,
                    any_literal)
// The extensions' rules (one DEFINE takes a bounded number of rules).
BOOST_SPIRIT_DEFINE(distinct_clause, candidates_decl, candidate_item)

// ===========================================================================
// Annotation: see `annotate` in error_handler.hpp; every *_class above that
// derives from it records its node's span on success.
// ===========================================================================

}  // namespace merit::detail::parser

namespace merit::detail::parser {
decl_type const& decl() { return decl_rule; }
}  // namespace merit::detail::parser
