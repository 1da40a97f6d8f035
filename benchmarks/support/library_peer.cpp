// SPDX-License-Identifier: Apache-2.0
// merit - a hand-written peer for the library service-star scheme
#include "library_peer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

namespace merit::peer {

namespace {

// Hundredths from "12", "12.5" or "12.25"; false on anything else.
bool parse_hundredths(std::string_view s, std::int32_t& out) {
  if (s.empty()) return false;
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || i > 8) return false;
    whole = whole * 10 + (s[i] - '0');
  }
  std::int64_t frac = 0;
  if (i < s.size()) {
    const std::size_t digits = s.size() - i - 1;
    if (digits == 0 || digits > 2) return false;
    for (std::size_t k = i + 1; k < s.size(); ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      frac = frac * 10 + (s[k] - '0');
    }
    if (digits == 1) frac *= 10;
  }
  out = static_cast<std::int32_t>(whole * 100 + frac);
  return true;
}

bool parse_int(std::string_view s, std::int32_t& out) {
  if (s.empty() || s.size() > 9) return false;
  std::int32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

constexpr std::array<std::string_view, 13> header = {
    "id", "group", "director", "committee", "heads", "staff", "last_prize", "absent_days",
    "personal_leave_days", "lapses", "grid_score", "bonus", "complaints"};

// Rank descending with ties sharing the better rank, by counting: values lie
// in [0, limit].
void rank_desc(const std::vector<std::int32_t>& v, std::int32_t limit, std::vector<std::uint32_t>& rank) {
  std::vector<std::uint32_t> greater(static_cast<std::size_t>(limit) + 2, 0);
  for (std::int32_t x : v) ++greater[static_cast<std::size_t>(x)];
  // greater[x] := number of values strictly above x
  std::uint32_t above = 0;
  for (std::int64_t x = limit; x >= 0; --x) {
    const std::uint32_t here = greater[static_cast<std::size_t>(x)];
    greater[static_cast<std::size_t>(x)] = above;
    above += here;
  }
  rank.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) rank[i] = 1 + greater[static_cast<std::size_t>(v[i])];
}

}  // namespace

bool read_library_csv(std::string_view csv, library_roster& out, std::string& error) {
  out = library_roster{};
  std::size_t pos = 0;
  std::uint32_t line = 0;
  std::array<std::string_view, 13> cells;
  const auto next_record = [&]() -> int {  // 1 read, 0 end, -1 bad
    if (pos >= csv.size()) return 0;
    ++line;
    std::size_t end = csv.find('\n', pos);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view rec = csv.substr(pos, end - pos);
    pos = end + 1;
    if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
    std::size_t n = 0, start = 0;
    for (std::size_t i = 0; i <= rec.size(); ++i) {
      if (i == rec.size() || rec[i] == ',') {
        if (n == cells.size()) return -1;
        cells[n++] = rec.substr(start, i - start);
        start = i + 1;
      } else if (rec[i] == '"') {
        return -1;  // generated rosters never quote
      }
    }
    return n == cells.size() ? 1 : -1;
  };
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  if (next_record() != 1 || !std::equal(cells.begin(), cells.end(), header.begin())) {
    error = "line 1: not library.merit's header";
    return false;
  }
  const std::size_t estimate = csv.size() / 64;
  for (auto* c : {&out.director, &out.committee, &out.heads, &out.staff, &out.absent_days, &out.leave_days,
                  &out.grid, &out.bonus, &out.last_prize, &out.lapses, &out.complaints}) {
    c->reserve(estimate);
  }
  out.group.reserve(estimate);
  out.id_end.reserve(estimate);
  out.ids.reserve(estimate * 9);
  for (;;) {
    const int r = next_record();
    if (r == 0) break;
    if (r < 0) {
      error = "line " + std::to_string(line) + ": not 13 plain cells";
      return false;
    }
    if (!out.id_end.empty() && !(out.id(out.id_end.size() - 1) < cells[0])) out.ids_ascending = false;
    out.ids.append(cells[0]);
    out.id_end.push_back(static_cast<std::uint32_t>(out.ids.size()));
    if (cells[1] == "正式館員") out.group.push_back(0);
    else if (cells[1] == "合同制館員") out.group.push_back(1);
    else {
      error = "line " + std::to_string(line) + ": unknown group";
      return false;
    }
    std::int32_t v[11];
    const bool ok = parse_hundredths(cells[2], v[0]) && parse_hundredths(cells[3], v[1]) &&
                    parse_hundredths(cells[4], v[2]) && parse_hundredths(cells[5], v[3]) &&
                    parse_int(cells[6], v[4]) && parse_hundredths(cells[7], v[5]) &&
                    parse_hundredths(cells[8], v[6]) && parse_int(cells[9], v[7]) &&
                    parse_hundredths(cells[10], v[8]) && parse_hundredths(cells[11], v[9]) &&
                    parse_int(cells[12], v[10]);
    if (!ok || v[0] > 10000 || v[1] > 10000 || v[2] > 10000 || v[3] > 10000 || v[4] > 3 || v[7] > 100000 ||
        v[8] > 10000 || v[9] > 1000) {
      error = "line " + std::to_string(line) + ": a value outside what the peer handles";
      return false;
    }
    out.director.push_back(v[0]);
    out.committee.push_back(v[1]);
    out.heads.push_back(v[2]);
    out.staff.push_back(v[3]);
    out.last_prize.push_back(v[4]);
    out.absent_days.push_back(v[5]);
    out.leave_days.push_back(v[6]);
    out.lapses.push_back(v[7]);
    out.grid.push_back(v[8]);
    out.bonus.push_back(v[9]);
    out.complaints.push_back(v[10]);
  }
  return true;
}

