// SPDX-License-Identifier: Apache-2.0
// merit - exact decimal numbers (LANGUAGE.md section 5)
//
// INTERFACE CONTRACT (the implementation in src/decimal/ may add private
// members and helpers, but keeps every declaration below).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace merit {

namespace detail {
struct decimal_access;
}  // namespace detail

/// How a result that needs fewer digits is rounded.
enum class rounding : std::uint8_t {
  half_even,  ///< ties to the even neighbour (the default for arithmetic)
  half_up,    ///< ties away from zero (四舍五入, Excel's ROUND)
  floor,      ///< towards negative infinity
  ceil,       ///< towards positive infinity
  truncate,   ///< towards zero
};

/// Why a decimal operation has no exact-enough answer.
enum class decimal_errc : std::uint8_t { overflow, underflow, division_by_zero, invalid };

/// Thrown by decimal operations; never a wrong number instead.
class decimal_error : public std::domain_error {
 public:
  decimal_error(decimal_errc code, const std::string& what) : std::domain_error(what), code_(code) {}
  decimal_errc code() const noexcept { return code_; }

 private:
  decimal_errc code_;
};

/// An exact decimal: 34 significant digits, exponent range of IEEE 754
/// decimal128 (Python `decimal` with prec=34, Emax=6144, Emin=-6143, and
/// Overflow, Underflow, DivisionByZero and InvalidOperation trapped). Each
/// operation's result is rounded once, half-even, when it needs more digits.
///
/// Ownership: a value type. Thread-safety: none needed. Errors: operations
/// throw `decimal_error`.
///
/// **Example**
/// ```cpp
/// auto x = merit::decimal::parse("87.25") * merit::decimal::parse("0.2");
/// x.to_string();  // "17.45"
/// ```
class decimal {
 public:
  decimal() noexcept;                     ///< zero
  decimal(std::int64_t v) noexcept;       ///< exact (implicit on purpose)

  /// `-?[0-9]+(\.[0-9]+)?` with at most 34 significant digits as written
  /// (trailing zeros count, leading zeros do not). Anything else throws
  /// decimal_error(invalid) with a message saying what is wrong.
  static decimal parse(std::string_view text);
  /// As parse, without throwing; on failure returns nullopt and, if `why`
  /// is given, a message such as "more than 34 significant digits".
  static std::optional<decimal> try_parse(std::string_view text, std::string* why = nullptr) noexcept;
  /// As parse, but also accepts an exponent: `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?`
  /// (a host's `1e-07` or `Decimal` string crossing into the engine). The value
  /// must be exactly representable (at most 34 significant digits, within the
  /// exponent range); anything else throws decimal_error(invalid).
  static decimal parse_scientific(std::string_view text);

  /// Canonical plain form: `-` only for negative non-zero, fraction only
  /// when not an integer, no trailing zeros, no exponent, zero is "0".
  std::string to_string() const;

  friend decimal operator+(const decimal& a, const decimal& b);
  friend decimal operator-(const decimal& a, const decimal& b);
  friend decimal operator*(const decimal& a, const decimal& b);
  friend decimal operator/(const decimal& a, const decimal& b);  ///< x/0 and 0/0: division_by_zero
  decimal operator-() const noexcept;
  friend bool operator==(const decimal& a, const decimal& b) noexcept;  ///< numeric equality (1 == 1.0)
  friend std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept;

  /// Rounds to `digits` fractional digits (negative: to tens, hundreds...),
  /// digits in [-34, 34] (else decimal_error(invalid)). Rounding to more
  /// digits than the value has returns it unchanged. Never overflows.
  decimal round(int digits, rounding mode) const;

  /// The value as int64 when it is an integer that fits, else nullopt.
  std::optional<std::int64_t> to_int64() const noexcept;

  /// coefficient × 10^exponent, exactly: no rounding is ever needed for a
  /// 64-bit coefficient. `exponent` must lie in [-6176, 6111] (every scale
  /// of a column or of the C ABI does). Like every decimal the result is not
  /// normalised: from_scaled(150, -2) is 1.50, equal to 1.5 and printed "1.5".
  static decimal from_scaled(std::int64_t coefficient, std::int32_t exponent) noexcept;
  /// The value as held, coefficient × 10^exponent (1.50 read from "1.50"
  /// gives 150 and -2), when its coefficient fits int64; false otherwise.
  bool to_scaled(std::int64_t& coefficient, std::int32_t& exponent) const noexcept;

