// SPDX-License-Identifier: Apache-2.0
// merit - decimal operations checked against cases generated with Python's decimal module
//
// The case files are written at build time by gen_cases.py (see its header
// for the formats). Every line is checked; the first mismatches are reported
// with their inputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "merit/decimal.hpp"

namespace {

using merit::decimal;
using merit::rounding;

constexpr std::size_t min_cases = 100000;
constexpr int max_reported = 10;

std::string case_path(const std::string& op) { return std::string(MERIT_DECIMAL_CASES_DIR) + "/" + op + ".txt"; }

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t sp = line.find(' ', start);
    out.push_back(line.substr(start, sp == std::string_view::npos ? sp : sp - start));
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  return out;
}

// The generator's canonical form, rebuilt from to_string(): the plain form
// when it has at most 80 characters, else "[-]DIGITSE<exp>".
std::string canon(const decimal& d) {
  const std::string s = d.to_string();
  if (s.size() <= 80) return s;
  const bool neg = s[0] == '-';
  const std::string body = s.substr(neg ? 1 : 0);
  const std::size_t dot = body.find('.');
  std::string digits = dot == std::string::npos ? body : body.substr(0, dot) + body.substr(dot + 1);
  long exp = dot == std::string::npos ? 0 : -static_cast<long>(body.size() - dot - 1);
  digits.erase(0, digits.find_first_not_of('0'));
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp;
  }
  return (neg ? "-" : "") + digits + "E" + std::to_string(exp);
}

std::string outcome(const std::function<decimal()>& f) {
  try {
    return canon(f());
  } catch (const merit::decimal_error& e) {
    switch (e.code()) {
      case merit::decimal_errc::overflow: return "!overflow";
      case merit::decimal_errc::underflow: return "!underflow";
      case merit::decimal_errc::division_by_zero: return "!division_by_zero";
      case merit::decimal_errc::invalid: return "!invalid";
    }
    return "!?";
  }
}

decimal operand(std::string_view text) { return decimal::parse_scientific(text); }

// Runs check(fields) on every line; check returns "" when the case passes,
// else what was obtained.
void run_cases(const std::string& op, std::size_t fields,
               const std::function<std::string(const std::vector<std::string_view>&)>& check) {
  std::ifstream in(case_path(op));
  ASSERT_TRUE(in) << "cannot open " << case_path(op);
  std::string line;
  std::size_t count = 0, failed = 0;
  while (std::getline(in, line)) {
    const auto f = split(line);
    ASSERT_EQ(f.size(), fields) << op << ": malformed line " << line;
    ++count;
    std::string got;
    try {
      got = check(f);
    } catch (const std::exception& e) {
      got = std::string("exception: ") + e.what();
    }
    if (!got.empty() && ++failed <= max_reported)
      ADD_FAILURE() << op << " case " << count << ": " << line << "\n  got " << got;
  }
  EXPECT_GE(count, min_cases) << op;
  EXPECT_EQ(failed, 0u) << op << ": " << failed << " of " << count << " cases differ";
}

void run_binary(const std::string& op, decimal (*fn)(const decimal&, const decimal&)) {
  run_cases(op, 3, [fn](const std::vector<std::string_view>& f) {
    const decimal a = operand(f[0]), b = operand(f[1]);
    const std::string got = outcome([&] { return fn(a, b); });
    return got == f[2] ? std::string() : got;
  });
}

void run_round(const std::string& name, rounding mode) {
  run_cases("round_" + name, 3, [mode](const std::vector<std::string_view>& f) {
    const int digits = std::stoi(std::string(f[0]));
    const decimal x = operand(f[1]);
    const std::string got = outcome([&] { return x.round(digits, mode); });
    return got == f[2] ? std::string() : got;
  });
}

TEST(DecimalCasesTest, Add) {
  run_binary("add", [](const decimal& a, const decimal& b) { return a + b; });
}
TEST(DecimalCasesTest, Sub) {
  run_binary("sub", [](const decimal& a, const decimal& b) { return a - b; });
}
TEST(DecimalCasesTest, Mul) {
  run_binary("mul", [](const decimal& a, const decimal& b) { return a * b; });
}
TEST(DecimalCasesTest, Div) {
  run_binary("div", [](const decimal& a, const decimal& b) { return a / b; });
}

TEST(DecimalCasesTest, Compare) {
  run_cases("cmp", 3, [](const std::vector<std::string_view>& f) {
    const decimal a = operand(f[0]), b = operand(f[1]);
    const int want = std::stoi(std::string(f[2]));
    const auto c = a <=> b;
    const int got = c < 0 ? -1 : c > 0 ? 1 : 0;
    const auto r = b <=> a;
    const int rev = r < 0 ? -1 : r > 0 ? 1 : 0;
    if (got != want) return "<=> gives " + std::to_string(got);
    if (rev != -want) return "reversed <=> gives " + std::to_string(rev);
    if ((a == b) != (want == 0)) return std::string("== gives ") + (a == b ? "true" : "false");
    if ((a != b) != (want != 0)) return std::string("!= disagrees");
    return std::string();
  });
}

TEST(DecimalCasesTest, RoundHalfEven) { run_round("half_even", rounding::half_even); }
TEST(DecimalCasesTest, RoundHalfUp) { run_round("half_up", rounding::half_up); }
TEST(DecimalCasesTest, RoundFloor) { run_round("floor", rounding::floor); }
TEST(DecimalCasesTest, RoundCeil) { run_round("ceil", rounding::ceil); }
TEST(DecimalCasesTest, RoundTruncate) { run_round("truncate", rounding::truncate); }

TEST(DecimalCasesTest, ToInt64) {
  run_cases("int64", 2, [](const std::vector<std::string_view>& f) {
    const auto v = operand(f[0]).to_int64();
    const std::string got = v ? std::to_string(*v) : "none";
    return got == f[1] ? std::string() : got;
  });
}

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 1; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}

TEST(DecimalCasesTest, ParseAndToString) {
  run_cases("parse", 2, [](const std::vector<std::string_view>& f) {
    const std::string text = unhex(f[0]);
    std::string why;
    const auto d = decimal::try_parse(text, &why);
    if (f[1] == "!invalid") {
      if (d) return "accepted \"" + text + "\" as " + d->to_string();
      if (why.empty()) return std::string("no reason given for \"" + text + "\"");
      try {
        decimal::parse(text);
        return std::string("parse did not throw");
      } catch (const merit::decimal_error& e) {
        if (e.code() != merit::decimal_errc::invalid) return std::string("wrong error code");
        if (std::string(e.what()).find(why) == std::string::npos) return std::string("message lacks the reason");
      }
      return std::string();
    }
    if (!d) return "rejected \"" + text + "\": " + why;
    const std::string got = canon(*d);
    if (got != f[1]) return got;
    // Round trip: the printed form reads back as the same number, printed the same.
    const std::string printed = d->to_string();
    const auto back = decimal::try_parse(printed);
    if (!back) return "to_string gave unparsable " + printed;
    if (!(*back == *d) || back->to_string() != printed) return "round trip changed " + printed;
    return std::string();
  });
}

}  // namespace