void evaluate_library(const library_roster& r, library_result& out) {
  const std::size_t n = r.size();
  out.vetoed.assign(n, 0);
  out.score.assign(n, 0);
  out.caps.assign(n, 0);
  out.tier.assign(n, -1);
  out.rank.assign(n, 0);
  out.tie.assign(n, 0);

  std::vector<std::uint32_t> lapse_rank, grid_rank;
  rank_desc(r.lapses, 100000, lapse_rank);
  rank_desc(r.grid, 10000, grid_rank);

  static constexpr std::int64_t carry[4] = {0, 10000, 8000, 5000};
  std::int64_t group_rows[2] = {0, 0};
  std::vector<std::uint8_t> best(n, 0);  // best tier allowed; 3 = none
  for (std::size_t i = 0; i < n; ++i) {
    ++group_rows[r.group[i]];
    // hundredths × whole percents = ten-thousandths
    out.score[i] = 20 * std::int64_t{r.director[i]} + 20 * std::int64_t{r.committee[i]} +
                   20 * std::int64_t{r.heads[i]} + 40 * std::int64_t{r.staff[i]} - carry[r.last_prize[i]] +
                   100 * std::int64_t{r.bonus[i]};
    out.vetoed[i] = r.complaints[i] > 0;
    std::uint8_t caps = 0, b = 0;
    if (r.absent_days[i] >= 100) caps |= cap_absent, b = std::max<std::uint8_t>(b, 1);
    if (r.leave_days[i] >= 200) caps |= cap_leave, b = std::max<std::uint8_t>(b, 2);
    // rank <= 20% * n  ⇔  5 * rank <= n;  rank > 50% * n  ⇔  2 * rank > n
    if (r.lapses[i] > 0 && 5 * std::uint64_t{lapse_rank[i]} <= n) caps |= cap_lapses, b = 3;
    if (2 * std::uint64_t{grid_rank[i]} > n) caps |= cap_grid, b = 3;
    if (!out.vetoed[i]) out.caps[i] = caps;
    best[i] = b;
  }

  std::vector<std::uint32_t> order;
  for (std::uint8_t g = 0; g < 2; ++g) {
    order.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (r.group[i] == g && !out.vetoed[i]) order.push_back(static_cast<std::uint32_t>(i));
    }
    // Equal scores go by id; when the ids were read in ascending order (as
    // gen_roster.py writes them) row order is id order, and comparing row
    // numbers saves a string comparison on each of the many equal scores.
    if (r.ids_ascending) {
      std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return out.score[a] != out.score[b] ? out.score[a] > out.score[b] : a < b;
      });
    } else {
      std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (out.score[a] != out.score[b]) return out.score[a] > out.score[b];
        return r.id(a) < r.id(b);
      });
    }
    // round_half_up(40% * rows) = floor((4 * rows + 5) / 10), and likewise.
    const std::int64_t quota = (4 * group_rows[g] + 5) / 10;
    const std::int64_t first = (15 * quota + 50) / 100;
    const std::int64_t second = (35 * quota + 50) / 100;
    const std::int64_t sizes[3] = {first, second, std::max<std::int64_t>(0, quota - first - second)};
    out.quota[g] = quota;
    std::copy(sizes, sizes + 3, out.size[g]);
    for (std::size_t k = 0; k < order.size(); ++k) out.rank[order[k]] = static_cast<std::uint32_t>(k + 1);
    for (int t = 0; t < 3; ++t) {
      std::int64_t taken = 0;
      for (std::size_t k = 0; k < order.size() && taken < sizes[t]; ++k) {
        const std::uint32_t e = order[k];
        if (out.tier[e] < 0 && best[e] <= t) {
          out.tier[e] = static_cast<std::int8_t>(t);
          ++taken;
        }
      }
    }
    // Tie: an equal score with the same cap ended in another tier. Per run of
    // equal scores, the set of tiers (bit tier + 1) reached by each cap value,
    // so the run is walked twice instead of compared pairwise (runs hold
    // hundreds of rows at 10^6).
    for (std::size_t k = 0; k < order.size();) {
      std::size_t j = k + 1;
      while (j < order.size() && out.score[order[j]] == out.score[order[k]]) ++j;
      std::uint8_t tiers_by_cap[4] = {0, 0, 0, 0};
      for (std::size_t a = k; a < j; ++a) tiers_by_cap[best[order[a]]] |= 1u << (out.tier[order[a]] + 1);
      for (std::size_t a = k; a < j; ++a) {
        const std::uint8_t own = 1u << (out.tier[order[a]] + 1);
        if ((tiers_by_cap[best[order[a]]] & ~own) != 0) out.tie[order[a]] = 1;
      }
      k = j;
    }
  }
}

std::string score_text(std::int64_t score) {
  const bool neg = score < 0;
  const std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(score) : static_cast<std::uint64_t>(score);
  std::string s = std::to_string(mag / 10000);
  std::uint64_t frac = mag % 10000;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 4 - f.size(), '0');
    while (f.back() == '0') f.pop_back();
    s += '.' + f;
  }
  return neg && mag != 0 ? '-' + s : s;
}

}  // namespace merit::peer
