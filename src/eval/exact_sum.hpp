// SPDX-License-Identifier: Apache-2.0
// merit - exact decimal sums and averages, rounded once
#pragma once

#include <cstdint>

#include <boost/multiprecision/cpp_int.hpp>

#include "merit/decimal.hpp"

namespace merit::detail {

/// Adds decimals without any rounding; `sum()` and `average(n)` round the
/// exact result once to 34 significant digits, half-even (LANGUAGE.md
/// section 4: "sum is exact and rounded once; avg is the exact sum divided by
/// the count, rounded once"). Throws decimal_error when the rounded result
/// leaves the decimal range.
class exact_sum {
 public:
  void add(const decimal& x);
  decimal sum() const { return divide(1); }
  decimal average(std::uint64_t count) const { return divide(count); }

 private:
  decimal divide(std::uint64_t count) const;
  boost::multiprecision::cpp_int coeff_ = 0;  // value = coeff_ * 10^exp_
  std::int32_t exp_ = 0;
  bool any_ = false;
};

}  // namespace merit::detail
