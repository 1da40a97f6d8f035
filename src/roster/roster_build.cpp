// SPDX-License-Identifier: Apache-2.0
// merit - building and validating rosters (LANGUAGE.md section 6 step 1)
#include <algorithm>
#include <charconv>
#include <functional>
#include <iterator>
#include <numeric>

#include "common/utf8.hpp"
#include "roster/build_state.hpp"

namespace merit {

roster::roster(std::vector<input_info> schema)
    : roster(std::make_shared<const std::vector<input_info>>(std::move(schema))) {}

const std::vector<input_info>& roster::no_schema() noexcept {
  static const std::vector<input_info> none;
  return none;
}

roster::roster(std::shared_ptr<const std::vector<input_info>> schema) : schema_(std::move(schema)) {
  columns_.resize(schema_->size());
  for (std::size_t f = 0; f < schema_->size(); ++f) columns_[f].type = (*schema_)[f].type;
}

roster_error::roster_error(roster_errc code, std::string file, std::uint32_t line, const std::string& message)
    : std::runtime_error(detail::cat(file, line ? ":" : "", line ? std::to_string(line) : std::string(), ": ",
                                     message)),
      code_(code),
      file_(std::move(file)),
      line_(line),
      message_(message) {}

namespace detail {

namespace {

using ast::type_kind;

/// Fills a roster's protected members; sliced into a plain roster at the end.
struct roster_parts : roster {
  explicit roster_parts(std::shared_ptr<const std::vector<input_info>> s) : roster(std::move(s)) {}
  using roster::columns_;
  using roster::errors_;
  using roster::keys_ascend_;
  using roster::lines_;
  using roster::rows_;
  using roster::warnings_;
};

const char* type_name(type_kind t) noexcept {
  switch (t) {
    case type_kind::int_: return "int";
    case type_kind::decimal: return "decimal";
    case type_kind::bool_: return "bool";
    case type_kind::text: return "text";
    case type_kind::date: return "date";
    case type_kind::enum_: return "enum";
    case type_kind::none: break;
  }
  return "untyped";
}

/// `YYYY-MM-DD` by shape only (digits and dashes).
bool has_date_shape(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

std::optional<std::size_t> member_index(const std::vector<std::string>& members, std::string_view s) {
  for (std::size_t i = 0; i < members.size(); ++i)
    if (members[i] == s) return i;
  return std::nullopt;
}

std::string members_text(const std::vector<std::string>& members) {
  std::string out;
  constexpr std::size_t shown = 8;
  for (std::size_t i = 0; i < members.size() && i < shown; ++i) {
    if (i) out += ", ";
    out += '"';
    out += members[i];
    out += '"';
  }
  if (members.size() > shown) out += ", …";
  return out;
}

std::uint64_t mix(std::uint64_t h) noexcept {
  // A 64-bit finaliser, so that keys with patterned low bits spread out.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

[[noreturn]] void bad_schema(const input_info& in, const std::string& what) {
  throw std::invalid_argument("field '" + in.name + "': " + what);
}

/// A decimal bound times 10^p, rounded up for a lower bound and down for an
/// upper one: c × 10^-p is on the allowed side of the bound exactly when c
/// is on the allowed side of this. One past the int64 range when the bound
/// lies beyond it.
__int128 scaled_bound(const decimal& b, int p, bool lower) {
  constexpr __int128 below = static_cast<__int128>(INT64_MIN) - 1, above = static_cast<__int128>(INT64_MAX) + 1;
  auto clamp = [&](__int128 v) { return v > INT64_MAX ? above : v < INT64_MIN ? below : v; };
  // In integers when the bound's coefficient fits int64 (every bound written
  // with fewer than 19 digits): a builder works these out for each field and
  // scale, so they must cost next to nothing.
  std::int64_t m = 0;
  std::int32_t e = 0;
  if (b.to_scaled(m, e)) {
    const std::int64_t shift = static_cast<std::int64_t>(e) + p;
    if (m == 0) return 0;
    if (shift >= 0) {
      if (shift > 19) return m < 0 ? below : above;  // |m| >= 1, so |m| × 10^20 is past int64
      return clamp(static_cast<__int128>(m) * static_cast<__int128>(pow10_i64[std::min<std::int64_t>(shift, 18)]) *
                   (shift == 19 ? 10 : 1));
    }
    if (-shift > 18) return lower ? (m > 0 ? 1 : 0) : (m < 0 ? -1 : 0);  // |m| < 10^19: a fraction of one
    const std::int64_t d = pow10_i64[-shift];
    std::int64_t q = m / d;
    const std::int64_t rest = m % d;
    // Division truncates: round up a lower bound, down an upper one.
    if (rest != 0 && lower && m > 0) ++q;
    if (rest != 0 && !lower && m < 0) --q;
    return q;
  }
  if (b > decimal(INT64_MAX)) return above;
  if (b < decimal(INT64_MIN)) return below;
  // |b| < 2^63: times 10^p (p <= 18) only moves the exponent, exactly.
  const decimal x = (b * decimal::from_scaled(1, p)).round(0, lower ? rounding::ceil : rounding::floor);
  if (auto v = x.to_int64()) return *v;
  return x.is_negative() ? below : above;
}

}  // namespace

// ---------------------------------------------------------------------------
// Cell readers
// ---------------------------------------------------------------------------

int_read read_int(std::string_view s, std::int64_t& out) noexcept {
  std::size_t i = 0;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) i = 1;
  if (i == s.size()) return int_read::syntax;
  // Accumulate as a negative number so that INT64_MIN reads too.
  std::int64_t v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return int_read::syntax;
    const int d = c - '0';
    if (!overflow) {
      if (v < (INT64_MIN + d) / 10) overflow = true;
      else v = v * 10 - d;
    }
  }
  if (overflow) return int_read::overflow;
  if (!neg) {
    if (v == INT64_MIN) return int_read::overflow;
    v = -v;
  }
  out = v;
  return int_read::ok;
}

bool read_scaled(std::string_view s, std::int64_t& c, std::int32_t& places) noexcept {
  std::size_t i = 0;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) i = 1;
  const std::size_t int_start = i;
  std::int64_t v = 0;
  std::size_t sig = 0;  // significant digits as written (decimal's limit is 34)
  const auto add_digit = [&v](char ch) {
    return !__builtin_mul_overflow(v, 10, &v) && !__builtin_add_overflow(v, ch - '0', &v);
  };
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (!add_digit(s[i])) return false;
    sig += v != 0;
  }
  if (i == int_start) return false;
  std::size_t p = 0;
  if (i < s.size()) {
    if (s[i] != '.') return false;
    const std::size_t frac_start = ++i;
    // Trailing zeros add no places ("87.50" is 875 at one place); zeros
    // before a later digit are taken with it.
    std::size_t zeros = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (s[i] == '0') {
        ++zeros;
        sig += v != 0;
        continue;
      }
      for (; zeros > 0; --zeros)
        if (__builtin_mul_overflow(v, 10, &v)) return false;
      if (!add_digit(s[i])) return false;
      ++sig;
      p = i + 1 - frac_start;
    }
    if (i != s.size() || i == frac_start || p > static_cast<std::size_t>(max_compact_scale) || sig > 34)
      return false;
  }
  c = neg ? -v : v;
  places = static_cast<std::int32_t>(p);
  return true;
}

