// SPDX-License-Identifier: Apache-2.0
// merit - source positions and diagnostic rendering
#include <gtest/gtest.h>

#include "merit/diagnostic.hpp"

namespace {

TEST(SourceFileTest, LocateCountsCodePointsNotBytes) {
  // "let 單位 = x": 單 and 位 are 3 bytes each in UTF-8; 'x' is byte 13
  // (4 + 3 + 3 + 3 for " = ") and the 10th character of the line.
  merit::source_file src("a.merit", "scheme \"s\"\nlet 單位 = x\n");
  const std::uint32_t line2 = 11;
  EXPECT_EQ(src.locate(line2 + 13).line, 2u);
  EXPECT_EQ(src.locate(line2 + 13).column, 10u);
  EXPECT_EQ(src.locate(0).column, 1u);
  EXPECT_EQ(src.line_text(2), "let 單位 = x");
}

TEST(SourceFileTest, LineTextDropsCarriageReturn) {
  merit::source_file src("a.merit", "a\r\nb");
  EXPECT_EQ(src.line_text(1), "a");
  EXPECT_EQ(src.line_text(2), "b");
  EXPECT_EQ(src.locate(3).line, 2u);
}

TEST(SourceFileTest, ByteOrderMarkIsNotAColumn) {
  // The BOM is 3 bytes; 'x' at byte 5 is the third character after it.
  merit::source_file src("a.merit", std::string("\xEF\xBB\xBF") + "abx");
  EXPECT_EQ(src.locate(5).column, 3u);
}

TEST(SourceFileTest, LocatePastTheEndStaysAtTheEnd) {
  merit::source_file src("a.merit", "ab");
  EXPECT_EQ(src.locate(99).column, 3u);
}

TEST(DiagnosticTest, CaretAlignsUnderWideCharacters) {
  // 總分 is two characters of display width 2 each: 'stafff' starts at
  // display column 4 + 4 + 3 = 11 (0-based), so the caret line has 11 spaces.
  const std::string text = "let 總分 = stafff * 2\n";
  merit::source_file src("s.merit", text);
  merit::diagnostic d;
  const auto at = static_cast<std::uint32_t>(text.find("stafff"));
  d.where = {at, at + 6};
  d.message = "unknown name 'stafff' (did you mean 'staff'?)";
  EXPECT_EQ(merit::format_diagnostic(src, d),
            "s.merit:1:10: error: unknown name 'stafff' (did you mean 'staff'?)\n"
            "let 總分 = stafff * 2\n"
            "           ^~~~~~\n");
}

TEST(DiagnosticTest, HintFollowsTheCaret) {
  merit::source_file src("s.merit", "x\n");
  merit::diagnostic d;
  d.severity = merit::severity::warning;
  d.where = {0, 0};
  d.message = "m";
  d.hint = "h";
  EXPECT_EQ(merit::format_diagnostic(src, d), "s.merit:1:1: warning: m\nx\n^\nhint: h\n");
}

TEST(DisplayWidthTest, CountsWideAsTwo) {
  EXPECT_EQ(merit::display_width("abc"), 3u);
  EXPECT_EQ(merit::display_width("一等獎"), 6u);
  EXPECT_EQ(merit::display_width("Ａ"), 2u);  // full-width A
}

}  // namespace
