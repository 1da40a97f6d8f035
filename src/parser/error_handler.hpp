// SPDX-License-Identifier: Apache-2.0
// merit - parse state, syntax errors, expectation points and span annotation
//
// X3's own error_handler prints; here a failed expectation throws a
// parse_error carrying the span and the full message, and the driver turns it
// into a diagnostic and resynchronises at the next declaration.
#pragma once

#include "parser/config.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "merit/diagnostic.hpp"

namespace merit::detail::parser {

/// How deep parentheses, `if`, `match`, unary `-`, `not`, calls and `when`
/// bodies may nest; deeper input is an error, never a stack overflow.
inline constexpr int max_depth = 200;

/// How many binary operators one declaration may hold. A chain `a + b + ...`
/// is a left-deep tree, and everything that walks the tree (its destructor
/// included) recurses once per operator; the bound keeps that recursion
/// within an ordinary thread's stack, even in a sanitizer build whose frames
/// are several times larger (5,000 overflowed the checker there).
inline constexpr int max_operators = 1000;

/// What the grammar needs to turn positions into byte spans and names into
/// UTF-8 text. One per parse; lives in the X3 context under state_tag.
struct parse_state {
  iterator_type begin;
  const std::vector<std::uint32_t>* offsets = nullptr;  ///< code point index -> byte offset
  const std::string* text = nullptr;                    ///< the original UTF-8 source
  int depth = 0;
  int operators = 0;  ///< binary operators in the current declaration

  std::uint32_t byte(iterator_type it) const { return (*offsets)[static_cast<std::size_t>(it - begin)]; }
  merit::span span_of(iterator_type b, iterator_type e) const { return {byte(b), byte(e)}; }
  iterator_type at_byte(std::uint32_t b) const {
    return begin + (std::lower_bound(offsets->begin(), offsets->end(), b) - offsets->begin());
  }
  std::string utf8(iterator_type b, iterator_type e) const {
    const std::uint32_t from = byte(b);
    return text->substr(from, byte(e) - from);
  }
};

/// A syntax or lexical error; thrown out of the grammar, caught per declaration.
struct parse_error {
  merit::span where;
  std::string code;
  std::string message;
  std::string hint;
};

template <class Ctx>
parse_state& state_of(Ctx const& ctx) {
  return x3::get<state_tag>(ctx);
}

/// Where to report a missing token: at the next token, or right after the
/// previous one when the next token is on a later line (so that a missing
/// `)` at the end of a line is reported on that line).
template <class It, class Ctx>
It missing_token_position(It first, It const& last, Ctx const& ctx) {
  It next = first;
  x3::skip_over(next, last, ctx);
  return std::find(first, next, U'\n') != next ? first : next;
}

template <class It, class Ctx>
[[noreturn]] void throw_expected(It const& first, It const& last, Ctx const& ctx, const char* what,
                                 bool at_next_token) {
  auto& st = state_of(ctx);
  It at = first;
  if (at_next_token) {
    x3::skip_over(at, last, ctx);
  } else {
    at = missing_token_position(first, last, ctx);
  }
  const std::uint32_t b = st.byte(at);
  const std::uint32_t e = at == last ? b : st.byte(at + 1);
  throw parse_error{{b, e}, "syntax", std::string("expected ") + what, {}};
}

// ---------------------------------------------------------------------------
// need("what")[p]: an expectation point. Like X3's `>`, but the message is
// written out in full, e.g. need("')'") gives "expected ')'".
// ---------------------------------------------------------------------------
template <class Subject>
struct need_directive : x3::unary_parser<Subject, need_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, need_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;

  constexpr need_directive(Subject const& subject, const char* what, bool at_next_token)
      : base_type(subject), what_(what), at_next_token_(at_next_token) {}

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    // A failed subject may have skipped whitespace already; measure from
    // where it started.
    const It save = first;
    if (this->subject.parse(first, last, ctx, rctx, attr)) return true;
    first = save;
    throw_expected(save, last, ctx, what_, at_next_token_);
  }

  const char* what_;
  bool at_next_token_;
};

struct need_gen {
  const char* what;
  bool at_next_token;
  template <class Subject>
  constexpr need_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject), what, at_next_token};
  }
};

constexpr need_gen need(const char* what) { return {what, false}; }

/// need_next("what")[p]: for a list that goes on or closes ("'}' or a
/// field"): a wrong token there is the culprit, so the error is reported at
/// it even when it stands on a later line.
constexpr need_gen need_next(const char* what) { return {what, true}; }