bool is_decimal_syntax(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_start) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  const std::size_t frac_start = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i > frac_start && i == s.size();
}

std::optional<bool> read_bool(std::string_view s) noexcept {
  const auto equals_nocase = [&](std::string_view word) {
    if (s.size() != word.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (s == "1" || equals_nocase("true")) return true;
  if (s == "0" || equals_nocase("false")) return false;
  return std::nullopt;
}

bool is_ascii(std::string_view s) noexcept {
  unsigned char any = 0;
  for (char c : s) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

std::string shorten_cell(std::string_view s) {
  constexpr std::size_t limit = 60;
  if (s.size() <= limit) return std::string(s);  // at most 60 bytes: at most 60 code points
  std::size_t i = 0, n = 0;
  char32_t c;
  while (i < s.size() && n < limit) {
    const std::size_t len = decode_utf8(s, i, c);
    i += len ? len : 1;
    ++n;
  }
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "…";
}

std::string quote_cell(std::string_view s) { return cat("'", shorten_cell(s), "'"); }

// ---------------------------------------------------------------------------
// The build state
// ---------------------------------------------------------------------------

roster_build_state::roster_build_state(std::shared_ptr<const build_schema> prepared)
    : def(std::move(prepared)), schema(*def->inputs), rules(def->rules), by_name(def->by_name) {
  columns.resize(schema.size());
  column_set.assign(schema.size(), 0);
  for (std::size_t f = 0; f < schema.size(); ++f) {
    columns[f].type = schema[f].type;
    if (schema[f].type == type_kind::decimal) columns[f].decimal_scale = 0;  // compact until a value does not fit
  }
}

std::shared_ptr<const build_schema> read_schema(std::vector<input_info> sch) {
  auto out = std::make_shared<build_schema>();
  out->inputs = std::make_shared<const std::vector<input_info>>(std::move(sch));
  const std::vector<input_info>& schema = *out->inputs;
  std::vector<field_rule>& rules = out->rules;
  std::map<std::string, std::size_t, std::less<>>& by_name = out->by_name;
  rules.resize(schema.size());
  for (std::size_t f = 0; f < schema.size(); ++f) {
    const input_info& in = schema[f];
    field_rule& r = rules[f];
    if (!by_name.emplace(in.name, f).second) bad_schema(in, "declared twice");
    r.type = in.type;
    r.key = in.key;
    r.optional = in.optional;
    r.members = in.members;
    if (r.type == type_kind::none) bad_schema(in, "has no type");
    if (r.type == type_kind::enum_ && r.members.empty()) bad_schema(in, "an enum without members");

    // A literal of the field's type, for bounds and defaults.
    const auto read_literal = [&](const std::string& text, const char* what, std::int64_t& i, decimal& d) {
      const auto fail = [&] { bad_schema(in, std::string(what) + " '" + text + "' is not a " + type_name(r.type)); };
      switch (r.type) {
        case type_kind::int_:
          if (read_int(text, i) != int_read::ok) fail();
          break;
        case type_kind::decimal: {
          std::string_view t = text;
          const bool percent = !t.empty() && t.back() == '%';
          if (percent) t.remove_suffix(1);
          auto v = decimal::try_parse(t);
          if (!v) fail();
          d = percent ? *v / decimal(100) : *v;
          break;
        }
        case type_kind::date: {
          auto v = date::parse(text);
          if (!v) fail();
          i = v->days;
          break;
        }
        case type_kind::bool_: {
          auto v = read_bool(text);
          if (!v) fail();
          i = *v ? 1 : 0;
          break;
        }
        case type_kind::enum_: {
          auto v = member_index(r.members, text);
          if (!v) fail();
          i = static_cast<std::int64_t>(*v);
          break;
        }
        case type_kind::text:
        case type_kind::none:
          break;
      }
    };

    if (in.lo || in.hi) {
      if (r.type != type_kind::int_ && r.type != type_kind::decimal && r.type != type_kind::date)
        bad_schema(in, std::string("a range on a ") + type_name(r.type) + " field");
      if (in.lo) {
        r.has_lo = true;
        read_literal(*in.lo, "lower bound", r.lo_int, r.lo_decimal);
      }
      if (in.hi) {
        r.has_hi = true;
        read_literal(*in.hi, "upper bound", r.hi_int, r.hi_decimal);
      }
      r.range_text = cat("[", in.lo.value_or(""), ", ", in.hi.value_or(""), "]");
      if (r.type == type_kind::decimal) {
        for (int p = 0; p <= max_compact_scale; ++p) {
          if (r.has_lo) r.lo_scaled[p] = scaled_bound(r.lo_decimal, p, true);
          if (r.has_hi) r.hi_scaled[p] = scaled_bound(r.hi_decimal, p, false);
        }
      }
    }
    if (in.default_value) {
      r.has_default = true;
      if (r.type == type_kind::text) {
        r.default_text = *in.default_value;
        if (find_invalid_utf8(r.default_text) != std::string_view::npos) bad_schema(in, "default is not UTF-8");
      } else {
        read_literal(*in.default_value, "default", r.default_int, r.default_decimal);
        const bool inside = r.type == type_kind::decimal ? r.holds(r.default_decimal) : r.holds(r.default_int);
        if (!inside) bad_schema(in, "default " + *in.default_value + " is outside " + r.range_text);
      }
    }
  }
  return out;
}

void roster_build_state::reserve(std::size_t n) {
  for (std::size_t f = 0; f < columns.size(); ++f) {
    column& c = columns[f];
    switch (c.type) {
      case type_kind::decimal: c.decimal_scale >= 0 ? c.ints.reserve(n) : c.decimals.reserve(n); break;
      case type_kind::text: c.texts.reserve(n); break;
      default: c.ints.reserve(n); break;
    }
    c.present.reserve(n);
  }
}

void roster_build_state::begin_row(std::uint32_t line) {
  if (line != 0) lines.push_back(line);
}

void roster_build_state::row_error(std::size_t row, std::string message) {
  errors.push_back(data_error{row, line_of(row), std::string(), std::move(message)});
  ranks.push_back(0);
}

void roster_build_state::field_error(std::size_t f, std::size_t row, std::string message) {
  errors.push_back(data_error{row, line_of(row), schema[f].name, std::move(message)});
  ranks.push_back(static_cast<std::uint32_t>(f + 1));
}

void roster_build_state::store_int(std::size_t f, std::int64_t v) {
  columns[f].ints.push_back(v);
  columns[f].present.push_back(1);
}

void roster_build_state::put_absent(std::size_t f) {
  column& c = columns[f];
  switch (c.type) {
    case type_kind::decimal:
      if (c.decimal_scale >= 0) c.ints.push_back(0);
      else c.decimals.emplace_back();
      break;
    case type_kind::text: c.texts.emplace_back(); break;
    default: c.ints.push_back(0); break;
  }
  c.present.push_back(0);
}

void roster_build_state::put_bad(std::size_t f, std::size_t row, std::string message) {
  field_error(f, row, std::move(message));
  put_absent(f);
}

void roster_build_state::put_missing(std::size_t f, std::size_t row) {
  const field_rule& r = rules[f];
  if (r.has_default) {
    column& c = columns[f];
    switch (r.type) {
      case type_kind::decimal: return store_decimal(f, r.default_decimal);
      case type_kind::text: c.texts.push_back(r.default_text); break;
      default: c.ints.push_back(r.default_int); break;
    }
    c.present.push_back(1);
  } else if (r.optional) {
    put_absent(f);
  } else {
    put_bad(f, row, "missing value");
  }
}

bool roster_build_state::in_range_int(std::size_t f, std::size_t row, std::int64_t v, std::string_view shown) {
  const field_rule& r = rules[f];
  if (!r.holds(v)) {
    field_error(f, row, shorten_cell(shown) + " is outside " + r.range_text);
    return false;
  }
  return true;
}

bool roster_build_state::in_range_decimal(std::size_t f, std::size_t row, const decimal& v,
                                          std::string_view shown) {
  const field_rule& r = rules[f];
  if (!r.holds(v)) {
    field_error(f, row, shorten_cell(shown) + " is outside " + r.range_text);
    return false;
  }
  return true;
}

bool roster_build_state::in_range_scaled(std::size_t f, std::int64_t c, std::int32_t places) const {
  const field_rule& r = rules[f];
  if (!r.has_lo && !r.has_hi) return true;
  if (places >= 0 && places <= max_compact_scale)
    return !(r.has_lo && c < r.lo_scaled[places]) && !(r.has_hi && c > r.hi_scaled[places]);
  const decimal v = decimal::from_scaled(c, -places);
  return r.holds(v);
}

namespace {

/// A compact decimal column moved to the larger scale `to`: its values (and
/// absent rows' zeros) times 10^(to - decimal_scale), when every one still
/// fits int64; false (nothing changed) otherwise.
bool rescale(column& c, int to) {
  const std::int64_t m = pow10_i64[to - c.decimal_scale];
  std::int64_t lo = 0, hi = 0;
  for (std::int64_t v : c.ints) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  std::int64_t ignored;
  if (__builtin_mul_overflow(lo, m, &ignored) || __builtin_mul_overflow(hi, m, &ignored)) return false;
  for (std::int64_t& v : c.ints) v *= m;
  c.decimal_scale = static_cast<std::int8_t>(to);
  return true;
}

/// A compact decimal column turned into a column of decimals, same values.
void widen(column& c) {
  std::vector<decimal> d;
  d.reserve(std::max(c.ints.capacity(), c.ints.size() + 1));
  for (std::size_t i = 0; i < c.ints.size(); ++i) d.push_back(c.present[i] ? c.decimal_at(i) : decimal());
  c.decimals = std::move(d);
  std::vector<std::int64_t>().swap(c.ints);
  c.decimal_scale = -1;
}

}  // namespace

void roster_build_state::store_scaled(std::size_t f, std::int64_t c, std::int32_t places) {
  column& col = columns[f];
  if (col.decimal_scale >= 0) {
    const int scale = col.decimal_scale;
    if (places == scale) {  // the usual case
      col.ints.push_back(c);
      col.present.push_back(1);
      return;
    }
    // More places than the column: trailing zeros first, so that the
    // column grows only to the places the value needs.
    while (places > scale && c % 10 == 0) {
      c /= 10;
      --places;
    }
    std::int64_t v = 0;
    const bool fits = places <= scale ? c == 0 || (scale - places <= max_compact_scale &&
                                                   !__builtin_mul_overflow(c, pow10_i64[scale - places], &v))
                                      : places <= max_compact_scale && rescale(col, places);
    if (fits) {
      col.ints.push_back(places <= scale ? v : c);
      col.present.push_back(1);
      return;
    }
    widen(col);
  }
  col.decimals.push_back(decimal::from_scaled(c, -places));
  col.present.push_back(1);
}

void roster_build_state::store_decimal(std::size_t f, const decimal& v) {
  std::int64_t c = 0;
  std::int32_t e = 0;
  if (v.to_scaled(c, e)) return store_scaled(f, c, -e);
  if (columns[f].decimal_scale >= 0) widen(columns[f]);
  columns[f].decimals.push_back(v);
  columns[f].present.push_back(1);
}

void roster_build_state::put_cell(std::size_t f, std::size_t row, std::optional<std::string_view> cell,
                                  bool utf8_ok) {
  if (!cell) return put_missing(f, row);
  put_cell(f, row, *cell, utf8_ok);
}

void roster_build_state::put_cell(std::size_t f, std::size_t row, std::string_view s, bool utf8_ok) {
  if (s.empty()) return put_missing(f, row);
  if (!utf8_ok && !is_ascii(s) && find_invalid_utf8(s) != std::string_view::npos)
    return put_bad(f, row, "invalid UTF-8");
  const field_rule& r = rules[f];
  switch (r.type) {
    case type_kind::int_: {
      std::int64_t v = 0;
      switch (read_int(s, v)) {
        case int_read::syntax: return put_bad(f, row, quote_cell(s) + " is not an int");
        case int_read::overflow: return put_bad(f, row, quote_cell(s) + " is not an int (too large for 64 bits)");
        case int_read::ok: break;
      }
      if (!in_range_int(f, row, v, s)) return put_absent(f);
      return store_int(f, v);
    }
    case type_kind::decimal: {
      // The usual cell: a 64-bit coefficient and a few places.
      std::int64_t c = 0;
      std::int32_t places = 0;
      if (read_scaled(s, c, places)) {
        if (!in_range_scaled(f, c, places)) {
          field_error(f, row, shorten_cell(s) + " is outside " + r.range_text);
          return put_absent(f);
        }
        return store_scaled(f, c, places);
      }
      // The plain decimal syntax is exactly is_decimal_syntax, so a cell that
      // parses needs no separate syntax check; only a failure pays for the
      // message.
      auto v = decimal::try_parse(s);
      if (!v) {
        if (!is_decimal_syntax(s)) return put_bad(f, row, quote_cell(s) + " is not a decimal");
        std::string why;
        decimal::try_parse(s, &why);
        return put_bad(f, row, quote_cell(s) + " is not a decimal (" + why + ")");
      }
      if (!in_range_decimal(f, row, *v, s)) return put_absent(f);
      return store_decimal(f, *v);
    }
    case type_kind::bool_: {
      auto v = read_bool(s);
      if (!v) return put_bad(f, row, quote_cell(s) + " is not a bool (true, false, 1 or 0)");
      return store_int(f, *v ? 1 : 0);
    }
    case type_kind::date: {
      auto v = date::parse(s);
      if (!v) {
        return put_bad(f, row, quote_cell(s) + (has_date_shape(s) ? " is not a real date" : " is not a date (YYYY-MM-DD)"));
      }
      if (!in_range_int(f, row, v->days, s)) return put_absent(f);
      return store_int(f, v->days);
    }
    case type_kind::enum_: return put_enum(f, row, s);
    case type_kind::text:
      columns[f].texts.emplace_back(s);
      columns[f].present.push_back(1);
      return;
    case type_kind::none: break;
  }
  put_bad(f, row, "field has no type");
}

void roster_build_state::put_int(std::size_t f, std::size_t row, std::int64_t v) {
  if (!in_range_int(f, row, v, std::to_string(v))) return put_absent(f);
  store_int(f, v);
}

void roster_build_state::put_decimal(std::size_t f, std::size_t row, const decimal& v) {
  std::int64_t c = 0;
  std::int32_t e = 0;
  if (v.to_scaled(c, e)) return put_scaled(f, row, c, -e);
  const field_rule& r = rules[f];
  if (!r.holds(v)) {
    return put_bad(f, row, shorten_cell(v.to_string()) + " is outside " + r.range_text);
  }
  store_decimal(f, v);
}

void roster_build_state::put_scaled(std::size_t f, std::size_t row, std::int64_t c, std::int32_t places) {
  if (!in_range_scaled(f, c, places)) {
    return put_bad(f, row,
                   shorten_cell(decimal::from_scaled(c, -places).to_string()) + " is outside " + rules[f].range_text);
  }
  store_scaled(f, c, places);
}

bool roster_build_state::take_clean(std::size_t f, std::span<const std::int64_t> values,
                                    std::span<const std::uint8_t> valid, int scale) {
  const field_rule& r = rules[f];
  column& col = columns[f];
  if (!col.ints.empty() || !col.present.empty()) return false;  // only a column not begun
  const bool as_int = r.type == type_kind::int_;
  if (!as_int && (r.type != type_kind::decimal || col.decimal_scale != scale)) return false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!valid.empty() && !valid[i]) return false;
    const std::int64_t v = values[i];
    if (as_int ? !r.holds(v) : !in_range_scaled(f, v, scale)) return false;
  }
  col.ints.assign(values.begin(), values.end());
  col.present.assign(values.size(), 1);
  return true;
}

void roster_build_state::put_days(std::size_t f, std::size_t row, std::int64_t days) {
  const field_rule& r = rules[f];
  if (!r.holds(days)) {
    return put_bad(f, row,
                   date{static_cast<std::int32_t>(days)}.to_string() + " is outside " + r.range_text);
  }
  store_int(f, days);
}

void roster_build_state::put_bool(std::size_t f, std::size_t, bool v) { store_int(f, v ? 1 : 0); }

void roster_build_state::put_text(std::size_t f, std::size_t row, std::string_view v) {
  if (v.empty()) return put_missing(f, row);
  if (!is_ascii(v) && find_invalid_utf8(v) != std::string_view::npos) return put_bad(f, row, "invalid UTF-8");
  columns[f].texts.emplace_back(v);
  columns[f].present.push_back(1);
}

void roster_build_state::put_enum(std::size_t f, std::size_t row, std::string_view v) {
  if (v.empty()) return put_missing(f, row);
  const field_rule& r = rules[f];
  if (auto i = member_index(r.members, v)) return store_int(f, static_cast<std::int64_t>(*i));
  if (!is_ascii(v) && find_invalid_utf8(v) != std::string_view::npos) return put_bad(f, row, "invalid UTF-8");
  put_bad(f, row, quote_cell(v) + " is not one of " + members_text(r.members));
}

bool roster_build_state::check_duplicate_keys() {
  std::size_t k = schema.size();
  for (std::size_t f = 0; f < schema.size(); ++f)
    if (rules[f].key) {
      k = f;
      break;
    }
  if (k == schema.size() || rows == 0) return false;
  const column& c = columns[k];
  const bool text = c.type == type_kind::text;
  if (!text && c.type != type_kind::int_) return false;

  const auto hash = [&](std::size_t r) -> std::uint64_t {
    return text ? mix(std::hash<std::string_view>{}(c.texts[r])) : mix(static_cast<std::uint64_t>(c.ints[r]));
  };
  const auto same = [&](std::size_t a, std::size_t b) { return text ? c.texts[a] == c.texts[b] : c.ints[a] == c.ints[b]; };

  // Keys that strictly ascend in roster order (rosters exported sorted by
  // their id, generated ones) cannot repeat: one sequential pass decides.
  {
    bool ascending = true;
    std::size_t prev = rows;
    for (std::size_t r = 0; r < rows && ascending; ++r) {
      if (!c.present[r]) continue;
      if (prev != rows) ascending = text ? c.texts[prev] < c.texts[r] : c.ints[prev] < c.ints[r];
      prev = r;
    }
    if (ascending) return true;
  }

  // Open addressing over row indices, a table at most half full. Each slot
  // holds a row and 32 bits of its key's hash, so that most probes never
  // touch the key itself.
  if (rows >= 0xFFFFFFFFu) throw std::length_error("roster: more than 2^32 - 2 rows");
  std::size_t cap = 16;
  while (cap < rows * 2) cap *= 2;
  constexpr std::uint32_t empty = 0xFFFFFFFFu;
  struct slot {
    std::uint32_t row;
    std::uint32_t tag;
  };
  std::vector<slot> slots(cap, slot{empty, 0});
  std::vector<std::pair<std::size_t, std::size_t>> dups;  // (first row with the key, a later row)
  for (std::size_t r = 0; r < rows; ++r) {
    if (!c.present[r]) continue;
    const std::uint64_t h = hash(r);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    std::size_t i = h & (cap - 1);
    bool dup = false;
    while (slots[i].row != empty) {
      if (slots[i].tag == tag && same(slots[i].row, r)) {
        dups.emplace_back(slots[i].row, r);
        dup = true;
        break;
      }
      i = (i + 1) & (cap - 1);
    }
    if (!dup) slots[i] = slot{static_cast<std::uint32_t>(r), tag};
  }
  if (dups.empty()) return false;

  // Group the rows of each duplicated key; every occurrence gets an error.
  std::map<std::size_t, std::vector<std::size_t>> groups;
  for (auto [first, r] : dups) {
    auto& g = groups[first];
    if (g.empty()) g.push_back(first);
    g.push_back(r);
  }
  const auto where = [&](std::size_t r) { return lines.empty() ? std::to_string(r) : std::to_string(lines[r]); };
  for (const auto& [first, g] : groups) {
    const std::string key = text ? c.texts[first] : std::to_string(c.ints[first]);
    for (std::size_t r : g) {
      std::string others;
      std::size_t listed = 0;
      constexpr std::size_t max_listed = 5;
      for (std::size_t o : g) {
        if (o == r) continue;
        if (listed == max_listed) {
          others += ", …";
          break;
        }
        if (listed++) others += ", ";
        others += where(o);
      }
      const char* noun = lines.empty() ? (g.size() > 2 ? "in rows " : "in row ") : (g.size() > 2 ? "on lines " : "on line ");
      field_error(k, r, cat("duplicate key ", quote_cell(key), " (also ", noun, others, ")"));
    }
  }
  return false;
}

roster roster_build_state::finish() {
  if (state == mode::columns) {
    for (std::size_t f = 0; f < schema.size(); ++f) {
      if (column_set[f]) continue;
      for (std::size_t r = 0; r < rows; ++r) put_missing(f, r);
    }
  }
  const bool ascend = check_duplicate_keys();

  // Errors by row, then whole-row problems, then fields in schema order.
  const auto before = [&](std::size_t a, std::size_t b) {
    return errors[a].row != errors[b].row ? errors[a].row < errors[b].row : ranks[a] < ranks[b];
  };
  std::vector<std::size_t> order(errors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (!std::is_sorted(order.begin(), order.end(), before)) {
    std::stable_sort(order.begin(), order.end(), before);
    std::vector<data_error> sorted;
    sorted.reserve(errors.size());
    for (std::size_t i : order) sorted.push_back(std::move(errors[i]));
    errors = std::move(sorted);
  }

  roster_parts out(def->inputs);
  out.rows_ = rows;
  out.columns_ = std::move(columns);
  out.errors_ = std::move(errors);
  out.warnings_ = std::move(warnings);
  out.lines_ = std::move(lines);
  out.keys_ascend_ = ascend;
  state = mode::finished;
  return roster(std::move(out));
}

}  // namespace detail

// ---------------------------------------------------------------------------
// roster_builder
// ---------------------------------------------------------------------------

roster_builder::roster_builder(std::vector<input_info> schema)
    : state_(std::make_unique<detail::roster_build_state>(std::move(schema))) {}
prepared_schema prepare_schema(std::vector<input_info> schema) { return detail::read_schema(std::move(schema)); }

roster_builder::roster_builder(prepared_schema prepared)
    : state_(std::make_unique<detail::roster_build_state>(std::move(prepared))) {}
roster_builder::~roster_builder() = default;
roster_builder::roster_builder(roster_builder&&) noexcept = default;
roster_builder& roster_builder::operator=(roster_builder&&) noexcept = default;

detail::roster_build_state& roster_builder::state() {
  if (!state_ || state_->state == detail::roster_build_state::mode::finished)
    throw std::logic_error("roster_builder: used after finish()");
  return *state_;
}

const detail::roster_build_state& roster_builder::state() const {
  if (!state_ || state_->state == detail::roster_build_state::mode::finished)
    throw std::logic_error("roster_builder: used after finish()");
  return *state_;
}

const std::vector<input_info>& roster_builder::schema() const { return state().schema; }

std::optional<std::size_t> roster_builder::field(std::string_view name) const {
  const auto& m = state().by_name;
  auto it = m.find(name);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::size_t roster_builder::rows() const { return state().rows; }

namespace {

using mode = detail::roster_build_state::mode;

void enter_row_mode(detail::roster_build_state& s) {
  if (s.state == mode::columns) throw std::logic_error("roster_builder: add_row after a column setter");
  s.state = mode::rows;
}

}  // namespace

void roster_builder::add_row(std::initializer_list<named_cell> cells) {
  add_row(std::span<const named_cell>(cells.begin(), cells.size()));
}

void roster_builder::add_row(std::span<const named_cell> cells) {
  auto& s = state();
  enter_row_mode(s);
  const std::size_t n = s.schema.size();
  std::vector<std::optional<std::string_view>> values(n);
  std::vector<std::uint8_t> seen(n, 0);  // 1 once, 2 more than once
  for (const named_cell& c : cells) {
    auto it = s.by_name.find(c.name);
    if (it == s.by_name.end()) {
      if (std::find(s.warned_names.begin(), s.warned_names.end(), c.name) == s.warned_names.end()) {
        s.warned_names.emplace_back(c.name);
        s.warnings.push_back(detail::cat("'", c.name, "' is not a declared field; ignored"));
      }
      continue;
    }
    const std::size_t f = it->second;
    if (seen[f]) {
      seen[f] = 2;
    } else {
      seen[f] = 1;
      values[f] = c.value;
    }
  }
  const std::size_t row = s.rows;
  s.begin_row(0);
  for (std::size_t f = 0; f < n; ++f) {
    if (seen[f] == 2) s.put_bad(f, row, "value given twice");
    else s.put_cell(f, row, values[f], false);
  }
  s.end_row();
}

void roster_builder::add_row(std::span<const std::optional<std::string_view>> cells) {
  auto& s = state();
  enter_row_mode(s);
  const std::size_t n = s.schema.size();
  const std::size_t row = s.rows;
  s.begin_row(0);
  if (cells.size() != n) {
    s.row_error(row, detail::cat("expected ", std::to_string(n), " cells, found ", std::to_string(cells.size())));
    for (std::size_t f = 0; f < n; ++f) s.put_absent(f);
  } else {
    for (std::size_t f = 0; f < n; ++f) s.put_cell(f, row, cells[f], false);
  }
  s.end_row();
}

namespace {

/// Checks a column setter's call and returns the field's index.
std::size_t begin_column(detail::roster_build_state& s, std::string_view name, std::size_t count,
                         std::size_t valid_count, std::initializer_list<ast::type_kind> accepted,
                         const char* setter) {
  if (s.state == mode::rows) throw std::logic_error("roster_builder: a column setter after add_row");
  auto it = s.by_name.find(name);
  if (it == s.by_name.end())
    throw std::invalid_argument(std::string(setter) + ": '" + std::string(name) + "' is not a declared field");
  const std::size_t f = it->second;
  if (std::find(accepted.begin(), accepted.end(), s.rules[f].type) == accepted.end())
    throw std::invalid_argument(std::string(setter) + ": field '" + std::string(name) + "' is " +
                                detail::type_name(s.rules[f].type));
  if (s.column_set[f]) throw std::logic_error(std::string(setter) + ": field '" + std::string(name) + "' set twice");
  if (s.state == mode::columns && count != s.rows)
    throw std::invalid_argument(std::string(setter) + ": field '" + std::string(name) + "' has " +
                                std::to_string(count) + " values; the roster has " + std::to_string(s.rows) +
                                " rows");
  if (valid_count != 0 && valid_count != count)
    throw std::invalid_argument(std::string(setter) + ": field '" + std::string(name) + "' has " +
                                std::to_string(count) + " values but " + std::to_string(valid_count) +
                                " validity flags");
  s.state = mode::columns;
  s.rows = count;
  s.column_set[f] = 1;
  column& c = s.columns[f];
  c.present.reserve(count);
  switch (s.rules[f].type) {  // one allocation per column, not a doubling series
    case ast::type_kind::decimal: c.decimal_scale >= 0 ? c.ints.reserve(count) : c.decimals.reserve(count); break;
    case ast::type_kind::text: c.texts.reserve(count); break;
    default: c.ints.reserve(count); break;
  }
  return f;
}

bool is_valid(std::span<const std::uint8_t> valid, std::size_t i) { return valid.empty() || valid[i] != 0; }

}  // namespace

void roster_builder::set_ints(std::string_view name, std::span<const std::int64_t> values,
                              std::span<const std::uint8_t> valid) {
  auto& s = state();
  const std::size_t f =
      begin_column(s, name, values.size(), valid.size(), {ast::type_kind::int_, ast::type_kind::decimal}, "set_ints");
  const bool as_decimal = s.rules[f].type == ast::type_kind::decimal;
  if (s.take_clean(f, values, valid, 0)) return;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else if (as_decimal) s.put_scaled(f, i, values[i], 0);
    else s.put_int(f, i, values[i]);
  }
}

namespace {

/// A decimal given for an int field: an integer that fits 64 bits, or an error of its row.
void put_decimal_as_int(detail::roster_build_state& s, std::size_t f, std::size_t row, const decimal& v) {
  if (auto i = v.to_int64()) return s.put_int(f, row, *i);
  s.put_bad(f, row,
            detail::quote_cell(v.to_string()) + (v.is_integer() ? " is not an int (too large for 64 bits)" : " is not an int"));
}

}  // namespace

void roster_builder::set_decimals(std::string_view name, std::span<const decimal> values,
                                  std::span<const std::uint8_t> valid) {
  auto& s = state();
  const std::size_t f = begin_column(s, name, values.size(), valid.size(),
                                     {ast::type_kind::int_, ast::type_kind::decimal}, "set_decimals");
  const bool as_int = s.rules[f].type == ast::type_kind::int_;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else if (as_int) put_decimal_as_int(s, f, i, values[i]);
    else s.put_decimal(f, i, values[i]);
  }
}

