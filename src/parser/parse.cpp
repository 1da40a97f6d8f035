// SPDX-License-Identifier: Apache-2.0
// merit - the parser's driver: decoding, lexical checks and error recovery
//
// The source is decoded once into code points (invalid UTF-8 and full-width
// punctuation are reported here), then parsed one declaration at a time. A
// syntax error becomes one diagnostic, and parsing resumes at the next line
// that starts a declaration, so one call reports every broken declaration.
#include "parser/config.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.hpp"
#include "parser/error_handler.hpp"
#include "parser/parse.hpp"
#include "parser/scheme.hpp"
#include "parser/token.hpp"

namespace merit::detail {
namespace {

using parser::iterator_type;

struct decoded {
  std::u32string text;
  std::vector<std::uint32_t> offsets;        ///< byte offset of each code point, plus the end
  std::vector<std::uint32_t> invalid_bytes;  ///< where U+FFFD stands for an ill-formed byte
};

diagnostic make_diagnostic(span where, std::string code, std::string message, std::string hint = {}) {
  diagnostic d;
  d.severity = severity::error;
  d.where = where;
  d.code = std::move(code);
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
  return buf;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

/// UTF-8 to code points. A BOM at the start is skipped; each run of
/// ill-formed bytes is one error at its first byte, and each of its bytes
/// becomes U+FFFD so that parsing can go on.
decoded decode(const std::string& s, std::vector<diagnostic>& out) {
  decoded d;
  d.text.reserve(s.size());
  d.offsets.reserve(s.size() + 1);
  std::size_t i = 0;
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  bool in_bad_run = false;
  while (i < s.size()) {
    char32_t c = 0;
    const std::size_t n = decode_utf8(s, i, c);
    const auto at = static_cast<std::uint32_t>(i);
    if (n == 0) {
      if (!in_bad_run) {
        out.push_back(make_diagnostic({at, at + 1}, "invalid-utf8",
                                      "invalid UTF-8 byte " + hex_byte(static_cast<unsigned char>(s[i])),
                                      "save the scheme as UTF-8"));
      }
      in_bad_run = true;
      d.invalid_bytes.push_back(at);
      d.text.push_back(U'\uFFFD');
      d.offsets.push_back(at);
      ++i;
    } else {
      in_bad_run = false;
      d.text.push_back(c);
      d.offsets.push_back(at);
      i += n;
    }
  }
  d.offsets.push_back(static_cast<std::uint32_t>(s.size()));
  return d;
}

struct lookalike {
  char32_t ascii = 0;
  std::string message;
  std::string hint;
};

/// Full-width and ideographic stand-ins for ASCII punctuation, which an
/// input method slips in easily. Full-width letters are letters, not errors.
bool find_lookalike(char32_t c, lookalike& out) {
  std::string shown;
  if (c == 0x3000) {
    out = {U' ', "ideographic space (U+3000) is not allowed here", "use an ASCII space"};
    return true;
  }
  char32_t ascii = 0;
  std::string kind;
  if (c == 0x3001) {
    ascii = U',';
    kind = "ideographic comma";
  } else if (c == 0x201C || c == 0x201D) {
    ascii = U'"';
    kind = "curly quote";
  } else if (c >= 0xFF01 && c <= 0xFF5E && !(c >= 0xFF21 && c <= 0xFF3A) && !(c >= 0xFF41 && c <= 0xFF5A)) {
    ascii = c - 0xFEE0;
    kind = "full-width";
  } else {
    return false;
  }
  parser::append_utf8(shown, c);
  std::string ascii_text(1, static_cast<char>(ascii));
  out = {ascii, kind + " '" + shown + "' (" + code_point_name(c) + ") is not allowed here",
         "use an ASCII '" + ascii_text + "'"};
  return true;
}

/// Reports look-alike punctuation outside strings and comments and replaces
/// it with its ASCII counterpart, so the rest of the file parses as meant.
void check_lookalikes(decoded& d, std::vector<diagnostic>& out) {
  enum class state { code, string, comment } st = state::code;
  bool curly_string = false;
  std::u32string& t = d.text;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const char32_t c = t[k];
    lookalike l;
    switch (st) {
      case state::code:
        if (find_lookalike(c, l)) {
          out.push_back(make_diagnostic({d.offsets[k], d.offsets[k + 1]}, "fullwidth", l.message, l.hint));
          t[k] = l.ascii;
          curly_string = c == 0x201C || c == 0x201D;
        }
        if (t[k] == U'"') {
          st = state::string;
        } else if (t[k] == U'#') {
          st = state::comment;
        }
        break;
      case state::string:
        if (c == U'\\') {
          if (k + 1 < t.size() && t[k + 1] != U'\n') ++k;
        } else if (c == U'"' || c == U'\n') {
          st = state::code;
        } else if (curly_string && (c == 0x201C || c == 0x201D)) {
          find_lookalike(c, l);
          out.push_back(make_diagnostic({d.offsets[k], d.offsets[k + 1]}, "fullwidth", l.message, l.hint));
          t[k] = U'"';
          st = state::code;
        }
        break;
      case state::comment:
        if (c == U'\n') st = state::code;
        break;
    }
  }
}

constexpr std::u32string_view always_keywords[] = {U"scheme", U"input", U"param", U"let", U"output", U"select"};
constexpr std::u32string_view top_keywords[] = {U"score", U"require", U"veto", U"cap", U"check", U"when",
                                                U"candidates"};

/// Where to resume after an error at code point `error_at` in the
/// declaration that started at `from`: the next line that begins with a
/// declaration keyword. Lines inside a `{ }` opened by the broken
/// declaration are skipped unless their keyword cannot stand in a block.
std::size_t resync(const std::u32string& t, std::size_t from, std::size_t error_at) {
  enum class state { code, string, comment } st = state::code;
  long depth = 0;
  for (std::size_t k = from; k < t.size(); ++k) {
    if (k > error_at && k > 0 && t[k - 1] == U'\n') {
      std::size_t j = k;
      while (j < t.size() && (t[j] == U' ' || t[j] == U'\t' || t[j] == U'\r')) ++j;
      std::size_t e = j;
      while (e < t.size() && parser::is_ident_char(t[e])) ++e;
      const std::u32string_view word(t.data() + j, e - j);
      const bool always = std::find(std::begin(always_keywords), std::end(always_keywords), word) !=
                          std::end(always_keywords);
      const bool top = std::find(std::begin(top_keywords), std::end(top_keywords), word) !=
                       std::end(top_keywords);
      if (always || (top && depth <= 0)) return k;
    }
    const char32_t c = t[k];
    switch (st) {
      case state::code:
        if (c == U'"') st = state::string;
        else if (c == U'#') st = state::comment;
        else if (c == U'{') ++depth;
        else if (c == U'}') --depth;
        break;
      case state::string:
        if (c == U'\\' && k + 1 < t.size() && t[k + 1] != U'\n') ++k;
        else if (c == U'"' || c == U'\n') st = state::code;
        break;
      case state::comment:
        if (c == U'\n') st = state::code;
        break;
    }
  }
  return t.size();
}

std::size_t index_of_byte(const decoded& d, std::uint32_t byte) {
  return static_cast<std::size_t>(std::lower_bound(d.offsets.begin(), d.offsets.end(), byte) - d.offsets.begin());
}

}  // namespace

parse_result parse(const source_file& src) {
  parse_result result;
  if (src.text().size() >= std::numeric_limits<std::uint32_t>::max()) {
    result.diagnostics.push_back(make_diagnostic({0, 0}, "too-large", "the scheme is larger than 4 GiB"));
    result.diagnostics.back().loc = {1, 1};
    return result;
  }
  std::vector<diagnostic> diags;
  decoded d = decode(src.text(), diags);
  check_lookalikes(d, diags);

  parser::parse_state st;
  st.begin = d.text.cbegin();
  st.offsets = &d.offsets;
  st.text = &src.text();
  const auto skip_ctx = parser::x3::make_context<parser::x3::skipper_tag>(parser::skipper);
  const parser::context_type ctx(st, skip_ctx);

  iterator_type it = d.text.cbegin();
  const iterator_type end = d.text.cend();
  bool have_previous = false;
  iterator_type previous_end = it;
  for (;;) {
    parser::skipper.parse(it, end, parser::x3::unused, parser::x3::unused, parser::x3::unused);
    if (it == end) break;
    const iterator_type start = it;
    try {
      st.depth = 0;
      st.operators = 0;
      ast::decl decl;
      if (parser::decl().parse(it, end, ctx, parser::x3::unused, decl)) {
        result.program.decls.push_back(std::move(decl));
        have_previous = true;
        previous_end = it;
        continue;
      }
      iterator_type e = it;
      if (parser::is_ident_char(*e)) {
        while (e != end && parser::is_ident_char(*e)) ++e;
      } else {
        ++e;
      }
      const std::string found = st.utf8(it, e);
      const bool same_line = have_previous && std::find(previous_end, it, U'\n') == it;
      throw parser::parse_error{st.span_of(it, e), "syntax",
                                same_line ? "unexpected '" + found + "' after the end of the declaration"
                                          : "expected a declaration, found '" + found + "'",
                                same_line ? std::string{}
                                          : "a declaration starts with scheme, input, param, let, score, require, "
                                            "veto, cap, check, when, output, select or candidates"};
    } catch (parser::parse_error& e) {
      // An error on a byte that is not UTF-8 was reported already.
      if (!std::binary_search(d.invalid_bytes.begin(), d.invalid_bytes.end(), e.where.begin)) {
        diags.push_back(make_diagnostic(e.where, std::move(e.code), std::move(e.message), std::move(e.hint)));
      }
      const std::size_t from = static_cast<std::size_t>(start - d.text.cbegin());
      const std::size_t at = std::max(from, index_of_byte(d, e.where.begin));
      it = d.text.cbegin() + static_cast<std::ptrdiff_t>(resync(d.text, from, at));
      have_previous = false;
    }
  }

  std::stable_sort(diags.begin(), diags.end(),
                   [](const diagnostic& a, const diagnostic& b) { return a.where.begin < b.where.begin; });
  for (auto& diag : diags) diag.loc = src.locate(diag.where.begin);
  result.diagnostics = std::move(diags);
  return result;
}

}  // namespace merit::detail
