// SPDX-License-Identifier: Apache-2.0
// merit - decimals held as int64 at a number of places (compact columns, the VM)
#pragma once

#include <cstdint>

#include "merit/decimal.hpp"

namespace merit::detail {

/// The most places a scaled int64 holds: 10^18 is the largest power of ten
/// in int64.
inline constexpr int max_scale = 18;

/// 10^k for k in [0, max_scale].
inline constexpr std::int64_t pow10_i64[max_scale + 1] = {1,
                                                          10,
                                                          100,
                                                          1000,
                                                          10000,
                                                          100000,
                                                          1000000,
                                                          10000000,
                                                          100000000,
                                                          1000000000,
                                                          10000000000,
                                                          100000000000,
                                                          1000000000000,
                                                          10000000000000,
                                                          100000000000000,
                                                          1000000000000000,
                                                          10000000000000000,
                                                          100000000000000000,
                                                          1000000000000000000};

/// `c × 10^e` times 10^places as int64, when that is an integer that fits;
/// false otherwise. Exact: nothing is rounded.
inline bool scaled_at(std::int64_t c, std::int32_t e, int places, std::int64_t& out) noexcept {
  if (c == 0) {
    out = 0;
    return true;
  }
  const std::int64_t shift = static_cast<std::int64_t>(e) + places;
  if (shift >= 0) return shift <= max_scale && !__builtin_mul_overflow(c, pow10_i64[shift], &out);
  if (-shift > max_scale) return false;  // |c| < 10^19: a fraction would remain
  const std::int64_t p = pow10_i64[-shift];
  if (c % p != 0) return false;
  out = c / p;
  return true;
}

/// `v` times 10^places as int64, when that is an integer that fits.
inline bool scaled_at(const decimal& v, int places, std::int64_t& out) noexcept {
  std::int64_t c = 0;
  std::int32_t e = 0;
  return v.to_scaled(c, e) && scaled_at(c, e, places, out);
}

/// The places `v` is written with (1.50 has two, 7 and 7E+2 none), when at
/// most max_scale and the value fits int64 there; -1 otherwise.
inline int places_of(const decimal& v) noexcept {
  std::int64_t c = 0, ignored = 0;
  std::int32_t e = 0;
  if (!v.to_scaled(c, e)) return -1;
  const int places = e >= 0 ? 0 : -e;
  return places <= max_scale && scaled_at(c, e, places, ignored) ? places : -1;
}

}  // namespace merit::detail
