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

  /// Canonical plain form: `-` only for negative non-zero, fraction only
  /// when not an integer, no trailing zeros, no exponent, zero is "0".
  std::string to_string() const;

  friend decimal operator+(const decimal& a, const decimal& b);
  friend decimal operator-(const decimal& a, const decimal& b);
  friend decimal operator*(const decimal& a, const decimal& b);
  friend decimal operator/(const decimal& a, const decimal& b);
  decimal operator-() const noexcept;
  friend bool operator==(const decimal& a, const decimal& b) noexcept;  ///< numeric equality (1 == 1.0)
  friend std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept;

  /// Rounds to `digits` fractional digits (negative: to tens, hundreds...),
  /// digits in [-34, 34]. Rounding to more digits than the value has
  /// returns it unchanged.
  decimal round(int digits, rounding mode) const;

  /// The value as int64 when it is an integer that fits, else nullopt.
  std::optional<std::int64_t> to_int64() const noexcept;

  bool is_zero() const noexcept;
  bool is_negative() const noexcept;  ///< strictly below zero
  bool is_integer() const noexcept;
  decimal abs() const noexcept;

 private:
  // Implementation-defined representation (see src/decimal/).
  unsigned __int128 coeff_ = 0;  // < 10^34
  std::int32_t exp_ = 0;
  bool neg_ = false;
};

}  // namespace merit
