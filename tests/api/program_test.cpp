// SPDX-License-Identifier: Apache-2.0
// merit - compile() and the program's introspection
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "merit/program.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every ```merit block of the language contract, as written there.
std::vector<std::string> contract_examples() {
  const std::string doc = slurp(std::string(MERIT_SHARED_DIR) + "/design/LANGUAGE.md");
  std::vector<std::string> out;
  const std::string open = "```merit\n", close = "\n```";
  for (std::size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at)) {
    at += open.size();
    const std::size_t end = doc.find(close, at);
    out.push_back(doc.substr(at, end - at + 1));
    at = end;
  }
  return out;
}

std::string render(const merit::compile_result& r) {
  std::string s;
  for (const auto& d : r.diagnostics) s += merit::format_diagnostic(r.source, d);
  return s;
}

// Every ```merit block of the project's language reference, fences at any
// indentation (the extensions' examples sit in list items), each line
// stripped of its fence's indentation.
std::vector<std::string> reference_examples() {
  std::istringstream doc(slurp(std::string(MERIT_SOURCE_DIR) + "/docs/language.md"));
  std::vector<std::string> out;
  std::string line, block;
  std::size_t indent = std::string::npos;  // npos: outside a block
  while (std::getline(doc, line)) {
    const std::size_t first = line.find_first_not_of(' ');
    const std::string_view text = first == std::string::npos ? "" : std::string_view(line).substr(first);
    if (indent == std::string::npos) {
      if (text == "```merit") {
        indent = first;
        block.clear();
      }
    } else if (text == "```") {
      out.push_back(block);
      indent = std::string::npos;
    } else {
      block += (line.size() >= indent ? line.substr(indent) : std::string()) + "\n";
    }
  }
  return out;
}

TEST(ProgramTest, EveryContractExampleCompiles) {
  const auto examples = contract_examples();
  ASSERT_EQ(examples.size(), 2u);  // LANGUAGE.md has two ```merit blocks
  for (const auto& text : examples) {
    const auto r = merit::compile(text, "LANGUAGE.md");
    EXPECT_TRUE(r.ok()) << render(r);
    EXPECT_TRUE(r.diagnostics.empty()) << render(r);
  }
}

TEST(ProgramTest, EveryReferenceExampleCompiles) {
  // docs/language.md promises that each of its ```merit blocks compiles:
  // the two whole programs and the extensions' examples (section 15).
  const auto examples = reference_examples();
  ASSERT_GE(examples.size(), 3u);
  for (const auto& text : examples) {
    const auto r = merit::compile(text, "language.md");
    EXPECT_TRUE(r.ok()) << text << render(r);
    EXPECT_TRUE(r.diagnostics.empty()) << render(r);
  }
}

TEST(ProgramTest, IntrospectsTheLibraryScheme) {
  const auto r = merit::compile(slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"),
                                "library.merit");
  ASSERT_TRUE(r.ok()) << render(r);
  const merit::program& p = *r.program;
  EXPECT_EQ(p.scheme_name(), "館務服務之星");
  const auto in = p.inputs();
  ASSERT_EQ(in.size(), 13u);
  // Read off library.merit's input block by hand.
  EXPECT_EQ(in[0].name, "id");
  EXPECT_TRUE(in[0].key);
  EXPECT_EQ(in[0].type, merit::ast::type_kind::text);
  EXPECT_EQ(in[1].name, "group");
  EXPECT_EQ(in[1].type, merit::ast::type_kind::enum_);
  EXPECT_EQ(in[1].members, (std::vector<std::string>{"正式館員", "合同制館員"}));
  EXPECT_EQ(in[2].name, "director");
  EXPECT_EQ(in[2].type, merit::ast::type_kind::decimal);
  EXPECT_EQ(in[2].lo, "0");
  EXPECT_EQ(in[2].hi, "100");
  EXPECT_FALSE(in[2].default_value.has_value());
  EXPECT_EQ(in[6].name, "last_prize");
  EXPECT_EQ(in[6].type, merit::ast::type_kind::int_);
  EXPECT_EQ(in[6].hi, "3");
  EXPECT_EQ(in[6].default_value, "0");
  EXPECT_FALSE(in[6].key);
  EXPECT_TRUE(p.params().empty());
  const auto stages = p.stages();
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].name, "年度服務之星");
  EXPECT_EQ(stages[0].by, (std::vector<std::string>{"group"}));
  EXPECT_EQ(stages[0].from, "eligible");
  EXPECT_FALSE(stages[0].ties_share);
  ASSERT_EQ(stages[0].tiers.size(), 3u);
  EXPECT_EQ(stages[0].tiers[2].name, "三等獎");
  EXPECT_TRUE(stages[0].tiers[2].rest);
  EXPECT_EQ(p.tiers(), (std::vector<std::string>{"一等獎", "二等獎", "三等獎"}));
}

TEST(ProgramTest, IntrospectsParamsAndChainedStages) {
  const auto examples = contract_examples();
  ASSERT_EQ(examples.size(), 2u);
  const auto r = merit::compile(examples[1], "scheme12.merit");
  ASSERT_TRUE(r.ok()) << render(r);
  const auto params = r.program->params();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].name, "年度");
  EXPECT_EQ(params[0].type, merit::ast::type_kind::int_);
  EXPECT_EQ(params[0].default_value, "2023");
  const auto stages = r.program->stages();
  ASSERT_EQ(stages.size(), 2u);
  // "初選" has no tiers: one tier named after the stage.
  ASSERT_EQ(stages[0].tiers.size(), 1u);
  EXPECT_EQ(stages[0].tiers[0].name, "初選");
  EXPECT_EQ(stages[1].from, "初選");
  EXPECT_TRUE(stages[1].by.empty());
  const auto in = r.program->inputs();
  EXPECT_TRUE(in[3].optional);  // 銷售額
  EXPECT_EQ(in[4].default_value, "false");  // 外語會話
}

TEST(ProgramTest, ErrorsComeBackSortedWithPositions) {
  const auto r = merit::compile("scheme \"s\"\ninput {\n  id: text key\n}\nlet a = zz\nlet b = yy\n", "t.merit");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 2u) << render(r);
  EXPECT_EQ(r.diagnostics[0].loc.line, 5u);
  EXPECT_EQ(r.diagnostics[0].loc.column, 9u);
  EXPECT_EQ(r.diagnostics[1].loc.line, 6u);
}

}  // namespace
