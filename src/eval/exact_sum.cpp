// SPDX-License-Identifier: Apache-2.0
// merit - exact decimal sums and averages, rounded once
#include "eval/exact_sum.hpp"


#include <string>
#include <vector>

namespace merit::detail {

namespace {

using boost::multiprecision::cpp_int;

cpp_int pow10(std::int64_t n) {
  cpp_int r = 1;
  cpp_int ten = 10;
  while (n > 0) {
    if (n & 1) r *= ten;
    ten *= ten;
    n >>= 1;
  }
  return r;
}

// Decimal digits of a non-negative integer. (Not cpp_int::str(): g++ 12
// reports a false -Wrestrict inside it in optimised builds.)
std::string to_digits(cpp_int v) {
  if (v == 0) return "0";
  const cpp_int base = 1000000000000000000ULL;  // 10^18
  std::vector<std::uint64_t> chunks;
  while (v > 0) {
    chunks.push_back(static_cast<std::uint64_t>(v % base));
    v /= base;
  }
  std::string out = std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out.append(18 - part.size(), '0');
    out += part;
  }
  return out;
}

std::size_t digit_count(const cpp_int& v) { return to_digits(v).size(); }

constexpr int precision = 34;

}  // namespace

void exact_sum::add(const decimal& x) {
  // The canonical text is exact, so it is a safe way in.
  std::string s = x.to_string();
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  std::int32_t e = 0;
  auto dot = s.find('.');
  if (dot != std::string::npos) {
    e = -static_cast<std::int32_t>(s.size() - dot - 1);
    s.erase(dot, 1);
  }
  // No leading zeros: cpp_int would read "025" as octal.
  const auto nz = s.find_first_not_of('0');
  s = nz == std::string::npos ? "0" : s.substr(nz);
  cpp_int v(s);
  if (neg) v = -v;
  if (!any_) {
    coeff_ = v;
    exp_ = e;
    any_ = true;
    return;
  }
  if (e < exp_) {
    coeff_ *= pow10(exp_ - e);
    exp_ = e;
  } else if (e > exp_) {
    v *= pow10(e - exp_);
  }
  coeff_ += v;
}

decimal exact_sum::divide(std::uint64_t count) const {
  if (coeff_ == 0 || count == 0) return decimal();
  const bool neg = coeff_ < 0;
  cpp_int num = neg ? cpp_int(-coeff_) : coeff_;
  const cpp_int den = count;
  std::int64_t exp = exp_;
  // Scale the numerator so the integer quotient has at least 34 digits.
  std::int64_t k = static_cast<std::int64_t>(precision + digit_count(den)) - static_cast<std::int64_t>(digit_count(num)) + 1;
  if (k < 0) k = 0;
  num *= pow10(k);
  exp -= k;
  cpp_int q = num / den;
  cpp_int rem = num % den;
  std::int64_t extra = static_cast<std::int64_t>(digit_count(q)) - precision;
  if (extra > 0) {
    const cpp_int d = pow10(extra);
    cpp_int r2 = q % d;
    q /= d;
    exp += extra;
    // The dropped part is (r2 + rem/den) / d; compare it with one half.
    const cpp_int twice = 2 * (r2 * den + rem);
    const cpp_int whole = d * den;
    if (twice > whole || (twice == whole && (q % 2) == 1)) q += 1;
  } else {
    const cpp_int twice = 2 * rem;
    if (twice > den || (twice == den && (q % 2) == 1)) q += 1;
  }
  // Strip trailing zeros so the coefficient reads in at most 34 digits.
  while (q != 0 && q % 10 == 0) {
    q /= 10;
    ++exp;
  }
  std::string digits = to_digits(q);
  decimal out;
  if (exp >= 0) {
    out = decimal::parse(digits);
    while (exp > 0) {
      const std::int64_t step = exp > 30 ? 30 : exp;
      std::string power(static_cast<std::size_t>(step) + 1, '0');
      power[0] = '1';
      out = out * decimal::parse(power);
      exp -= step;
    }
  } else {
    const std::size_t frac = static_cast<std::size_t>(-exp);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    digits.insert(digits.size() - frac, 1, '.');
    if (frac > 7000) throw decimal_error(decimal_errc::underflow, "decimal underflow");
    out = decimal::parse(digits);
  }
  return neg ? -out : out;
}

}  // namespace merit::detail