void roster_builder::set_decimals_scaled(std::string_view name, std::span<const std::int64_t> values, int scale,
                                         std::span<const std::uint8_t> valid) {
  auto& s = state();
  if (scale < -34 || scale > 34)
    throw std::invalid_argument(detail::cat("set_decimals_scaled: scale ", std::to_string(scale),
                                            " is outside [-34, 34] (field '", name, "')"));
  const std::size_t f = begin_column(s, name, values.size(), valid.size(),
                                     {ast::type_kind::int_, ast::type_kind::decimal}, "set_decimals_scaled");
  if (s.rules[f].type == ast::type_kind::int_) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!is_valid(valid, i)) s.put_missing(f, i);
      else put_decimal_as_int(s, f, i, decimal::from_scaled(values[i], -scale));
    }
    return;
  }
  // The values as they are: a compact column at the caller's scale when it
  // is one (each value then only checked against the bounds).
  if (scale >= 0 && scale <= detail::max_compact_scale) {
    s.columns[f].decimal_scale = static_cast<std::int8_t>(scale);
    if (s.take_clean(f, values, valid, scale)) return;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else s.put_scaled(f, i, values[i], scale);
  }
}

void roster_builder::set_bools(std::string_view name, std::span<const std::uint8_t> values,
                               std::span<const std::uint8_t> valid) {
  auto& s = state();
  const std::size_t f = begin_column(s, name, values.size(), valid.size(), {ast::type_kind::bool_}, "set_bools");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else if (values[i] <= 1) s.put_bool(f, i, values[i] == 1);
    else s.put_bad(f, i, detail::cat("'", std::to_string(values[i]), "' is not a bool (0 or 1)"));
  }
}

