// SPDX-License-Identifier: Apache-2.0
// merit - filling one partition of one stage (LANGUAGE.md section 7)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "merit/decimal.hpp"

namespace merit::detail {

/// One tier as the stage declares it, with its size already evaluated for
/// the partition (before negative sizes become 0). `rest` ignores `size`.
struct alloc_tier {
  std::string name;
  bool rest = false;
  std::int64_t size = 0;
};

/// One partition's entrants, ready to be ordered and placed.
///
/// Entrant i's order-by key values are keys[i * descending.size() + k]
/// (ints and dates are given as decimals: ordering is all that matters).
/// key_rank[i] is the entrant's position in the order of the key field
/// (ascending, ints numerically, text by code point), distinct per entrant:
/// it breaks any tie the keys leave. cap[i] is the index of the best tier
/// the entrant may receive (0: any; tiers.size(): none); empty means no
/// entrant is capped.
///
/// With a single key, `scaled` may replace `keys` (which may then be empty):
/// scaled[i] is entrant i's key value times 10^k, for one k common to all
/// entrants, and an exact integer. Ordering and equality are the same.
struct alloc_input {
  std::vector<decimal> keys;
  std::vector<std::int64_t> scaled;
  std::vector<bool> descending;
  std::vector<std::uint32_t> key_rank;
  std::vector<std::int32_t> cap;
  std::int64_t quota = 0;  ///< as evaluated, possibly negative
  std::vector<alloc_tier> tiers;  ///< best first, never empty
  bool ties_share = false;
  /// `distinct` (docs/language.md section 15): group[i] is entrant i's value
  /// of the distinct fields as an index below the number of entrants;
  /// empty without the clause. distinct_text names the fields in warnings.
  std::vector<std::uint32_t> group;
  std::string distinct_text;

  std::size_t size() const noexcept { return key_rank.size(); }
};

/// What the filling decided.
struct alloc_output {
  std::vector<std::uint32_t> rank;  ///< per entrant: 1-based position in the stage's order
  std::vector<std::int32_t> tier;   ///< per entrant: tier index, or -1 when not placed
  std::vector<std::uint8_t> tie;    ///< per entrant: the tie flag of LANGUAGE.md section 7
  std::int64_t quota = 0;           ///< after a negative quota became 0
  std::vector<std::int64_t> size;   ///< per tier, after negatives became 0 and `rest` was worked out
  std::vector<std::int64_t> filled; ///< per tier: entrants placed (above `size` after ties share)
  std::vector<std::string> warnings;
};

/// Orders the entrants (one sort), fixes the sizes, fills the tiers best
/// first honouring caps, `ties share` and `distinct` (a spread pass, then a
/// relaxation pass for the places still empty), and sets the tie flags. Every
/// adjustment is reported as a warning. Never throws on odd sizes; throws
/// std::invalid_argument when the input's vectors disagree in length.
alloc_output allocate(const alloc_input& in);

}  // namespace merit::detail
