// SPDX-License-Identifier: Apache-2.0
// merit - hand-worked decimal cases: parse errors, zero, printing, rounding, limits
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "merit/decimal.hpp"

namespace {

using merit::decimal;
using merit::decimal_errc;
using merit::rounding;

decimal d(const char* text) { return decimal::parse(text); }
decimal sci(const char* text) { return decimal::parse_scientific(text); }

// The reason given by try_parse, after checking that parse throws
// decimal_error(invalid) whose message quotes the text and gives that reason.
std::string parse_error(const std::string& text) {
  std::string why;
  EXPECT_FALSE(decimal::try_parse(text, &why).has_value()) << text;
  try {
    decimal::parse(text);
    ADD_FAILURE() << "parse accepted " << text;
  } catch (const merit::decimal_error& e) {
    EXPECT_EQ(e.code(), decimal_errc::invalid);
    const std::string what = e.what();
    if (text.size() <= 64) {
      EXPECT_EQ(what, "invalid decimal \"" + text + "\": " + why);
    } else {  // long texts are quoted shortened (see ParseErrorQuotesLongTextShortened)
      EXPECT_EQ(what.substr(0, 17 + 64), "invalid decimal \"" + text.substr(0, 64));
      EXPECT_EQ(what.substr(what.size() - why.size() - 2), ": " + why);
    }
  }
  return why;
}

decimal_errc error_of(decimal (*f)()) {
  try {
    f();
  } catch (const merit::decimal_error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return decimal_errc::invalid;
}

TEST(DecimalTest, ParseErrorsSayWhatIsWrong) {
  EXPECT_EQ(parse_error(""), "empty text, expected digits");
  EXPECT_EQ(parse_error("+5"), "a leading '+' is not allowed");
  EXPECT_EQ(parse_error("-"), "expected digits after '-'");
  EXPECT_EQ(parse_error(".5"), "a digit is required before the decimal point");
  EXPECT_EQ(parse_error("-.5"), "a digit is required before the decimal point");
  EXPECT_EQ(parse_error("5."), "a digit is required after the decimal point");
  EXPECT_EQ(parse_error("1e5"), "an exponent ('e') is not allowed");
  EXPECT_EQ(parse_error("2.5E3"), "an exponent ('E') is not allowed");
  EXPECT_EQ(parse_error(" 1"), "unexpected space at position 1 (spaces are not allowed)");
  EXPECT_EQ(parse_error("1 "), "unexpected space at position 2 (spaces are not allowed)");
  EXPECT_EQ(parse_error("1.2.3"), "unexpected '.' at position 4");
  EXPECT_EQ(parse_error("12a"), "unexpected 'a' at position 3");
  EXPECT_EQ(parse_error("--1"), "unexpected '-' at position 2");
  EXPECT_EQ(parse_error("1,5"), "unexpected ',' at position 2");
  // U+0663 ARABIC-INDIC DIGIT THREE is D9 A3 in UTF-8: not an ASCII digit.
  EXPECT_EQ(parse_error("\xD9\xA3"), "unexpected byte 0xD9 at position 1");
  // 1 followed by 34 zeros: 35 significant digits (trailing zeros count).
  EXPECT_EQ(parse_error("1.0000000000000000000000000000000000"), "more than 34 significant digits (35)");
  EXPECT_EQ(parse_error("-12345678901234567890123456789012345"), "more than 34 significant digits (35)");
  // 6177 decimal places: the last digit would be below 10^-6176.
  EXPECT_EQ(parse_error("0." + std::string(6176, '0') + "1"), "more than 6176 decimal places");
}

TEST(DecimalTest, ParseErrorQuotesLongTextShortened) {
  const std::string text(100, '7');
  try {
    decimal::parse(text + "x");
    FAIL() << "accepted";
  } catch (const merit::decimal_error& e) {
    // 64 characters are quoted, then "...".
    EXPECT_EQ(std::string(e.what()), "invalid decimal \"" + std::string(64, '7') + "\"...: unexpected 'x' at position 101");
  }
}

TEST(DecimalTest, ParseCountsDigitsAsWritten) {
  // Leading zeros do not count: 34 significant digits after 40 zeros.
  EXPECT_EQ(d("0.0000000000000000000000000000000000000001234567890123456789012345678901234").to_string(),
            "0.0000000000000000000000000000000000000001234567890123456789012345678901234");
  EXPECT_EQ(d("000012.5").to_string(), "12.5");
  // 34 digits with trailing zeros is accepted and printed without them.
  EXPECT_EQ(d("1.000000000000000000000000000000000").to_string(), "1");
  // 6176 decimal places is the limit: 10^-6176.
  const std::string smallest = "0." + std::string(6175, '0') + "1";
  EXPECT_EQ(d(smallest.c_str()).to_string(), smallest);
}

TEST(DecimalTest, NegativeZeroIsZero) {
  const decimal z = d("-0");
  EXPECT_TRUE(z.is_zero());
  EXPECT_FALSE(z.is_negative());
  EXPECT_EQ(z.to_string(), "0");
  EXPECT_EQ(d("-0.00").to_string(), "0");
  EXPECT_TRUE(z == decimal(0));
  EXPECT_TRUE((z <=> decimal(0)) == 0);
  EXPECT_EQ((-decimal(0)).to_string(), "0");
  EXPECT_EQ((d("1.5") - d("1.5")).to_string(), "0");
  EXPECT_EQ((d("-1.5") * decimal(0)).to_string(), "0");
  EXPECT_EQ((decimal(0) / d("-3")).to_string(), "0");
  EXPECT_EQ(z.to_int64(), 0);
  EXPECT_TRUE(z < d("0.1"));
  EXPECT_TRUE(z > d("-0.1"));
}

TEST(DecimalTest, ToStringExamplesFromTheLanguage) {
  // LANGUAGE.md section 5: 88, 87.25, -0.5, 0.0000001.
  EXPECT_EQ(d("88").to_string(), "88");
  EXPECT_EQ(d("88.000").to_string(), "88");
  EXPECT_EQ(d("87.25").to_string(), "87.25");
  EXPECT_EQ(d("087.250").to_string(), "87.25");
  EXPECT_EQ(d("-0.5").to_string(), "-0.5");
  EXPECT_EQ(d("-0.50").to_string(), "-0.5");
  EXPECT_EQ(d("0.0000001").to_string(), "0.0000001");
  EXPECT_EQ(d("0.00000010").to_string(), "0.0000001");
  EXPECT_EQ(decimal(-42).to_string(), "-42");
  // Header example: 8725 * 2 = 17450 at three places = 17.45.
  EXPECT_EQ((d("87.25") * d("0.2")).to_string(), "17.45");
  // No exponent ever: 1E+40 prints its 40 zeros.
  EXPECT_EQ(sci("1E40").to_string(), "1" + std::string(40, '0'));
  EXPECT_EQ(sci("-25E-9").to_string(), "-0.000000025");
}

decimal r(const char* text, int digits, rounding mode) { return d(text).round(digits, mode); }

TEST(DecimalTest, RoundWorkedByHand) {
  EXPECT_EQ(r("2.5", 0, rounding::half_up).to_string(), "3");    // tie, away from zero
  EXPECT_EQ(r("-2.5", 0, rounding::half_up).to_string(), "-3");  // tie, away from zero
  EXPECT_EQ(r("2.5", 0, rounding::half_even).to_string(), "2");  // tie, 2 is even
  EXPECT_EQ(r("3.5", 0, rounding::half_even).to_string(), "4");  // tie, 4 is even
  EXPECT_EQ(r("-2.5", 0, rounding::half_even).to_string(), "-2");
  EXPECT_EQ(r("2.51", 0, rounding::half_even).to_string(), "3");  // above the tie
  EXPECT_EQ(r("-0.5", 0, rounding::floor).to_string(), "-1");
  EXPECT_EQ(r("-0.5", 0, rounding::ceil).to_string(), "0");  // -0 prints as 0
  EXPECT_EQ(r("-0.5", 0, rounding::truncate).to_string(), "0");
  EXPECT_EQ(r("0.5", 0, rounding::ceil).to_string(), "1");
  EXPECT_EQ(r("2.7", 0, rounding::truncate).to_string(), "2");
  EXPECT_EQ(r("-2.7", 0, rounding::floor).to_string(), "-3");
  EXPECT_EQ(r("1234.5", -2, rounding::half_up).to_string(), "1200");  // 34.5 < 50
  EXPECT_EQ(r("1250", -2, rounding::half_even).to_string(), "1200");  // tie, 12 is even
  EXPECT_EQ(r("1350", -2, rounding::half_even).to_string(), "1400");  // tie, 14 is even
  EXPECT_EQ(r("1250", -2, rounding::half_up).to_string(), "1300");
  EXPECT_EQ(r("2.345", 2, rounding::half_up).to_string(), "2.35");
  EXPECT_EQ(r("2.345", 2, rounding::half_even).to_string(), "2.34");
  EXPECT_EQ(r("9.995", 2, rounding::half_up).to_string(), "10");  // carries into a new digit
  EXPECT_EQ(r("0.004", 2, rounding::half_up).to_string(), "0");
  EXPECT_EQ(r("0.004", 2, rounding::ceil).to_string(), "0.01");
  // Already few enough digits: unchanged.
  EXPECT_EQ(r("87.25", 2, rounding::floor).to_string(), "87.25");
  EXPECT_EQ(r("87.25", 30, rounding::half_up).to_string(), "87.25");
  EXPECT_EQ(sci("1E40").round(2, rounding::half_up).to_string(), "1" + std::string(40, '0'));
  // A 34-digit number with 30 fractional digits: 1234.5678|9... rounds up.
  EXPECT_EQ(r("1234.567890123456789012345678901234", 2, rounding::half_up).to_string(), "1234.57");
  // Far below the rounding position.
  EXPECT_EQ(sci("-1E-6176").round(34, rounding::floor).to_string(), "-0." + std::string(33, '0') + "1");
  EXPECT_EQ(sci("1E-6176").round(-34, rounding::half_up).to_string(), "0");
}

TEST(DecimalTest, RoundRejectsDigitsOutOfRange) {
  try {
    d("1.5").round(35, rounding::half_up);
    FAIL() << "accepted 35 digits";
  } catch (const merit::decimal_error& e) {
    EXPECT_EQ(e.code(), decimal_errc::invalid);
  }
  EXPECT_THROW(d("1.5").round(-35, rounding::half_up), merit::decimal_error);
}

TEST(DecimalTest, ToInt64Limits) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(decimal(max).to_int64(), max);
  EXPECT_EQ(decimal(min).to_int64(), min);
  EXPECT_EQ(decimal(min).to_string(), "-9223372036854775808");
  EXPECT_EQ(d("9223372036854775807").to_int64(), max);
  EXPECT_EQ(d("9223372036854775807.000").to_int64(), max);
  EXPECT_EQ(d("9223372036854775808").to_int64(), std::nullopt);
  EXPECT_EQ(d("-9223372036854775808").to_int64(), min);
  EXPECT_EQ(d("-9223372036854775809").to_int64(), std::nullopt);
  EXPECT_EQ(d("12.0").to_int64(), 12);
  EXPECT_EQ(d("12.5").to_int64(), std::nullopt);
  EXPECT_EQ(sci("1E18").to_int64(), 1000000000000000000);
  EXPECT_EQ(sci("1E19").to_int64(), std::nullopt);
  EXPECT_EQ(sci("1E-40").to_int64(), std::nullopt);
}

TEST(DecimalTest, ArithmeticWorkedByHand) {
  EXPECT_EQ((d("0.1") + d("0.2")).to_string(), "0.3");
  EXPECT_EQ((d("100") - d("0.01")).to_string(), "99.99");
  // 1/3 and 2/3 to 34 digits; 2/3 rounds its last 6 up to 7.
  EXPECT_EQ((decimal(1) / decimal(3)).to_string(), "0." + std::string(34, '3'));
  EXPECT_EQ((decimal(2) / decimal(3)).to_string(), "0." + std::string(33, '6') + "7");
  EXPECT_EQ((d("87.25") / d("0.25")).to_string(), "349");
  // 34 nines + 0.5 is a tie; the last 9 is odd, so it rounds up to 10^34.
  EXPECT_EQ((d("9999999999999999999999999999999999") + d("0.5")).to_string(), "1" + std::string(34, '0'));
  // ...4 + 0.5 is a tie with an even last digit: it stays.
  EXPECT_EQ((d("1234567890123456789012345678901234") + d("0.5")).to_string(),
            "1234567890123456789012345678901234");
  EXPECT_EQ((d("1234567890123456789012345678901234") + d("0.51")).to_string(),
            "1234567890123456789012345678901235");
  EXPECT_EQ(d("1.00") * d("1.00"), decimal(1));
}

TEST(DecimalTest, ErrorsInsteadOfWrongNumbers) {
  EXPECT_EQ(error_of([] { return decimal(1) / decimal(0); }), decimal_errc::division_by_zero);
  EXPECT_EQ(error_of([] { return decimal(0) / d("0.0"); }), decimal_errc::division_by_zero);
  EXPECT_EQ(error_of([] { return sci("9E6144") * decimal(10); }), decimal_errc::overflow);
  EXPECT_EQ(error_of([] { return sci("9E6144") + sci("1E6144"); }), decimal_errc::overflow);
  // 10^-6176 / 2 = 5 * 10^-6177, below the smallest subnormal: inexact.
  EXPECT_EQ(error_of([] { return sci("1E-6176") / decimal(2); }), decimal_errc::underflow);
  EXPECT_EQ(error_of([] { return sci("1E-4000") * sci("1E-4000"); }), decimal_errc::underflow);
  // Exact subnormal results are fine.
  EXPECT_EQ((sci("2E-6176") / decimal(2)), sci("1E-6176"));
  EXPECT_EQ((sci("1E-6170") * d("0.001")), sci("1E-6173"));
}

TEST(DecimalTest, ParseScientific) {
  EXPECT_EQ(sci("1E5").to_string(), "100000");
  EXPECT_EQ(sci("1.5e-3").to_string(), "0.0015");
  EXPECT_EQ(sci("-2.50E+1").to_string(), "-25");
  EXPECT_EQ(sci("0E99999").to_string(), "0");
  EXPECT_EQ(sci("12").to_string(), "12");
  EXPECT_THROW(sci("1E6145"), merit::decimal_error);
  EXPECT_THROW(sci("10E6144"), merit::decimal_error);
  EXPECT_THROW(sci("1E-6177"), merit::decimal_error);
  EXPECT_THROW(sci("1E"), merit::decimal_error);
  EXPECT_THROW(sci("1E+"), merit::decimal_error);
}

TEST(DecimalTest, PredicatesAndComparisons) {
  EXPECT_TRUE(d("1") == d("1.00"));
  EXPECT_TRUE(d("0.1") < d("0.2"));
  EXPECT_TRUE(d("-1") < d("-0.5"));
  EXPECT_TRUE(sci("1E-6176") > decimal(0));
  EXPECT_TRUE(d("100") > d("99.99"));
  EXPECT_TRUE(d("1.00").is_integer());
  EXPECT_FALSE(d("1.01").is_integer());
  EXPECT_TRUE(sci("1E40").is_integer());
  EXPECT_FALSE(sci("1E-40").is_integer());
  EXPECT_TRUE(d("-3.5").is_negative());
  EXPECT_EQ(d("-3.5").abs().to_string(), "3.5");
  EXPECT_LE(sizeof(decimal), 32u);
}

}  // namespace