void roster_builder::set_dates(std::string_view name, std::span<const date> values,
                               std::span<const std::uint8_t> valid) {
  auto& s = state();
  const std::size_t f = begin_column(s, name, values.size(), valid.size(), {ast::type_kind::date}, "set_dates");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else s.put_days(f, i, values[i].days);
  }
}

namespace {

template <class String>
void set_text_column(detail::roster_build_state& s, std::string_view name, std::span<const String> values,
                     std::span<const std::uint8_t> valid) {
  const std::size_t f =
      begin_column(s, name, values.size(), valid.size(), {ast::type_kind::text, ast::type_kind::enum_}, "set_texts");
  const bool is_enum = s.rules[f].type == ast::type_kind::enum_;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!is_valid(valid, i)) s.put_missing(f, i);
    else if (is_enum) s.put_enum(f, i, values[i]);
    else s.put_text(f, i, values[i]);
  }
}

}  // namespace

void roster_builder::set_texts(std::string_view name, std::span<const std::string> values,
                               std::span<const std::uint8_t> valid) {
  set_text_column(state(), name, values, valid);
}

void roster_builder::set_texts(std::string_view name, std::span<const std::string_view> values,
                               std::span<const std::uint8_t> valid) {
  set_text_column(state(), name, values, valid);
}

void roster_builder::set_cells(std::string_view name, std::span<const std::optional<std::string_view>> cells) {
  auto& s = state();
  const std::size_t f =
      begin_column(s, name, cells.size(), 0,
                   {ast::type_kind::int_, ast::type_kind::decimal, ast::type_kind::bool_, ast::type_kind::text,
                    ast::type_kind::date, ast::type_kind::enum_},
                   "set_cells");
  for (std::size_t i = 0; i < cells.size(); ++i) s.put_cell(f, i, cells[i], false);
}

roster roster_builder::finish() { return state().finish(); }

}  // namespace merit
