// SPDX-License-Identifier: Apache-2.0
// merit - allocation stages: entrants, partitions, sizes, filling (LANGUAGE.md section 7)
#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <numeric>
#include <span>
#include <tuple>
#include <unordered_map>

#include "alloc/allocate.hpp"
#include "eval/evaluator.hpp"

namespace merit::detail {

namespace {

/// Compares two rows on a list of input fields: numbers, dates, enum
/// indices and bools naturally; text by code point (UTF-8 byte order).
int compare_fields(const roster& rows, const std::vector<std::int32_t>& fields, std::size_t a, std::size_t b) {
  for (std::int32_t f : fields) {
    const column& c = rows.column(static_cast<std::size_t>(f));
    int r = 0;
    if (c.type == ast::type_kind::text) {
      r = c.texts[a].compare(c.texts[b]);
    } else if (c.type == ast::type_kind::decimal && c.decimal_scale < 0) {  // compact: the ints, below
      const auto o = c.decimals[a] <=> c.decimals[b];
      r = o < 0 ? -1 : o > 0 ? 1 : 0;
    } else {
      r = c.ints[a] < c.ints[b] ? -1 : c.ints[a] > c.ints[b] ? 1 : 0;
    }
    if (r != 0) return r < 0 ? -1 : 1;
  }
  return 0;
}

/// Per row of `rows`: an index of its value tuple on `fields`, equal
/// indices for equal tuples (text by its bytes, every other type by its
/// int64 form: `distinct` fields are never decimal).
std::vector<std::uint32_t> value_ids(const roster& table, const std::vector<std::int32_t>& fields,
                                     std::span<const std::uint32_t> rows) {
  std::vector<std::uint32_t> out(rows.size());
  std::unordered_map<std::string, std::uint32_t> ids;
  std::string key;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    key.clear();
    for (std::int32_t f : fields) {
      const column& c = table.column(static_cast<std::size_t>(f));
      if (c.type == ast::type_kind::text) {
        const std::string& t = c.texts[rows[j]];
        key += std::to_string(t.size());
        key += ':';
        key += t;
      } else {
        key.append(reinterpret_cast<const char*>(&c.ints[rows[j]]), sizeof(std::int64_t));
      }
    }
    out[j] = ids.emplace(key, static_cast<std::uint32_t>(ids.size())).first->second;
  }
  return out;
}

std::string stage_message(const std::string& stage, const std::string& what, const std::string& why) {
  return "stage \"" + stage + "\": " + what + ": " + why;
}

}  // namespace

void evaluator::mark_error(std::size_t r, std::string message) {
  // An error row has this one reason, and no score or caps (take_result).
  status_[r] = status::error;
  overrides_.emplace_back(r, std::move(message));
}

std::vector<std::uint32_t> evaluator::key_order() const {
  // Rows with a readable key, by the key field ascending; a row's position
  // breaks any tie the order-by keys leave.
  std::vector<std::uint32_t> rank(n_, UINT32_MAX);
  if (m_.key_field < 0) return rank;
  const std::vector<std::int32_t> key{m_.key_field};
  const column& kc = rows_.column(static_cast<std::size_t>(m_.key_field));
  std::vector<std::uint32_t> order =
      parallel_filter<std::uint32_t>(n_, opt_.threads, [&](std::size_t r) { return valid_[r] && kc.present[r]; });
  // Keys often come in ascending order already: then row order is the order.
  // The roster's builder may have found so (keys_ascend); else it is checked
  // on the threads, each over its range and the pair across its start.
  std::atomic<bool> ascending{true};
  if (!rows_.keys_ascend())
    parallel(order.size(), opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
      for (std::size_t i = std::max<std::size_t>(b, 1); i < e && ascending.load(std::memory_order_relaxed); ++i)
        if (compare_fields(rows_, key, order[i - 1], order[i]) >= 0) ascending = false;
    });
  if (!ascending && kc.type == ast::type_kind::text) {
    // Text: the first 8 bytes as a big-endian integer decide most comparisons
    // (byte order is code point order); equal prefixes compare the texts.
    struct entry {
      std::uint64_t prefix;
      std::uint32_t row;
    };
    std::vector<entry> e(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      const std::string& t = kc.texts[order[i]];
      std::uint64_t p = 0;
      for (std::size_t b = 0; b < 8; ++b)
        p = (p << 8) | (b < t.size() ? static_cast<unsigned char>(t[b]) : 0u);
      e[i] = {p, order[i]};
    }
    std::sort(e.begin(), e.end(), [&](const entry& a, const entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      const int c = kc.texts[a.row].compare(kc.texts[b.row]);
      return c != 0 ? c < 0 : a.row < b.row;
    });
    for (std::size_t i = 0; i < e.size(); ++i) order[i] = e[i].row;
  } else if (!ascending) {
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const int c = compare_fields(rows_, key, a, b);
      return c != 0 ? c < 0 : a < b;
    });
  }
  parallel(order.size(), opt_.threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t i = b; i < e; ++i) rank[order[i]] = static_cast<std::uint32_t>(i);
  });
  return rank;
}