// ---------------------------------------------------------------------------
// nest(opener)[p]: parses `opener`, then `p` one nesting level deeper. The
// level past max_depth is an error at the opener.
// ---------------------------------------------------------------------------
template <class Opener, class Subject>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Opener, Subject>> {
  using base_type = x3::unary_parser<Subject, nest_directive<Opener, Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;

  constexpr nest_directive(Opener const& opener, Subject const& subject) : base_type(subject), opener_(opener) {}

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    const It save = first;
    It at = first;
    x3::skip_over(at, last, ctx);
    if (!opener_.parse(first, last, ctx, rctx, x3::unused)) {
      first = save;
      return false;
    }
    auto& st = state_of(ctx);
    if (st.depth >= max_depth) {
      throw parse_error{st.span_of(at, first), "too-deep", "nesting deeper than " + std::to_string(max_depth),
                        "split the expression with 'let' declarations"};
    }
    ++st.depth;
    struct leave {
      int& depth;
      ~leave() { --depth; }
    } guard{st.depth};
    if (this->subject.parse(first, last, ctx, rctx, attr)) return true;
    first = save;
    return false;
  }

  Opener opener_;
};

template <class Opener>
struct nest_gen {
  Opener opener;
  template <class Subject>
  constexpr nest_directive<Opener, typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {opener, x3::as_parser(subject)};
  }
};

template <class Opener>
constexpr nest_gen<typename x3::extension::as_parser<Opener>::value_type> nest(Opener const& opener) {
  return {x3::as_parser(opener)};
}

// ---------------------------------------------------------------------------
// reject(p, "message"): consumes nothing; if `p` matches here, that is the
// error `message` at what it matched (a token in a place it cannot be).
// ---------------------------------------------------------------------------
template <class Subject>
struct reject_parser : x3::unary_parser<Subject, reject_parser<Subject>> {
  using base_type = x3::unary_parser<Subject, reject_parser<Subject>>;
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  constexpr reject_parser(Subject const& subject, const char* message, const char* hint)
      : base_type(subject), message_(message), hint_(hint) {}

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr&) const {
    It i = first;
    x3::skip_over(i, last, ctx);
    It j = i;
    if (this->subject.parse(j, last, ctx, rctx, x3::unused)) {
      throw parse_error{state_of(ctx).span_of(i, j), "syntax", message_, hint_};
    }
    return true;
  }

  const char* message_;
  const char* hint_;
};

template <class Subject>
constexpr reject_parser<typename x3::extension::as_parser<Subject>::value_type> reject(
    Subject const& subject, const char* message, const char* hint = "") {
  return {x3::as_parser(subject), message, hint};
}

// ---------------------------------------------------------------------------
// stamp(p): parses `p` into the attribute and records the span it matched
// (leading whitespace excluded) on the attribute's `where`. Used where a rule
// is consumed by a semantic action: X3 does not reliably run a rule's
// on_success there, so declarations, fields and types would keep an empty span.
// ---------------------------------------------------------------------------
template <class Subject>
struct stamp_parser : x3::unary_parser<Subject, stamp_parser<Subject>> {
  using base_type = x3::unary_parser<Subject, stamp_parser<Subject>>;
  using attribute_type = typename Subject::attribute_type;
  static bool const has_attribute = true;
  static bool const handles_container = Subject::handles_container;

  constexpr explicit stamp_parser(Subject const& subject) : base_type(subject) {}

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    It save = first;
    x3::skip_over(first, last, ctx);
    It const start = first;
    if (!this->subject.parse(first, last, ctx, rctx, attr)) {
      first = save;
      return false;
    }
    if constexpr (requires { attr.where; }) attr.where = state_of(ctx).span_of(start, first);
    return true;
  }
};

template <class Subject>
constexpr stamp_parser<typename x3::extension::as_parser<Subject>::value_type> stamp(Subject const& subject) {
  return stamp_parser<typename x3::extension::as_parser<Subject>::value_type>(x3::as_parser(subject));
}

// ---------------------------------------------------------------------------
// Annotation: every rule whose ID derives from `annotate` stamps the span of
// what it matched (leading whitespace excluded) on its attribute's `where`.
// ---------------------------------------------------------------------------
struct annotate {
  template <class It, class Attr, class Ctx>
  void on_success(It const& first, It const& last, Attr& attr, Ctx const& ctx) const {
    if constexpr (requires { attr.where; }) attr.where = state_of(ctx).span_of(first, last);
  }
};

}  // namespace merit::detail::parser
