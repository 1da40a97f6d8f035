// SPDX-License-Identifier: Apache-2.0
// merit - exact decimal arithmetic: 34 digits, decimal128 exponent range
//
// A value is (-1)^neg * coeff * 10^exp with coeff < 10^34, as in Python's
// Decimal (not normalised). Every operation computes its exact result (or,
// for division and far-apart additions, a stand-in that rounds identically)
// and rounds it once, half-even, through finish(). Everyday operands
// (coefficients below 2^64, close exponents) stay in 64/128-bit integers;
// the rest goes through Boost.Multiprecision's 256-bit integers.
#include "merit/decimal.hpp"

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <utility>

namespace merit {
namespace detail {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;
using wide = boost::multiprecision::uint256_t;  // < 1.15e77

constexpr int precision = 34;
constexpr int emax = 6144;
constexpr int emin = -6143;
constexpr int etiny = emin - precision + 1;  // -6176: the exponent of the smallest subnormal
// Any coefficient below 10^34 at an exponent in [etiny, etop] is in range.
constexpr int etop = emax - precision + 1;  // 6111
constexpr int max_places = -etiny;          // fractional digits a parsed value may have

constexpr std::array<u128, 39> pow10_128 = [] {
  std::array<u128, 39> t{};
  u128 v = 1;
  for (auto& x : t) {
    x = v;
    v *= 10;
  }
  return t;
}();
constexpr u128 pow10_34 = pow10_128[34];
constexpr u128 u128_max = ~static_cast<u128>(0);

// c * 10^d + y cannot overflow 128 bits when c <= add_limit[d] and y < 2^127.
constexpr std::array<u128, 39> add_limit = [] {
  std::array<u128, 39> t{};
  for (std::size_t d = 0; d < t.size(); ++d) t[d] = (static_cast<u128>(1) << 127) / pow10_128[d];
  return t;
}();

// c * 10^d fits 128 bits when c <= mul_limit[d]. A table, because a 128-bit
// division per comparison was the top cost of sorting decimal columns.
constexpr std::array<u128, 39> mul_limit = [] {
  std::array<u128, 39> t{};
  for (std::size_t d = 0; d < t.size(); ++d) t[d] = u128_max / pow10_128[d];
  return t;
}();

constexpr int wide_pow_count = 78;  // 10^77 < 2^256
constexpr std::array<wide, wide_pow_count> pow10_wide = [] {
  std::array<wide, wide_pow_count> t{};
  wide v = 1u;
  for (auto& x : t) {
    x = v;
    v *= 10u;
  }
  return t;
}();

inline const u128& pow10(u128, std::int64_t k) { return pow10_128[static_cast<std::size_t>(k)]; }
inline const wide& pow10(const wide&, std::int64_t k) { return pow10_wide[static_cast<std::size_t>(k)]; }

inline int bit_length(u128 c) {
  const u64 hi = static_cast<u64>(c >> 64);
  if (hi != 0) return 128 - __builtin_clzll(hi);
  const u64 lo = static_cast<u64>(c);
  return lo != 0 ? 64 - __builtin_clzll(lo) : 0;
}
inline int bit_length(const wide& c) { return c == 0 ? 0 : static_cast<int>(boost::multiprecision::msb(c)) + 1; }

// Number of decimal digits (0 for 0). (bits * 1233) >> 12 never exceeds the
// true count minus one, so the loop runs at most a couple of times.
inline int digits(u128 c) {
  int n = (bit_length(c) * 1233) >> 12;
  while (n < 39 && c >= pow10_128[static_cast<std::size_t>(n)]) ++n;
  return n;
}
inline int digits(const wide& c) {
  int n = (bit_length(c) * 1233) >> 12;
  while (n < wide_pow_count && c >= pow10_wide[static_cast<std::size_t>(n)]) ++n;
  return n;
}

inline u128 to_u128(u128 c) { return c; }
inline u128 to_u128(const wide& c) { return static_cast<u128>(c); }

// Whether a discarded part `r` (compared with half a unit: half_cmp < 0, = 0,
// > 0) makes the kept part `q` go one unit away from zero.
inline bool rounds_away(rounding mode, bool neg, bool q_odd, int half_cmp, bool inexact) {
  switch (mode) {
    case rounding::half_even: return half_cmp > 0 || (half_cmp == 0 && q_odd);
    case rounding::half_up: return half_cmp >= 0 && inexact;
    case rounding::floor: return inexact && neg;
    case rounding::ceil: return inexact && !neg;
    case rounding::truncate: return false;
  }
  return false;
}

[[noreturn]] void throw_overflow(const char* op) {
  throw decimal_error(decimal_errc::overflow,
                      std::string("decimal overflow in ") + op + ": the result is 10^6145 or more in magnitude");
}
[[noreturn]] void throw_underflow(const char* op) {
  throw decimal_error(decimal_errc::underflow,
                      std::string("decimal underflow in ") + op +
                          ": the result is below 10^-6143 in magnitude and cannot be represented exactly");
}

std::string quote(std::string_view text) {
  constexpr std::size_t max_shown = 64;
  std::string out = "\"";
  std::size_t n = text.size();
  bool cut = false;
  if (n > max_shown) {
    n = max_shown;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // keep UTF-8 whole
    cut = true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += cut ? "\"..." : "\"";
  return out;
}

std::string describe_char(std::string_view text, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  std::string pos = " at position " + std::to_string(i + 1);
  if (c == ' ') return "unexpected space" + pos + " (spaces are not allowed)";
  if (c >= 0x21 && c < 0x7F) return std::string("unexpected '") + static_cast<char>(c) + "'" + pos;
  static constexpr char hex[] = "0123456789ABCDEF";
  return std::string("unexpected byte 0x") + hex[c >> 4] + hex[c & 15] + pos;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

struct decimal_access {
  // The header's inline fast paths use the same limits.
  static_assert(etiny == decimal::etiny_ && etop == decimal::etop_ && pow10_34 == decimal::pow10_34_);

  static decimal make(bool neg, u128 coeff, std::int32_t exp) noexcept {
    decimal d;
    d.coeff_ = coeff;
    d.exp_ = exp;
    d.neg_ = neg;
    return d;
  }

  // Rounds the exact value (-1)^neg * c * 10^e to 34 digits, half-even, and
  // checks the range (Python's Context._fix with Overflow/Underflow trapped).
  template <class T>
  static decimal finish(bool neg, T c, std::int64_t e, const char* op) {
    if (c == 0) return decimal();
    const int n = digits(c);
    const bool subnormal = e + n - 1 < emin;
    std::int64_t target = e;
    if (n > precision) target = e + (n - precision);
    if (target < etiny) target = etiny;
    if (target > e) {
      const std::int64_t k = target - e;
      if (subnormal) {
        // Rounded at the smallest exponent: any lost digit is an underflow.
        if (k > n) throw_underflow(op);
        const T& p = pow10(c, k);
        if (c % p != 0) throw_underflow(op);
        c /= p;
      } else {
        // k = n - 34 >= 1 here.
        const T& p = pow10(c, k);
        T q = c / p;
        const T r = c - q * p;
        const T half = pow10(c, k - 1) * 5u;
        if (r > half || (r == half && (q & 1u) != 0)) {
          ++q;
          if (q == pow10(c, precision)) {
            q = pow10(c, precision - 1);
            ++target;
          }
        }
        c = q;
      }
      e = target;
    }
    const u128 coeff = to_u128(c);
    if (e > etop && e + digits(coeff) - 1 > emax) throw_overflow(op);
    return make(neg, coeff, static_cast<std::int32_t>(e));
  }

  static decimal add(const decimal& a, const decimal& b, bool negate_b, const char* op) {
    const bool bneg = b.neg_ != negate_b;
    if (b.coeff_ == 0) return a;
    if (a.coeff_ == 0) return make(bneg, b.coeff_, b.exp_);
    // x has the larger exponent.
    u128 xc = a.coeff_, yc = b.coeff_;
    std::int32_t xe = a.exp_, ye = b.exp_;
    bool xn = a.neg_, yn = bneg;
    if (xe < ye) {
      std::swap(xc, yc);
      std::swap(xe, ye);
      std::swap(xn, yn);
    }
    const std::int64_t d = static_cast<std::int64_t>(xe) - ye;
    if (d < 39 && xc <= add_limit[static_cast<std::size_t>(d)]) {
      // Exact in 128 bits: xc * 10^d <= 2^127 and yc < 10^34 < 2^127.
      const u128 x = xc * pow10_128[static_cast<std::size_t>(d)];
      u128 s;
      bool neg;
      if (xn == yn) {
        s = x + yc;
        neg = xn;
      } else if (x >= yc) {
        s = x - yc;
        neg = xn;
      } else {
        s = yc - x;
        neg = yn;
      }
      if (s < pow10_34 && ye <= etop) return make(neg, s, ye);
      return finish(neg, s, ye, op);
    }
    wide x, y;
    std::int64_t e;
    if (d <= 43) {  // 10^34 * 10^43 < 2^256
      x = wide(xc) * pow10_wide[static_cast<std::size_t>(d)];
      y = yc;
      e = ye;
    } else {
      // Scale x to 36 digits; then y either fits beside it or lies wholly
      // more than 7 digits below x's 36th digit, where a 1 in that digit
      // rounds the same way (same side of every rounding boundary, and
      // inexact): Python's _normalize does the same.
      const int up = precision + 2 - digits(xc);
      x = wide(xc) * pow10_wide[static_cast<std::size_t>(up)];
      const std::int64_t xe2 = xe - up;
      const std::int64_t d2 = xe2 - ye;
      if (d2 <= 41) {  // 10^36 * 10^41 = 10^77
        x *= pow10_wide[static_cast<std::size_t>(d2)];
        y = yc;
        e = ye;
      } else {
        y = 1u;
        e = xe2;
      }
    }
    if (xn == yn) return finish(xn, wide(x + y), e, op);
    if (x >= y) return finish(xn, wide(x - y), e, op);
    return finish(yn, wide(y - x), e, op);
  }

  static decimal mul(const decimal& a, const decimal& b) {
    const bool neg = a.neg_ != b.neg_;
    const std::int64_t e = static_cast<std::int64_t>(a.exp_) + b.exp_;
    if ((a.coeff_ >> 64) == 0 && (b.coeff_ >> 64) == 0) {
      const u128 p = static_cast<u128>(static_cast<u64>(a.coeff_)) * static_cast<u64>(b.coeff_);
      if (p < pow10_34 && e >= etiny && e <= etop) return make(neg, p, static_cast<std::int32_t>(e));
      return finish(neg, p, e, "multiplication");
    }
    return finish(neg, wide(wide(a.coeff_) * wide(b.coeff_)), e, "multiplication");
  }

  static decimal div(const decimal& a, const decimal& b) {
    if (b.coeff_ == 0) {
      if (a.coeff_ == 0) throw decimal_error(decimal_errc::division_by_zero, "division of zero by zero");
      throw decimal_error(decimal_errc::division_by_zero, "division by zero");
    }
    if (a.coeff_ == 0) return decimal();
    const bool neg = a.neg_ != b.neg_;
    const std::int64_t ideal = static_cast<std::int64_t>(a.exp_) - b.exp_;
    // Exact quotient of the coefficients (100 / 4, 87.25 / 0.25).
    if ((a.coeff_ >> 64) == 0 && (b.coeff_ >> 64) == 0) {
      const u64 ac = static_cast<u64>(a.coeff_), bc = static_cast<u64>(b.coeff_);
      if (ac % bc == 0) return finish(neg, static_cast<u128>(ac / bc), ideal, "division");
    }
    // Otherwise a quotient of 35 or 36 digits plus a sticky last digit
    // (Python's _divide): shift so that a * 10^shift has digits(b) + 35 digits.
    const int la = digits(a.coeff_), lb = digits(b.coeff_);
    const int shift = lb - la + precision + 1;  // >= 2
    const std::int64_t e = ideal - shift;
    if (lb + precision + 1 <= 38) {
      const u128 n = a.coeff_ * pow10_128[static_cast<std::size_t>(shift)];
      u128 q = n / b.coeff_;
      if (n - q * b.coeff_ != 0) {
        if (q % 5 == 0) ++q;
        return finish(neg, q, e, "division");
      }
      return exact_quotient(neg, q, e, ideal);
    }
    const wide n = wide(a.coeff_) * pow10_wide[static_cast<std::size_t>(shift)];
    const wide bw = b.coeff_;
    wide q = n / bw;
    if (n - q * bw != 0) {
      if (q % 5u == 0) ++q;
      return finish(neg, q, e, "division");
    }
    return exact_quotient(neg, q, e, ideal);
  }

  // An exact quotient drops trailing zeros down to the ideal exponent, as
  // Python's Decimal does: 20 / 100 is 0.2 (coefficient 2), not a 34-digit
  // coefficient 2000...0 at exponent -34. Same value either way, but a short
  // coefficient keeps later multiplications on the 64-bit fast path (a
  // percentage weight such as `20%` is such a quotient).
  template <class T>
  static decimal exact_quotient(bool neg, T q, std::int64_t e, std::int64_t ideal) {
    while (e < ideal && q % 10u == 0) {
      q /= 10u;
      ++e;
    }
    return finish(neg, q, e, "division");
  }

  static std::strong_ordering compare_abs(const decimal& a, const decimal& b) noexcept {
    if (a.exp_ == b.exp_) return a.coeff_ <=> b.coeff_;
    // hi has the larger exponent; compare hi.coeff * 10^d with lo.coeff.
    const bool a_hi = a.exp_ > b.exp_;
    const decimal& hi = a_hi ? a : b;
    const decimal& lo = a_hi ? b : a;
    const std::int64_t d = static_cast<std::int64_t>(hi.exp_) - lo.exp_;
    std::strong_ordering hi_vs_lo = std::strong_ordering::greater;
    // hi.coeff >= 1, so hi >= 10^d units of lo's exponent; lo.coeff < 10^34.
    if (d < precision && hi.coeff_ <= mul_limit[static_cast<std::size_t>(d)])
      hi_vs_lo = hi.coeff_ * pow10_128[static_cast<std::size_t>(d)] <=> lo.coeff_;
    if (a_hi) return hi_vs_lo;
    return 0 <=> hi_vs_lo;
  }

  static std::strong_ordering compare(const decimal& a, const decimal& b) noexcept {
    const bool az = a.coeff_ == 0, bz = b.coeff_ == 0;
    if (az || bz) {
      if (az && bz) return std::strong_ordering::equal;
      if (az) return b.neg_ ? std::strong_ordering::greater : std::strong_ordering::less;
      return a.neg_ ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    if (a.neg_ != b.neg_) return a.neg_ ? std::strong_ordering::less : std::strong_ordering::greater;
    const auto m = compare_abs(a, b);
    return a.neg_ ? 0 <=> m : m;
  }

  // The common short cell, `-?[0-9]+(\.[0-9]+)?` in at most 19 characters:
  // its digits fit 64 bits, so neither the 34-digit limit nor the exponent
  // range can be hit. Same value as the general path (leading zeros add
  // nothing to the coefficient; zero is the default zero). False when the
  // text is anything else; the general path then says why.
  static bool parse_short(std::string_view t, decimal& out) noexcept {
    if (t.empty() || t.size() > 19) return false;
    std::size_t i = 0;
    const bool neg = t[0] == '-';
    i += neg;
    const std::size_t int_start = i;
    u64 c = 0;
    for (; i < t.size() && is_digit(t[i]); ++i) c = c * 10 + static_cast<unsigned>(t[i] - '0');
    if (i == int_start) return false;
    std::int32_t places = 0;
    if (i < t.size()) {
      if (t[i] != '.') return false;
      const std::size_t frac_start = ++i;
      for (; i < t.size() && is_digit(t[i]); ++i) c = c * 10 + static_cast<unsigned>(t[i] - '0');
      if (i != t.size() || i == frac_start) return false;
      places = static_cast<std::int32_t>(i - frac_start);
    }
    out = c == 0 ? decimal() : make(neg, c, -places);
    return true;
  }

  // Parses text; on failure returns false and sets why (if not null).
  static bool parse(std::string_view t, bool scientific, decimal& out, std::string* why) {
    if (parse_short(t, out)) return true;
    auto fail = [&](std::string msg) {
      if (why) *why = std::move(msg);
      return false;
    };
    if (t.empty()) return fail("empty text, expected digits");
    std::size_t i = 0;
    bool neg = false;
    if (t[0] == '+') return fail("a leading '+' is not allowed");
    if (t[0] == '-') {
      neg = true;
      ++i;
      if (i == t.size()) return fail("expected digits after '-'");
    }
    if (t[i] == '.') return fail("a digit is required before the decimal point");
    u128 coeff = 0;
    std::size_t sig = 0;  // significant digits: from the first non-zero one on
    std::size_t places = 0;
    bool any_int = false;
    for (; i < t.size() && is_digit(t[i]); ++i) {
      any_int = true;
      if (sig > 0 || t[i] != '0') {
        if (++sig <= precision) coeff = coeff * 10 + static_cast<unsigned>(t[i] - '0');
      }
    }
    if (!any_int) return fail(describe_char(t, i));
    if (i < t.size() && t[i] == '.') {
      ++i;
      if (i == t.size() || !is_digit(t[i])) return fail("a digit is required after the decimal point");
      for (; i < t.size() && is_digit(t[i]); ++i) {
        ++places;
        if (sig > 0 || t[i] != '0') {
          if (++sig <= precision) coeff = coeff * 10 + static_cast<unsigned>(t[i] - '0');
        }
      }
    }
    std::int64_t exponent = 0;  // as written after 'E', saturated
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      if (!scientific) return fail("an exponent ('" + std::string(1, t[i]) + "') is not allowed");
      ++i;
      bool eneg = false;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) eneg = t[i++] == '-';
      if (i == t.size() || !is_digit(t[i])) return fail("expected digits in the exponent");
      for (; i < t.size() && is_digit(t[i]); ++i) {
        if (exponent < 1000000000) exponent = exponent * 10 + (t[i] - '0');
      }
      if (eneg) exponent = -exponent;
    }
    if (i < t.size()) return fail(describe_char(t, i));
    if (sig > precision) return fail("more than 34 significant digits (" + std::to_string(sig) + ")");
    if (coeff == 0) {
      out = decimal();
      return true;
    }
    const std::int64_t e = exponent - static_cast<std::int64_t>(std::min<std::size_t>(places, 2000000000));
    if (e < etiny) {
      if (!scientific) return fail("more than " + std::to_string(max_places) + " decimal places");
      return fail("too small: the last digit is below 10^-6176");
    }
    if (e + digits(coeff) - 1 > emax) return fail("too large: 10^6145 or more in magnitude");
    out = make(neg, coeff, static_cast<std::int32_t>(e));
    return true;
  }

  static decimal parse_or_throw(std::string_view text, bool scientific) {
    decimal d;
    std::string why;
    if (!parse(text, scientific, d, &why))
      throw decimal_error(decimal_errc::invalid, "invalid decimal " + quote(text) + ": " + why);
    return d;
  }
};

}  // namespace detail

using detail::decimal_access;

decimal::decimal() noexcept = default;

// 0 - unsigned(v) is |v| for every v, INT64_MIN included.
decimal::decimal(std::int64_t v) noexcept
    : coeff_(v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v)), exp_(0), neg_(v < 0) {}

decimal decimal::parse(std::string_view text) { return decimal_access::parse_or_throw(text, false); }

decimal decimal::parse_scientific(std::string_view text) { return decimal_access::parse_or_throw(text, true); }

std::optional<decimal> decimal::try_parse(std::string_view text, std::string* why) noexcept {
  try {
    decimal d;
    if (decimal_access::parse(text, false, d, why)) return d;
  } catch (...) {  // only std::bad_alloc while building the message
  }
  return std::nullopt;
}

std::string decimal::to_string() const {
  if (coeff_ == 0) return "0";
  // Coefficient digits, least significant first.
  char buf[40];
  int n = 0;
  unsigned __int128 c = coeff_;
  while ((c >> 64) != 0) {
    buf[n++] = static_cast<char>('0' + static_cast<int>(c % 10));
    c /= 10;
  }
  for (std::uint64_t v = static_cast<std::uint64_t>(c); v != 0; v /= 10) buf[n++] = static_cast<char>('0' + v % 10);
  int low = 0;  // trailing zeros dropped
  std::int64_t e = exp_;
  while (buf[low] == '0') {
    ++low;
    ++e;
  }
  std::string out;
  if (neg_) out += '-';
  const int count = n - low;
  if (e >= 0) {
    out.reserve(out.size() + static_cast<std::size_t>(count + e));
    for (int i = n - 1; i >= low; --i) out += buf[i];
    out.append(static_cast<std::size_t>(e), '0');
  } else {
    const std::int64_t places = -e;
    if (places >= count) {
      out += "0.";
      out.append(static_cast<std::size_t>(places - count), '0');
      for (int i = n - 1; i >= low; --i) out += buf[i];
    } else {
      const int int_digits = count - static_cast<int>(places);
      for (int i = n - 1, k = 0; i >= low; --i, ++k) {
        if (k == int_digits) out += '.';
        out += buf[i];
      }
    }
  }
  return out;
}

decimal decimal::add_general(const decimal& a, const decimal& b, bool negate_b) {
  return decimal_access::add(a, b, negate_b, negate_b ? "subtraction" : "addition");
}
decimal decimal::mul_general(const decimal& a, const decimal& b) { return decimal_access::mul(a, b); }
decimal operator/(const decimal& a, const decimal& b) { return decimal_access::div(a, b); }

decimal decimal::operator-() const noexcept {
  decimal d = *this;
  d.neg_ = !neg_;
  return d;
}

bool operator==(const decimal& a, const decimal& b) noexcept {
  if (a.exp_ == b.exp_) return a.coeff_ == b.coeff_ && (a.neg_ == b.neg_ || a.coeff_ == 0);
  return decimal_access::compare(a, b) == 0;
}

std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept { return decimal_access::compare(a, b); }

decimal decimal::round(int digits, rounding mode) const {
  if (digits < -detail::precision || digits > detail::precision)
    throw decimal_error(decimal_errc::invalid,
                        "rounding to " + std::to_string(digits) + " digits: digits must be in [-34, 34]");
  if (coeff_ == 0 || exp_ >= -digits) return *this;
  const std::int64_t k = -static_cast<std::int64_t>(digits) - exp_;  // digits dropped, >= 1
  unsigned __int128 q;
  int half_cmp;
  bool inexact;
  if ((coeff_ >> 64) == 0 && k <= 19) {
    const std::uint64_t c = static_cast<std::uint64_t>(coeff_);
    const std::uint64_t p = static_cast<std::uint64_t>(detail::pow10_128[static_cast<std::size_t>(k)]);
    const std::uint64_t q64 = c / p, r = c - q64 * p, half = p / 2;
    q = q64;
    half_cmp = r < half ? -1 : r == half ? 0 : 1;
    inexact = r != 0;
  } else if (k <= 38) {
    const unsigned __int128 p = detail::pow10_128[static_cast<std::size_t>(k)];
    q = coeff_ / p;
    const unsigned __int128 r = coeff_ - q * p, half = p / 2;
    half_cmp = r < half ? -1 : r == half ? 0 : 1;
    inexact = r != 0;
  } else {  // coeff_ < 10^34 < half a unit
    q = 0;
    half_cmp = -1;
    inexact = true;
  }
  if (detail::rounds_away(mode, neg_, (q & 1) != 0, half_cmp, inexact)) ++q;
  return decimal_access::make(neg_, q, -digits);
}

std::optional<std::int64_t> decimal::to_int64() const noexcept {
  if (coeff_ == 0) return 0;
  unsigned __int128 v;
  if (exp_ >= 0) {
    if (exp_ > 18) return std::nullopt;  // at least 10^19
    const unsigned __int128 p = detail::pow10_128[static_cast<std::size_t>(exp_)];
    if (coeff_ > (static_cast<unsigned __int128>(1) << 63) / p) return std::nullopt;
    v = coeff_ * p;
  } else {
    if (exp_ < -detail::precision) return std::nullopt;  // a fraction remains
    const unsigned __int128 p = detail::pow10_128[static_cast<std::size_t>(-exp_)];
    if (coeff_ % p != 0) return std::nullopt;
    v = coeff_ / p;
  }
  const unsigned __int128 limit = static_cast<unsigned __int128>(1) << 63;
  if (neg_) {
    if (v > limit) return std::nullopt;
    return static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(v));
  }
  if (v >= limit) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

bool decimal::is_zero() const noexcept { return coeff_ == 0; }

bool decimal::is_negative() const noexcept { return neg_ && coeff_ != 0; }

bool decimal::is_integer() const noexcept {
  if (coeff_ == 0 || exp_ >= 0) return true;
  if (exp_ < -detail::precision) return false;
  return coeff_ % detail::pow10_128[static_cast<std::size_t>(-exp_)] == 0;
}

decimal decimal::abs() const noexcept {
  decimal d = *this;
  d.neg_ = false;
  return d;
}

}  // namespace merit
