// SPDX-License-Identifier: Apache-2.0
// merit - calendar dates (days since 1970-01-01, proleptic Gregorian)
#include <chrono>

#include "merit/roster.hpp"

namespace merit {

namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<date> date::parse(std::string_view text) noexcept {
  // Strictly YYYY-MM-DD: ten characters, no sign, no spaces.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(text[i])) return std::nullopt;
  const auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

date date::from_ymd(int year, unsigned month, unsigned day) noexcept {
  // For a day past the month's end, std::chrono counts on into the next
  // month (sys_days{y/m/1} + (d - 1)); the header documents only real days.
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  return date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

void date::to_ymd(int& year, unsigned& month, unsigned& day) const noexcept {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  year = static_cast<int>(ymd.year());
  month = static_cast<unsigned>(ymd.month());
  day = static_cast<unsigned>(ymd.day());
}

std::string date::to_string() const {
  int y;
  unsigned m, d;
  to_ymd(y, m, d);
  std::string out;
  // Years outside 0000-9999 are printed with as many digits as they need
  // (and a '-' when negative), so that nothing is cut off.
  if (y < 0) {
    out += '-';
    y = -y;
  }
  std::string ys = std::to_string(y);
  if (ys.size() < 4) out.append(4 - ys.size(), '0');
  out += ys;
  out += '-';
  out += static_cast<char>('0' + m / 10);
  out += static_cast<char>('0' + m % 10);
  out += '-';
  out += static_cast<char>('0' + d / 10);
  out += static_cast<char>('0' + d % 10);
  return out;
}

}  // namespace merit