  bool is_zero() const noexcept;
  bool is_negative() const noexcept;  ///< strictly below zero
  bool is_integer() const noexcept;
  decimal abs() const noexcept;

 private:
  friend struct detail::decimal_access;
  // Fast paths of + - * are inline (below); the general cases live in src/decimal/.
  static constexpr unsigned __int128 pow10_34_ =
      static_cast<unsigned __int128>(10000000000000000ULL) * 1000000000000000000ULL;
  static constexpr std::int32_t etiny_ = -6176;  // smallest exponent (subnormal 10^-6176)
  static constexpr std::int32_t etop_ = 6111;    // any coefficient < 10^34 is in range up to here
  static decimal add_general(const decimal& a, const decimal& b, bool negate_b);
  static decimal mul_general(const decimal& a, const decimal& b);
  // Implementation-defined representation (see src/decimal/): the value is
  // (-1)^neg_ * coeff_ * 10^exp_, not normalised (1.50 keeps coefficient 150,
  // like Python's Decimal). A zero may carry either sign and any exponent.
  unsigned __int128 coeff_ = 0;  // < 10^34
  std::int32_t exp_ = 0;
  bool neg_ = false;
};

inline decimal decimal::from_scaled(std::int64_t coefficient, std::int32_t exponent) noexcept {
  decimal d;
  // 0 - unsigned(c) is |c| for every c, INT64_MIN included.
  d.coeff_ = coefficient < 0 ? 0 - static_cast<std::uint64_t>(coefficient) : static_cast<std::uint64_t>(coefficient);
  d.exp_ = exponent;
  d.neg_ = coefficient < 0;
  return d;
}

inline bool decimal::to_scaled(std::int64_t& coefficient, std::int32_t& exponent) const noexcept {
  if (coeff_ > static_cast<unsigned __int128>(INT64_MAX)) return false;
  const auto c = static_cast<std::int64_t>(coeff_);
  coefficient = neg_ ? -c : c;
  exponent = exp_;
  return true;
}

// Same exponent and sign without carry, or 64 x 64-bit coefficients: exact
// in 128 bits and needing no rounding; everything else takes the general path.
inline decimal operator+(const decimal& a, const decimal& b) {
  if (a.exp_ == b.exp_ && a.neg_ == b.neg_ && a.exp_ <= decimal::etop_) {
    const unsigned __int128 s = a.coeff_ + b.coeff_;
    if (s < decimal::pow10_34_) {
      decimal r = a;
      r.coeff_ = s;
      return r;
    }
  }
  return decimal::add_general(a, b, false);
}

inline decimal operator-(const decimal& a, const decimal& b) {
  if (a.exp_ == b.exp_ && a.neg_ != b.neg_ && a.exp_ <= decimal::etop_) {
    const unsigned __int128 s = a.coeff_ + b.coeff_;
    if (s < decimal::pow10_34_) {
      decimal r = a;
      r.coeff_ = s;
      return r;
    }
  }
  return decimal::add_general(a, b, true);
}

inline decimal operator*(const decimal& a, const decimal& b) {
  if ((a.coeff_ >> 64) == 0 && (b.coeff_ >> 64) == 0) {
    const unsigned __int128 p = static_cast<unsigned __int128>(static_cast<std::uint64_t>(a.coeff_)) *
                                static_cast<std::uint64_t>(b.coeff_);
    const std::int64_t e = static_cast<std::int64_t>(a.exp_) + b.exp_;
    if (p < decimal::pow10_34_ && e >= decimal::etiny_ && e <= decimal::etop_) {
      decimal r;
      r.coeff_ = p;
      r.exp_ = static_cast<std::int32_t>(e);
      r.neg_ = a.neg_ != b.neg_;
      return r;
    }
  }
  return decimal::mul_general(a, b);
}

}  // namespace merit
