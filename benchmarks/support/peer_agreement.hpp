// SPDX-License-Identifier: Apache-2.0
// merit - does merit's result for library.merit agree with the hand-written peer?
#pragma once

#include <cstddef>
#include <string>

#include "library_peer.hpp"
#include "merit/result.hpp"

namespace merit::peer {

/// What a comparison found: how many candidates differ and the first few
/// differences, one per line, naming the candidate and the item.
struct agreement {
  std::size_t compared = 0;
  std::size_t mismatches = 0;
  bool stages_compared = false;  ///< merit's result had stages, so selected/tier/rank/tie were compared
  std::string details;           ///< the first differences, one per line
  bool ok() const noexcept { return mismatches == 0 && compared > 0; }
};

/// Compares every candidate: id, status (vetoed or eligible), score and caps
/// (eligible candidates); and, when `res.stages` is not empty, selected,
/// tier, rank and tie. `res` must come from library.merit over the same
/// roster the peer read.
agreement compare_with_peer(const merit::result& res, const library_roster& roster, const library_result& peer);

}  // namespace merit::peer