/// One stage's entrants turned into decimals and partitions. Returns false
/// (with the rows and why in `failed`) when a row failed entering the stage
/// or a partition's sizes failed for its entrants; the caller then marks
/// them errors and runs the stages again without them.
bool evaluator::run_stage(std::size_t s, const std::vector<std::uint32_t>& key_rank,
                          std::vector<std::pair<std::size_t, std::string>>& failed) {
  const stage_code& st = plan_.stages[s];
  const std::size_t ntiers = st.tier_names.size();
  const bool honours_caps = st.source != ast::from_kind::all;

  // Partitions: the distinct `by` tuples among the valid rows, sorted.
  // part[r] is valid row r's partition; representative[p] the first row of
  // partition p.
  std::vector<std::int32_t> part(n_, -1);
  std::vector<std::size_t> representative;
  const column* by_ints = nullptr;  // a single `by` field held as ints (enum, int, bool, date)
  if (st.by.size() == 1) {
    const column& c = rows_.column(static_cast<std::size_t>(st.by[0]));
    if (c.type != ast::type_kind::text && c.type != ast::type_kind::decimal) by_ints = &c;
  }
  // A single int field over a small range of values (enums, bools, small
  // ints): a partition per value present, numbered in value order.
  bool counted = false;
  if (by_ints != nullptr) {
    const std::vector<std::int64_t>& v = by_ints->ints;
    std::int64_t lo = 0, hi = -1;  // the range of the valid rows' values
    if (by_ints->type == ast::type_kind::enum_ || by_ints->type == ast::type_kind::bool_) {
      hi = by_ints->type == ast::type_kind::bool_
               ? 1
               : static_cast<std::int64_t>(rows_.schema()[static_cast<std::size_t>(st.by[0])].members.size()) - 1;
    } else {
      std::tie(lo, hi) = parallel_min_max(
          n_, opt_.threads, [&](std::size_t r) { return valid_[r] != 0; }, [&](std::size_t r) { return v[r]; });
    }
    const std::uint64_t span = lo <= hi ? static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) : 0;
    if (lo <= hi && span < 2 * static_cast<std::uint64_t>(n_) + 1024) {
      const std::size_t values = static_cast<std::size_t>(span) + 1;
      auto value_of = [&](std::size_t r) {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(v[r]) - static_cast<std::uint64_t>(lo));
      };
      representative = parallel_partition(
          n_, opt_.threads, values, [&](std::size_t r) { return valid_[r] ? value_of(r) : values; }, part);
      counted = true;
    }
  }
  if (!counted) {
    std::vector<std::uint32_t> by_order =
        parallel_filter<std::uint32_t>(n_, opt_.threads, [&](std::size_t r) { return valid_[r] != 0; });
    if (by_ints != nullptr) {
      const std::vector<std::int64_t>& v = by_ints->ints;
      std::vector<std::pair<std::int64_t, std::uint32_t>> e(by_order.size());
      for (std::size_t i = 0; i < by_order.size(); ++i) e[i] = {v[by_order[i]], by_order[i]};
      std::sort(e.begin(), e.end());
      for (std::size_t i = 0; i < e.size(); ++i) by_order[i] = e[i].second;
    } else {
      std::stable_sort(by_order.begin(), by_order.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return compare_fields(rows_, st.by, a, b) < 0; });
    }
    for (std::size_t i = 0; i < by_order.size(); ++i) {
      if (i == 0 || (by_ints != nullptr ? by_ints->ints[by_order[i - 1]] != by_ints->ints[by_order[i]]
                                        : compare_fields(rows_, st.by, by_order[i - 1], by_order[i]) != 0))
        representative.push_back(by_order[i]);
      part[by_order[i]] = static_cast<std::int32_t>(representative.size() - 1);
    }
  }
  // Without `by` there is one partition even when no row is valid. Its sizes
  // can read no field (only `by` fields are allowed), and its aggregates are
  // whole-roster values, so they are evaluated at row 0, which need not exist.
  if (representative.empty() && st.by.empty()) representative.push_back(0);

  // Entrants, then the stage's `where`.
  // Row lists hold 32-bit rows (a roster has fewer than 2^32 rows): half
  // the memory to write and read again.
  std::vector<std::uint32_t> entrants = parallel_filter<std::uint32_t>(n_, opt_.threads, [&](std::size_t r) {
    if (!valid_[r] || status_[r] == status::error) return false;
    switch (st.source) {
      case ast::from_kind::eligible: return status_[r] == status::eligible;
      case ast::from_kind::all: return true;
      case ast::from_kind::stage: return places_[static_cast<std::size_t>(st.source_stage)][r].tier >= 0;
    }
    return false;
  });
  if (st.has_where) {
    const std::vector<row_value> keep = evaluate_code(st.where, entrants);
    std::vector<std::uint32_t> kept;
    for (std::size_t j = 0; j < entrants.size(); ++j) {
      if (!keep[j].ok) failed.emplace_back(entrants[j], stage_message(st.name, "where", keep[j].error));
      else if (keep[j].v.as_bool()) kept.push_back(entrants[j]);
    }
    entrants.swap(kept);
  }

  // Effective caps: the most restrictive tier index each entrant may get.
  std::vector<std::int32_t> cap(entrants.size(), 0);
  if (honours_caps && !st.cap_target.empty()) {
    // Entrants whose caps were not evaluated with the rows (not eligible).
    const std::vector<std::uint32_t> other_at = parallel_filter<std::uint32_t>(
        entrants.size(), opt_.threads, [&](std::size_t j) { return status_[entrants[j]] != status::eligible; });
    std::vector<std::uint32_t> others(other_at.size());
    for (std::size_t k = 0; k < other_at.size(); ++k) others[k] = entrants[other_at[k]];
    // Without a branch per cap: which caps hold is as good as random, and
    // mispredicted branches were most of this loop's time. A cap that holds
    // contributes its target (-1, a tier this stage lacks, changes nothing),
    // one that does not contributes 0; a row that is not eligible keeps 0
    // here (its caps come below).
    parallel(entrants.size(), opt_.threads,
             [&, target = st.cap_target.data(), ntargets = st.cap_target.size(), stride = ncaps_,
              truth = cap_true_.data(), state = status_.data(), rows = entrants.data(),
              out = cap.data()](std::size_t b, std::size_t e, unsigned) {
               for (std::size_t j = b; j < e; ++j) {
                 const std::uint8_t* holds = truth + rows[j] * stride;
                 std::int32_t most = 0;
                 for (std::size_t c = 0; c < ntargets; ++c)
                   most = std::max(most, target[c] & -static_cast<std::int32_t>(holds[c] != 0));
                 out[j] = most & -static_cast<std::int32_t>(state[rows[j]] == status::eligible);
               }
             });
    if (!others.empty()) {
      std::size_t c = 0;
      for (const rule_code& rc : plan_.rules) {
        if (rc.kind != ast::rule_kind::cap) continue;
        const std::vector<row_value> v = evaluate_code(rc.cond, others);
        for (std::size_t k = 0; k < others.size(); ++k) {
          if (!v[k].ok) {
            failed.emplace_back(others[k], stage_message(st.name, "cap \"" + rc.label + "\"", v[k].error));
            continue;
          }
          if (!v[k].v.as_bool()) continue;
          cap_true_[others[k] * ncaps_ + c] = 1;  // listed among its caps by take_result
          if (st.cap_target[c] >= 0) cap[other_at[k]] = std::max(cap[other_at[k]], st.cap_target[c]);
        }
        ++c;
      }
    }
  }

  // Order-by keys, as decimals (ints and dates order the same way).
  const std::size_t nkeys = st.order.size();
  // With a single key read from a column, the keys as scaled int64 when
  // every entrant's value allows (see alloc_input::scaled): entrant j's key
  // is scaled[j], or, for a column already held as int64, row_keys[entrants[j]]
  // (read in place when the partitions' inputs are made, not copied first).
  std::vector<decimal> keys;
  std::vector<std::int64_t> scaled;
  const std::int64_t* row_keys = nullptr;
  bool by_scaled = false;
  for (std::size_t k = 0; k < nkeys; ++k) {
    const code& kc = st.order[k];
    const bool plain_slot = kc.instrs.size() == 1 && kc.instrs[0].op == opcode::load_slot &&
                            plan_.slots[kc.instrs[0].imm].per_row;
    if (plain_slot) {  // e.g. `order by score desc`: read the column
      const std::int32_t sl = kc.instrs[0].imm;
      ensure(sl);
      const slot_column& col = slots_[sl];
      const std::vector<std::uint32_t> without = parallel_filter<std::uint32_t>(
          entrants.size(), opt_.threads, [&](std::size_t j) { return col.state[entrants[j]] != 0; });
      for (std::size_t j : without) {
        const std::size_t r = entrants[j];
        auto it = col.errors.find(r);
        failed.emplace_back(r, stage_message(st.name, "order by", it != col.errors.end() ? it->second : "no value"));
      }
      if (!failed.empty()) continue;
      if (nkeys == 1) {
        if (plan_.slots[sl].k == reg_kind::i || col.scale >= 0) {
          // Ints, and a compact decimal slot (one scale), order as their values.
          row_keys = col.i.data();
          by_scaled = true;
        } else {
          by_scaled = scaled_keys(col.d, entrants, scaled);
        }
        if (by_scaled) continue;
      }
      if (keys.empty()) keys.resize(entrants.size() * nkeys);
      for (std::size_t j = 0; j < entrants.size(); ++j) {
        const std::size_t r = entrants[j];
        keys[j * nkeys + k] = plan_.slots[sl].k == reg_kind::d ? col.dec(r) : decimal(col.i[r]);
      }
      continue;
    }
    if (keys.empty()) keys.resize(entrants.size() * nkeys);
    const std::vector<row_value> v = evaluate_code(kc, entrants);
    for (std::size_t j = 0; j < entrants.size(); ++j) {
      if (!v[j].ok) {
        failed.emplace_back(entrants[j], stage_message(st.name, "order by", v[j].error));
        continue;
      }
      const value& x = v[j].v;
      keys[j * nkeys + k] = x.type() == value::kind::decimal ? x.as_decimal()
                            : x.type() == value::kind::date  ? decimal(x.as_date().days)
                                                             : decimal(x.as_int());
    }
  }
  if (!failed.empty()) return false;

  // Per partition: sizes, then filling.
  // Partition p's entrants (indices into `entrants`, ascending) are
  // by_part[member_start[p]] .. by_part[member_start[p + 1] - 1].
  std::vector<std::uint32_t> by_part;
  std::vector<std::size_t> member_start;
  parallel_buckets<std::uint32_t>(
      entrants.size(), opt_.threads, representative.size(),
      [&](std::size_t j) { return static_cast<std::size_t>(part[entrants[j]]); }, by_part, member_start);
  auto members = [&](std::size_t p) {
    return std::span<const std::uint32_t>(by_part.data() + member_start[p], member_start[p + 1] - member_start[p]);
  };

  // `distinct`: each entrant's value tuple, numbered afresh per partition
  // below (allocate wants small indices).
  const std::vector<std::uint32_t> value_id =
      st.distinct.empty() ? std::vector<std::uint32_t>{} : value_ids(rows_, st.distinct, entrants);
  std::vector<std::int64_t> local_id(st.distinct.empty() ? 0 : entrants.size(), -1);

  stage_summary summary;
  summary.name = st.name;
  summary.tiers = st.tier_names;
  // Sizes first, partition by partition (they run plan code through the
  // shared context); then the filling, which partitions do independently,
  // on the evaluation's threads.
  std::vector<alloc_input> inputs(representative.size());
  std::vector<std::uint8_t> fill(representative.size(), 0);
  for (std::size_t p = 0; p < representative.size(); ++p) {
    check_budget(pass_, p, representative.size(), "partition");
    const std::size_t rep = representative[p];
    const std::span<const std::uint32_t> mine = members(p);
    partition_summary ps;
    for (std::int32_t f : st.by) ps.values.emplace_back(m_.fields[static_cast<std::size_t>(f)].name.name, field_value(f, rep));
    ps.entrants = static_cast<std::uint32_t>(mine.size());

    // Sizes are partition-level: evaluated once, at a row of the partition.
    ctx_.entrants = static_cast<std::int64_t>(mine.size());
    ctx_.quota = 0;
    std::string size_error;
    alloc_input& in = inputs[p];
    const row_value q = evaluate_at(st.quota, rep);
    if (!q.ok) {
      size_error = stage_message(st.name, "quota", q.error);
    } else {
      in.quota = q.v.as_int();
      ctx_.quota = std::max<std::int64_t>(0, in.quota);
      for (std::size_t t = 0; t < ntiers && size_error.empty(); ++t) {
        alloc_tier tier{st.tier_names[t], st.tier_rest[t], 0};
        if (!tier.rest) {
          const row_value v = evaluate_at(st.tier_sizes[t], rep);
          if (!v.ok) size_error = stage_message(st.name, "size of tier \"" + tier.name + "\"", v.error);
          else tier.size = v.v.as_int();
        }
        in.tiers.push_back(std::move(tier));
      }
    }
    if (!size_error.empty()) {
      // A size that fails is an error of every entrant of the partition.
      for (std::size_t j : mine) failed.emplace_back(entrants[j], size_error);
      if (!mine.empty()) return false;
      for (std::size_t t = 0; t < ntiers; ++t) ps.tiers.push_back({st.tier_names[t], 0, 0});
      ps.warnings.push_back(size_error);
      ps.warnings.push_back("no entrants");
      summary.partitions.push_back(std::move(ps));
      continue;
    }
    if (!st.distinct.empty()) {
      in.distinct_text = st.distinct_text;
      in.group.reserve(mine.size());
      std::uint32_t next = 0;
      for (std::size_t j : mine) {
        std::int64_t& id = local_id[value_id[j]];
        if (id < 0) id = next++;
        in.group.push_back(static_cast<std::uint32_t>(id));
      }
      for (std::size_t j : mine) local_id[value_id[j]] = -1;
    }
    fill[p] = 1;
    summary.partitions.push_back(std::move(ps));
  }

  // The filling: each partition's entrants, keys and caps, allocated, and
  // their places written (each row belongs to one partition).
  std::vector<alloc_output> outs(representative.size());
  parallel_items(representative.size(), opt_.threads, [&](std::size_t p) {
    if (!fill[p]) return;
    const std::span<const std::uint32_t> mine = members(p);
    alloc_input& in = inputs[p];
    in.descending = st.descending;
    if (by_scaled) in.scaled.reserve(mine.size());
    else in.keys.reserve(mine.size() * nkeys);
    in.key_rank.reserve(mine.size());
    if (honours_caps) in.cap.reserve(mine.size());
    for (std::size_t j : mine) {
      if (by_scaled) in.scaled.push_back(row_keys ? row_keys[entrants[j]] : scaled[j]);
      else
        for (std::size_t k = 0; k < nkeys; ++k) in.keys.push_back(keys[j * nkeys + k]);
      in.key_rank.push_back(key_rank[entrants[j]]);
      if (honours_caps) in.cap.push_back(cap[j]);
    }
    in.ties_share = st.ties_share;
    outs[p] = allocate(in);
    const alloc_output& out = outs[p];
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const std::size_t r = entrants[mine[i]];
      stage_place& place = places_[s][r];
      place.entered = true;
      place.selected = out.tier[i] >= 0;
      place.tier = out.tier[i];
      place.rank = out.rank[i];
      place.tie = out.tie[i] != 0;
      place.cap = honours_caps ? cap[mine[i]] : 0;
    }
    in = alloc_input();  // its keys are not needed any more
  });
  for (std::size_t p = 0; p < representative.size(); ++p) {
    if (!fill[p]) continue;
    partition_summary& ps = summary.partitions[p];
    const alloc_output& out = outs[p];
    ps.quota = value::of_int(out.quota);
    for (std::size_t t = 0; t < ntiers; ++t) ps.tiers.push_back({st.tier_names[t], out.size[t], out.filled[t]});
    ps.warnings = out.warnings;
  }
  res_.stages.push_back(std::move(summary));
  return true;
}

void evaluator::run_stages() {
  const std::size_t nstages = plan_.stages.size();
  if (nstages == 0) return;
  pass_ = "stage pass";
  check_budget(pass_, 0, n_);
  const std::vector<std::uint32_t> key_rank = key_order();
  std::vector<std::pair<std::size_t, std::string>> failed;
  // Each round either completes or turns at least one more row into an
  // error, so this ends after at most one round per row.
  for (;;) {
    places_.assign(nstages, {});
    for (auto& p : places_) p.resize(n_);
    res_.stages.clear();
    failed.clear();
    bool complete = true;
    for (std::size_t s = 0; s < nstages; ++s) {
      check_budget(pass_, 0, n_);
      if (!run_stage(s, key_rank, failed)) {
        complete = false;
        break;
      }
    }
    if (complete) break;
    for (auto& [r, why] : failed) mark_error(r, std::move(why));
  }
  // places_ goes into the result as it is (take_result).
}

}  // namespace merit::detail
