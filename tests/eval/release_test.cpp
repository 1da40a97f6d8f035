// SPDX-License-Identifier: Apache-2.0
// merit - columns released after the row pass (evaluator::release_spent_slots)
//
// Without explain, the evaluator frees the lets and aggregates that nothing
// after the row pass reads. A slot freed too early would throw (the
// evaluator refuses to read a released slot) or change a result, so the
// results are checked by hand and against an explaining run, which
// releases nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval_support.hpp"
#include "merit/evaluate.hpp"
#include "merit/result.hpp"

namespace {

using merit::test::compile_ok;
using merit::test::lenient;
using merit::test::make_roster;

// `total` is computed for the veto and the score, and read again by the
// output, which is computed after the stages; `rank_desc(a)` is used by the
// cap, which the second stage evaluates again for t, an entrant that is not
// eligible (it drew from a stage that drew from all).
constexpr const char* scheme = R"(scheme "t"
input {
  id: text key
  a: int
  b: int
}
let total = a + b
veto "low": total < 3
cap "top a": rank_desc(a) <= 1 => "silver"
score = total * 2
select "first" {
  from all
  order by score desc
  quota 4
  tier "gold" = 1
  tier "silver" = rest
}
select "second" {
  from "first"
  order by a desc
  quota 2
  tier "gold" = 1
  tier "silver" = rest
}
output thrice = total * 3
)";

// One line per candidate: status, score, then per stage the tier name or
// "-", the caps, and the output.
std::string outline(const merit::result& r) {
  std::string out;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const merit::candidate c = r.candidates[i];
    out += c.id.to_string() + " " + std::string(merit::to_string(c.status)) + " " + c.score.to_string();
    for (std::size_t s = 0; s < c.stages.size(); ++s) {
      const merit::stage_place& p = c.stages[s];
      out += " " + (p.selected ? r.stages[s].tiers[static_cast<std::size_t>(p.tier)] : std::string("-"));
    }
    for (const std::string& cap : c.caps) out += " [" + cap + "]";
    out += " " + c.outputs.at(0).to_string() + "\n";
  }
  return out;
}

TEST(ReleaseTest, StagesAndCapsReadWhatTheyNeedAfterTheRowPass) {
  const merit::program p = compile_ok(scheme);
  const merit::roster rows = make_roster(p, {{"p", "9", "1"}, {"q", "5", "-4"}, {"r", "7", "2"}, {"s", "3", "5"},
                                             {"t", "1", "1"}});
  // By hand: totals 10, 1, 9, 8, 2 (q and t vetoed); scores 20, 2, 18, 16, 4.
  // rank_desc(a): p 1 (capped to silver), r 2, q 3, s 4, t 5.
  // first (from all, caps ignored), by score: p gold; r, s, t silver.
  // second (from first: p, r, s, t), by a: p 9, r 7, s 3, t 1; p may not
  // have gold, so r takes it and p the one silver place. thrice: 3 * total.
  const std::string want =
      "p eligible 20 gold silver [top a] 30\n"
      "q vetoed null - - 3\n"
      "r eligible 18 silver gold 27\n"
      "s eligible 16 silver - 24\n"
      "t vetoed null silver - 6\n";
  for (const unsigned threads : {1u, 2u}) {
    merit::eval_options plain = lenient(false), explained = lenient(true);
    plain.threads = explained.threads = threads;
    const merit::result r = merit::evaluate(p, rows, plain);
    EXPECT_EQ(outline(r), want) << threads << " thread(s)";
    EXPECT_EQ(outline(merit::evaluate(p, rows, explained)), want) << threads << " thread(s), explaining";
  }
}

}  // namespace
