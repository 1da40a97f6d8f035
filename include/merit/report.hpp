// SPDX-License-Identifier: Apache-2.0
// merit - results as text: JSON (LANGUAGE.md section 8), CSV and an aligned table
#pragma once

#include <string>

#include "merit/result.hpp"

namespace merit {

/// What to include beyond the contract's fixed keys.
struct report_options {
  bool values = false;  ///< per candidate, every `let` (needs a result evaluated with `explain`)
};

/// The result as the JSON document of LANGUAGE.md section 8: keys in the
/// order shown there, candidates in roster order, decimals as strings in
/// canonical form, ints as numbers, dates "YYYY-MM-DD", non-ASCII unescaped.
std::string to_json(const result& res, const report_options& options = {});

/// One line per candidate: id, status, score, selected, tier, rank, tie,
/// reasons and caps (each joined with "; "), then every output; RFC 4180
/// quoting; a header row first.
std::string to_csv(const result& res, const report_options& options = {});

/// A table for people: columns aligned by display width (CJK characters are
/// two columns wide) showing id, status, score, tier, rank and reasons,
/// followed by the per-stage partition summary with its warnings.
std::string to_table(const result& res, const report_options& options = {});

}  // namespace merit
