// SPDX-License-Identifier: Apache-2.0
// merit - does merit's result for library.merit agree with the hand-written peer?
#include "peer_agreement.hpp"

#include <array>
#include <string_view>

namespace merit::peer {

namespace {

constexpr std::array<std::string_view, 3> tier_names = {"一等獎", "二等獎", "三等獎"};
constexpr std::array<std::string_view, 4> cap_labels = {"曠工1天及以上", "事假2天及以上", "考勤累積居前20%",
                                                        "網格化考核居后50%"};

}  // namespace

agreement compare_with_peer(const merit::result& res, const library_roster& roster, const library_result& peer) {
  agreement a;
  a.stages_compared = !res.stages.empty();
  constexpr std::size_t max_details = 10;
  const auto differ = [&](std::size_t row, std::string_view what, const std::string& merit_says,
                          const std::string& peer_says) {
    if (++a.mismatches <= max_details) {
      a.details += "row " + std::to_string(row) + " [" + std::string(roster.id(row)) + "] " + std::string(what) +
                   ": merit " + merit_says + ", peer " + peer_says + "\n";
    }
  };
  if (res.candidates.size() != roster.size()) {
    differ(0, "candidate count", std::to_string(res.candidates.size()), std::to_string(roster.size()));
    return a;
  }
  for (std::size_t i = 0; i < roster.size(); ++i) {
    const merit::candidate& c = res.candidates[i];
    const std::size_t before = a.mismatches;
    ++a.compared;
    if (c.id.is_null() || c.id.to_string() != roster.id(i)) {
      differ(i, "id", c.id.to_string(), std::string(roster.id(i)));
    }
    const merit::status want = peer.vetoed[i] ? merit::status::vetoed : merit::status::eligible;
    if (c.status != want) {
      differ(i, "status", std::string(to_string(c.status)), std::string(to_string(want)));
      continue;
    }
    if (want == merit::status::eligible) {
      const std::string score = c.score.to_string();
      const std::string peer_score = score_text(peer.score[i]);
      if (score != peer_score) differ(i, "score", score, peer_score);
      std::string caps, peer_caps;
      for (const auto& l : c.caps) {
        if (!caps.empty()) caps += '|';
        caps += l;
      }
      for (std::size_t b = 0; b < cap_labels.size(); ++b) {
        if ((peer.caps[i] & (1u << b)) == 0) continue;
        if (!peer_caps.empty()) peer_caps += '|';
        peer_caps += cap_labels[b];
      }
      if (caps != peer_caps) differ(i, "caps", "'" + caps + "'", "'" + peer_caps + "'");
    }
    if (a.stages_compared) {
      const bool peer_selected = peer.tier[i] >= 0;
      if (c.selected != peer_selected) {
        differ(i, "selected", c.selected ? "true" : "false", peer_selected ? "true" : "false");
      }
      const std::string tier = c.tier.is_null() ? "null" : c.tier.to_string();
      const std::string peer_tier = peer_selected ? std::string(tier_names[static_cast<std::size_t>(peer.tier[i])]) : "null";
      if (tier != peer_tier) differ(i, "tier", tier, peer_tier);
      const std::string rank = c.rank.is_null() ? "null" : c.rank.to_string();
      const std::string peer_rank = peer.rank[i] == 0 ? "null" : std::to_string(peer.rank[i]);
      if (rank != peer_rank) differ(i, "rank", rank, peer_rank);
      if (c.tie != (peer.tie[i] != 0)) differ(i, "tie", c.tie ? "true" : "false", peer.tie[i] ? "true" : "false");
    }
    if (a.mismatches > before) {
      // Count candidates, not items: differ() counted each item.
      a.mismatches = before + 1;
    }
  }
  return a;
}

}  // namespace merit::peer
