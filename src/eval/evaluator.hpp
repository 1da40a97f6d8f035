// SPDX-License-Identifier: Apache-2.0
// merit - one evaluation of a program over a roster (all its mutable state)
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/scaled.hpp"
#include "eval/plan.hpp"
#include "eval/vm.hpp"
#include "eval/workers.hpp"
#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/result.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// Calls f(begin, end, thread) over contiguous, batch-aligned ranges of
/// [0, n) on up to `threads` threads (range 0 on the calling thread, the
/// others on the process's workers, see run_on_workers). Exceptions are
/// rethrown once every range has run.
template <class F>
void parallel(std::size_t n, unsigned threads, F&& f) {
  const std::size_t batches = (n + batch_size - 1) / batch_size;
  const std::size_t t = std::max<std::size_t>(1, std::min<std::size_t>(threads, batches));
  if (t <= 1) {
    f(std::size_t{0}, n, 0u);
    return;
  }
  const std::size_t per = (batches + t - 1) / t * batch_size;
  std::vector<std::exception_ptr> errors(t);
  auto range = [&](unsigned i) {
    const std::size_t b = i * per, e = std::min(n, b + per);
    if (b >= e) return;
    try {
      f(b, e, i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  run_on_workers(static_cast<unsigned>(t), range);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Calls f(i) for every i in [0, n) on up to `threads` threads, each item on
/// one thread, items taken in turn (for a few large items, such as the
/// partitions of a stage). Exceptions are rethrown once every item has run.
template <class F>
void parallel_items(std::size_t n, unsigned threads, F&& f) {
  const std::size_t t = std::min<std::size_t>(std::max(1u, threads), n);
  if (t <= 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(t);
  auto items = [&](unsigned w) {
    try {
      for (std::size_t i = next++; i < n; i = next++) f(i);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  run_on_workers(static_cast<unsigned>(t), items);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// The indices r in [0, n) with keep(r), ascending, found on up to
/// `threads` threads (each lists its own range; the lists are joined in
/// order). Each list is reserved for its whole range up front: pages of
/// the reserve that no kept index reaches are never touched, while growing
/// by doubling would copy the list about once more and touch fresh memory
/// each time.
template <class Index, class F>
std::vector<Index> parallel_filter(std::size_t n, unsigned threads, F&& keep) {
  std::vector<std::vector<Index>> lists(std::max(1u, threads));
  parallel(n, threads, [&](std::size_t b, std::size_t e, unsigned t) {
    std::vector<Index>& out = lists[t];
    out.reserve(e - b);
    for (std::size_t r = b; r < e; ++r)
      if (keep(r)) out.push_back(static_cast<Index>(r));
  });
  if (lists.size() == 1) return std::move(lists[0]);
  std::size_t total = 0;
  for (const auto& l : lists) total += l.size();
  std::vector<Index> all;
  all.reserve(total);
  for (const auto& l : lists) all.insert(all.end(), l.begin(), l.end());
  return all;
}

/// A vector of `cells` cells per thread, starting at `init`: each thread
/// runs f(i, cells) over its range of [0, n) in a vector of its own (small
/// vectors of different threads, written at every item, would share cache
/// lines), handed over at the end; one vector per range, ranges ascending
/// (a thread with no range gets `init` throughout). On up to `threads`
/// threads while all the vectors hold no more cells than about the items,
/// else on one. Calling parallel() again with the same n and as many
/// threads as vectors gives each vector's thread the same range.
template <class T, class F>
std::vector<std::vector<T>> per_thread_cells(std::size_t n, unsigned threads, std::size_t cells, const T& init,
                                             F&& f) {
  threads = std::max(1u, threads);
  const unsigned t = cells * threads <= 2 * n + 4096 ? threads : 1u;
  std::vector<std::vector<T>> out(t);
  parallel(n, t, [&](std::size_t b, std::size_t e, unsigned th) {
    std::vector<T> c(cells, init);
    for (std::size_t i = b; i < e; ++i) f(i, c);
    out[th] = std::move(c);
  });
  for (auto& c : out)
    if (c.empty()) c.assign(cells, init);
  return out;
}

/// Counts in `cells` cells: add(i, counts) adds item i's counts, for every
/// i in [0, n), on the threads as per_thread_cells runs them, added up after.
template <class F>
std::vector<std::int64_t> parallel_counts(std::size_t n, unsigned threads, std::size_t cells, F&& add) {
  std::vector<std::vector<std::int64_t>> counts = per_thread_cells(n, threads, cells, std::int64_t{0}, add);
  for (std::size_t th = 1; th < counts.size(); ++th)
    for (std::size_t i = 0; i < cells; ++i) counts[0][i] += counts[th][i];
  return std::move(counts[0]);
}

/// The least and greatest get(i) over the items i in [0, n) with keep(i),
/// on up to `threads` threads; {0, -1} (lo > hi) when no item is kept.
template <class Keep, class Get>
std::pair<std::int64_t, std::int64_t> parallel_min_max(std::size_t n, unsigned threads, Keep&& keep, Get&& get) {
  const unsigned nt = std::max(1u, threads);
  std::vector<std::int64_t> lo_t(nt, std::numeric_limits<std::int64_t>::max());
  std::vector<std::int64_t> hi_t(nt, std::numeric_limits<std::int64_t>::min());
  parallel(n, nt, [&](std::size_t b, std::size_t e, unsigned t) {
    std::int64_t lo = lo_t[t], hi = hi_t[t];  // locals: the threads' entries share a cache line
    for (std::size_t i = b; i < e; ++i) {
      if (!keep(i)) continue;
      const std::int64_t v = get(i);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    lo_t[t] = lo;
    hi_t[t] = hi;
  });
  const std::int64_t lo = *std::min_element(lo_t.begin(), lo_t.end());
  const std::int64_t hi = *std::max_element(hi_t.begin(), hi_t.end());
  if (lo > hi) return {0, -1};
  return {lo, hi};
}

/// For the items i in [0, n) whose value(i) is in [0, values) (`values`
/// leaves i out): each value's first item, or `no_item` when no item has it. On
/// up to `threads` threads, each marking the first of each value in its
/// range, when their marks hold no more cells than about the items (else on
/// one thread).
inline constexpr std::size_t no_item = std::numeric_limits<std::size_t>::max();
template <class F>
std::vector<std::size_t> parallel_first(std::size_t n, unsigned threads, std::size_t values, F&& value) {
  const std::vector<std::vector<std::size_t>> first =
      per_thread_cells(n, threads, values, no_item, [&](std::size_t i, std::vector<std::size_t>& f) {
        const std::size_t v = value(i);
        if (v != values && f[v] == no_item) f[v] = i;
      });
  // The ranges ascend: the first to see a value saw its first item.
  std::vector<std::size_t> out(values, no_item);
  for (std::size_t v = 0; v < values; ++v)
    for (const auto& f : first)
      if (f[v] != no_item) {
        out[v] = f[v];
        break;
      }
  return out;
}

/// Partitions of the items i in [0, n) by value(i) in [0, values) (`values`
/// leaves i in none), one per value present, numbered in value order:
/// part[i] becomes item i's partition (unchanged for an item in none). Returns
/// each partition's first item. On up to `threads` threads (parallel_first,
/// then the numbers written by range).
template <class F>
std::vector<std::size_t> parallel_partition(std::size_t n, unsigned threads, std::size_t values, F&& value,
                                            std::vector<std::int32_t>& part) {
  const std::vector<std::size_t> first = parallel_first(n, threads, values, value);
  std::vector<std::size_t> firsts;
  std::vector<std::int32_t> id(values, -1);
  for (std::size_t v = 0; v < values; ++v) {
    if (first[v] == no_item) continue;
    id[v] = static_cast<std::int32_t>(firsts.size());
    firsts.push_back(first[v]);
  }
  parallel(n, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t v = value(i);
      if (v != values) part[i] = id[v];
    }
  });
  return firsts;
}

/// A stable counting sort of [0, n) into `buckets` buckets: bucket(i) is
/// item i's bucket, or `buckets` to leave it out. Afterwards the items of
/// bucket b, ascending, are out[start[b]] .. out[start[b + 1] - 1]. On up to
/// `threads` threads, when their counts hold no more cells than about the
/// items (else on one): each counts its own range, then writes it after the
/// ranges before it (parallel splits the same n the same way both times).
template <class Index, class F>
void parallel_buckets(std::size_t n, unsigned threads, std::size_t buckets, F&& bucket, std::vector<Index>& out,
                      std::vector<std::size_t>& start) {
  // Each thread counts, then places, through a vector of its own.
  std::vector<std::vector<std::size_t>> at = per_thread_cells(
      n, threads, buckets + 1, std::size_t{0}, [&](std::size_t i, std::vector<std::size_t>& c) { ++c[bucket(i)]; });
  const auto t = static_cast<unsigned>(at.size());
  // at[th][b] becomes where thread th writes its first item of bucket b.
  start.assign(buckets + 1, 0);
  std::size_t total = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    start[b] = total;
    for (unsigned th = 0; th < t; ++th) total += std::exchange(at[th][b], total);
  }
  start[buckets] = total;
  out.resize(total);
  parallel(n, t, [&](std::size_t b, std::size_t e, unsigned th) {
    std::vector<std::size_t> next = std::move(at[th]);
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t k = bucket(i);
      if (k != buckets) out[next[k]++] = static_cast<Index>(i);
    }
  });
}

/// keys[j] = d[rows[j]] * 10^k for one k <= 9 common to all, when every
/// value is an integer at that scale that fits int64 (the usual case:
/// scores with a few decimals); false otherwise. Exact, so the keys order
/// and compare equal as the decimals do.
template <class Index>
bool scaled_keys(const std::vector<decimal>& d, const std::vector<Index>& rows, std::vector<std::int64_t>& keys) {
  constexpr int most = 9;
  int k = 0;
  keys.resize(rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j) {
    std::int64_t c = 0;
    std::int32_t e = 0;
    if (!d[rows[j]].to_scaled(c, e)) return false;
    if (scaled_at(c, e, k, keys[j])) continue;
    // Not an integer at this scale (or too large): a larger scale for every
    // key, the ones done so far rescaled exactly.
    int k2 = k + 1;
    std::int64_t v = 0;
    while (k2 <= most && !scaled_at(c, e, k2, v)) ++k2;
    if (k2 > most) return false;
    const std::int64_t f = pow10_i64[k2 - k];
    for (std::size_t i = 0; i < j; ++i)
      if (__builtin_mul_overflow(keys[i], f, &keys[i])) return false;
    keys[j] = v;
    k = k2;
  }
  return true;
}

/// The value of a slot or expression for one row: a value, or why not.
struct row_value {
  bool ok = false;
  merit::value v;
  std::string error;
};

/// Runs the passes of LANGUAGE.md section 6 (validation, aggregates, rows,
/// outputs). Owns every piece of scratch state, so evaluations of one
/// program never share anything mutable.
///
/// Allocation stages hook in between `run_rows()` and `run_outputs()`: they
/// need per row the status, the score, the cap rules' outcomes (`cap_true`),
/// and row-level expressions (`evaluate_code`, for `where` and `order by`
/// keys compiled with the same plan).
///
/// The passes keep what each row gets in flat arrays (statuses, cap flags,
/// stage places, reasons as notes); `take_result` turns them into the
/// result's candidate_table in bulk.
class evaluator {
 public:
  evaluator(const program& prog, const roster& rows, const eval_options& options);

  /// All passes; the result as lenient mode reports it (the caller throws
  /// in strict mode).
  merit::result run();

  // Pieces, in order (run() calls them).
  void run_validation();
  void run_rows();
  /// Allocation stages (LANGUAGE.md section 7), in source order; rows that
  /// fail while entering a stage become errors and the stages run again
  /// without them.
  void run_stages();
  /// Frees the columns of slots computed so far that no later pass reads
  /// (lets and aggregates the rules and the score used up): at 10^7 rows
  /// each is up to 90 MB still held while the stages allocate theirs. Not
  /// when explaining, which reads every let afterwards.
  void release_spent_slots();
  void run_outputs();
  merit::result take_result();

  const plan& the_plan() const noexcept { return plan_; }
  /// Slot `s` for row `r` (computing it when needed).
  row_value slot_value(std::int32_t s, std::size_t r);
  /// The value param `q` has in this evaluation.
  merit::value param_value(std::int32_t q) const;
  /// A field's value at row `r` (null when missing).
  merit::value field_value(std::int32_t f, std::size_t r) const;
  /// Evaluates `c` (compiled into this plan) for `rows`, in any order.
  std::vector<row_value> evaluate_code(const code& c, std::span<const std::uint32_t> rows);
  /// evaluate_code for one row.
  row_value evaluate_at(const code& c, std::size_t r);
  /// Per row and cap rule (source order among caps): the cap is true, at
  /// index row * cap_count() + cap.
  const std::vector<std::uint8_t>& cap_true() const noexcept { return cap_true_; }
  std::size_t cap_count() const noexcept { return ncaps_; }
  /// The text naming row `r` in messages: its id, else its CSV line, else its row number.
  std::string row_label(std::size_t r) const;
  /// Throws budget_error when the time limit has passed, or when another
  /// thread of this evaluation already found it passed. `where` names the
  /// pass; `at` of `of` rows (or partitions) tells how far it got. Cheap:
  /// one clock read, called once per batch.
  void check_budget(const char* where, std::size_t at, std::size_t of, const char* unit = "row") const;

 private:
  const program& prog_;
  const model& m_;
  const roster& rows_;
  eval_options opt_;
  const plan& plan_;  // built once, at compile time, and shared by every evaluation
  param_values params_;
  std::vector<slot_column> slots_;
  std::vector<std::uint8_t> in_progress_;
  std::vector<std::uint8_t> clean_, checked_, valid_;  // read cleanly; and passed the row checks; and all checks
  std::vector<std::uint8_t> complete_;  // per field: no row lacks a value (context::complete)
  std::vector<std::int32_t> whole_part_;  // see whole_part
  bool checked_fixed_ = false, valid_fixed_ = false;
  std::size_t n_ = 0;
  context ctx_;
  merit::result res_;
  std::vector<merit::status> status_;  // each candidate's status
  // A reason for a row: a rule's label (label >= 0, index into plan_.rules)
  // or a message. Kept in pass order; take_result orders them by row.
  struct note {
    std::uint32_t row = 0;
    std::int32_t rule = -1;
    std::string message;
  };
  std::vector<note> notes_;
  std::vector<std::unique_ptr<scratch>> scratch_;  // per thread, see scratch_for
  std::vector<std::vector<note>> thread_notes_;  // per thread of a parallel pass, appended to notes_ after it
  std::vector<std::pair<std::size_t, std::string>> overrides_;  // rows whose reasons are replaced (mark_error)
  std::vector<outcome> rules_out_;            // [row * rules + j], explain only
  std::vector<std::string> rule_errors_out_;  // [row * rules + j], explain only
  std::vector<value> outputs_out_;            // [row * outputs + o]
  std::vector<std::uint8_t> cap_true_;  // [row * ncaps_ + cap]
  std::size_t ncaps_ = 0;
  std::vector<std::vector<stage_place>> places_;   // [stage][row], moved into the result at the end
  // The time budget: no deadline when !budgeted_; over_ tells the other
  // threads that one of them found it passed.
  bool budgeted_ = false;
  std::chrono::steady_clock::time_point start_, deadline_;
  mutable std::atomic<bool> over_{false};
  const char* pass_ = "validation";

  bool run_stage(std::size_t s, const std::vector<std::uint32_t>& key_rank,
                 std::vector<std::pair<std::size_t, std::string>>& failed);
  std::vector<std::uint32_t> key_order() const;
  void mark_error(std::size_t r, std::string message);
  /// Notes of a parallel pass, per thread, appended in thread order (each
  /// thread's rows come after the previous thread's).
  void gather_notes();
  /// The registers of thread `thread` of a parallel pass (thread 0 outside
  /// one), made on first use and kept for the evaluation: every code run
  /// writes its registers before reading them.
  scratch& scratch_for(unsigned thread);

  void parse_params();
  /// Runs the checks with (group) or without aggregates over `domain`,
  /// marking the rows that fail in `failed`.
  void run_checks(bool group, const std::vector<std::uint8_t>& domain, std::vector<std::uint8_t>& failed);
  void ensure(std::int32_t s);
  /// An aggregate over the whole roster's partitions: 0 for a row that read
  /// cleanly, -1 for one that did not. Made once (clean_ is fixed by then)
  /// and shared by every such aggregate.
  const std::vector<std::int32_t>& whole_part();
  void compute_slot(std::int32_t s);
  /// Column `col` sized for `n` rows of code `c`'s results (compact when
  /// `c` runs on scaled registers); `store` puts batch row k's result at row
  /// r (a compact value that leaves int64 goes to `wide`); `finish_column`
  /// widens the column when `wide` holds any (one list per thread).
  void start_column(slot_column& col, const code& c, std::size_t n) const;
  static void store(slot_column& col, const code& c, const scratch& sc, std::uint16_t k, std::size_t r,
                    std::vector<std::pair<std::size_t, decimal>>& wide);
  /// The batch's results of `c` as the column holds them (int64, at the
  /// column's scale when compact) when every row of `sel` has one that fits:
  /// none failed and none left int64. Null otherwise (then `store` each).
  static const std::int64_t* plain_ints(const slot_column& col, const code& c, const scratch& sc,
                                        const std::vector<std::uint16_t>& sel);
  static void finish_column(slot_column& col, std::vector<std::vector<std::pair<std::size_t, decimal>>>& wide);
  void compute_aggregate(std::int32_t s);
  merit::value column_value(const slot_column& col, std::int32_t s, std::size_t r) const;
  merit::value typed(reg_kind k, ast::type_kind t, const std::vector<std::string>& members, std::int64_t i,
                     const decimal* d, std::string_view text) const;
};

}  // namespace merit::detail
