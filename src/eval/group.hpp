// SPDX-License-Identifier: Apache-2.0
// merit - candidates built from the roster's rows (`candidates by`, docs/language.md section 15)
#pragma once

#include <cstddef>
#include <vector>

#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// The candidates of a scheme with `candidates by`, as a roster of their own.
struct grouped {
  roster candidates;                   ///< one row per candidate, the key first (the scheme's fields)
  std::vector<std::size_t> first_row;  ///< per candidate: the roster row where its rows begin
};

/// Groups `rows` (read with `prog.inputs()`) into the candidates of `prog`,
/// which declares `candidates by`, in the order their first rows come. A
/// candidate's key and carried fields come from its rows, its computed
/// fields from the rows' program. Nothing is dropped: a row with a data
/// error, rows that give a carried field different values, a carried field
/// that no row gives (and that has no default and is not optional), or a
/// computed field that fails, make the candidate a data error whose message
/// names the CSV line; a row whose key does not read is a candidate of its
/// own, without id. Candidate i's line is its first row's. Throws what
/// `evaluate` throws for params and the time limit.
grouped group_rows(const program& prog, const roster& rows, const eval_options& options);

}  // namespace merit::detail
