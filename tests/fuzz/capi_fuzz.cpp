// SPDX-License-Identifier: Apache-2.0
// merit - fuzz target: bytes drive a sequence of C ABI calls, deliberate misuse included
//
// Invariants checked besides sanitizer findings (abort on a violation):
// - every status is a documented code, and the one the header names for the
//   situation when the situation is known (NULL arguments, freed handles,
//   handles of the wrong kind: MERIT_E_MISUSE; an index past the end:
//   MERIT_E_USAGE);
// - out pointers are cleared on failure where the header says so, and
//   strings promised non-NULL are non-NULL;
// - counts agree (candidates = rows, status counts add up).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "merit/merit.h"

namespace {

[[noreturn]] void violated(const char* what, int rc) {
  std::fprintf(stderr, "fuzz_capi: invariant violated: %s (status %d: %s)\n", what, rc, merit_last_errmsg());
  std::abort();
}

bool documented(int rc) {
  if (rc >= MERIT_OK && rc <= MERIT_E_INTERNAL) return true;
#ifdef MERIT_E_BUDGET
  if (rc == MERIT_E_BUDGET) return true;
#endif
  return false;
}

// A status that is documented and never MERIT_E_INTERNAL (a bug in merit).
int check(int rc, const char* what) {
  if (!documented(rc) || rc == MERIT_E_INTERNAL) violated(what, rc);
  return rc;
}

void expect(int rc, int want, const char* what) {
  check(rc, what);
  if (rc != want) violated(what, rc);
}

struct sample {
  std::string scheme;
  std::string roster;
};

const std::vector<sample>& samples() {
  static const std::vector<sample> all = [] {
    std::vector<sample> out;
    std::vector<std::filesystem::path> dirs;
    for (const auto& e : std::filesystem::directory_iterator(MERIT_SOURCE_DIR "/examples"))
      if (e.is_directory() && std::filesystem::exists(e.path() / "scheme.merit")) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    auto slurp = [](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      return s.str();
    };
    for (const auto& d : dirs) out.push_back({slurp(d / "scheme.merit"), slurp(d / "roster.csv")});
    if (out.empty()) std::abort();
    return out;
  }();
  return all;
}

// A few values that exercise the readers' edges.
const char* const edge_cells[] = {"", "0", "-0", "1", "-1", "87.25", "1e400", "9223372036854775807",
                                  "9223372036854775808", "-9223372036854775808", "true", "false", "2024-02-29",
                                  "2023-02-30", "x", "\xff\xfe", "0.0000000000000000000000000000000001",
                                  "12345678901234567890123456789012345", "yes", "A"};

struct state {
  FuzzedDataProvider& in;
  std::vector<merit_program*> programs;  // live, some failed to compile
  std::vector<int> compiled;             // programs[i] compiled
  std::vector<merit_roster*> rosters;
  std::vector<std::size_t> roster_program;  // which program a roster was made for (index at creation; may be freed)
  std::vector<merit_result*> results;
  std::vector<void*> freed;  // addresses already freed (never dereferenced)

  bool live_anywhere(const void* p) const {
    return std::find(programs.begin(), programs.end(), p) != programs.end() ||
           std::find(rosters.begin(), rosters.end(), p) != rosters.end() ||
           std::find(results.begin(), results.end(), p) != results.end();
  }

  std::string cell() {
    if (in.ConsumeBool()) return edge_cells[in.ConsumeIntegralInRange<std::size_t>(0, std::size(edge_cells) - 1)];
    return in.ConsumeRandomLengthString(24);
  }
  std::size_t index(std::size_t n) {
    // Mostly in range, sometimes just past it or far past it.
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: return n;
      case 1: return std::numeric_limits<std::size_t>::max();
      default: return n == 0 ? 0 : in.ConsumeIntegralInRange<std::size_t>(0, n - 1);
    }
  }

  // ---- programs ------------------------------------------------------------

  void compile() {
    std::string text;
    const auto& s = samples();
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: text = in.ConsumeRandomLengthString(4096); break;
      case 1: {  // an example with a few bytes overwritten
        text = s[in.ConsumeIntegralInRange<std::size_t>(0, s.size() - 1)].scheme;
        for (int k = in.ConsumeIntegralInRange<int>(0, 4); k > 0 && !text.empty(); --k)
          text[in.ConsumeIntegralInRange<std::size_t>(0, text.size() - 1)] = in.ConsumeIntegral<char>();
        break;
      }
      default: text = s[in.ConsumeIntegralInRange<std::size_t>(0, s.size() - 1)].scheme;
    }
    merit_program* p = reinterpret_cast<merit_program*>(1);
    const bool nts = in.ConsumeBool() && text.find('\0') == std::string::npos;
    const int rc = check(merit_program_compile(&p, text.c_str(), nts ? MERIT_NTS : text.size(),
                                               in.ConsumeBool() ? nullptr : "fuzz.merit"),
                         "merit_program_compile");
    if (rc != MERIT_OK && rc != MERIT_E_COMPILE && rc != MERIT_E_NOMEM) violated("compile status", rc);
    if ((rc == MERIT_E_NOMEM) != (p == nullptr)) violated("compile out pointer", rc);
    if (!p) return;
    programs.push_back(p);
    compiled.push_back(rc == MERIT_OK);
    if (!merit_program_errmsg(p)) violated("errmsg NULL", rc);
    size_t nd = 0;
    expect(merit_program_diagnostic_count(&nd, p), MERIT_OK, "diagnostic_count");
    if (rc == MERIT_E_COMPILE && nd == 0) violated("compile error without diagnostics", rc);
    for (int k = in.ConsumeIntegralInRange<int>(0, 3); k > 0; --k) {
      const std::size_t i = index(nd);
      const merit_diagnostic* d = nullptr;
      const int drc = check(merit_program_diagnostic_get(&d, p, i), "diagnostic_get");
      if (drc != (i < nd ? MERIT_OK : MERIT_E_USAGE)) violated("diagnostic_get status", drc);
      if (drc == MERIT_OK) {
        if (!d || !d->code || !d->message || !d->hint || d->byte_end < d->byte_offset ||
            d->byte_end > text.size() + 1)
          violated("diagnostic fields", drc);
      } else if (d) {
        violated("diagnostic_get out not cleared", drc);
      }
    }
  }

  void introspect(merit_program* p, bool ok) {
    const char* name = nullptr;
    const int want = ok ? MERIT_OK : MERIT_E_MISUSE;
    expect(merit_program_name(&name, p), want, "program_name");
    if (ok && !name) violated("program name NULL", 0);
    size_t n = 0;
    const merit_input* inp = nullptr;
    const merit_param* par = nullptr;
    const merit_stage* st = nullptr;
    const char* tier = nullptr;
    expect(merit_program_input_count(&n, p), want, "input_count");
    if (ok) {
      const std::size_t i = index(n);
      expect(merit_program_input_get(&inp, p, i), i < n ? MERIT_OK : MERIT_E_USAGE, "input_get");
      if (inp) {
        size_t at = 0;
        expect(merit_program_input_find(&at, p, inp->name), MERIT_OK, "input_find");
        if (at != i) violated("input_find index", 0);
        for (size_t m = 0; m < inp->member_count; ++m)
          if (!inp->members[m]) violated("member NULL", 0);
      }
      const std::string other = in.ConsumeRandomLengthString(12);
      size_t at = 0;
      const int frc = check(merit_program_input_find(&at, p, other.c_str()), "input_find fuzzed");
      if (frc != MERIT_OK && frc != MERIT_E_USAGE) violated("input_find status", frc);
    }
    expect(merit_program_param_count(&n, p), want, "param_count");
    if (ok) {
      const std::size_t i = index(n);
      expect(merit_program_param_get(&par, p, i), i < n ? MERIT_OK : MERIT_E_USAGE, "param_get");
    }
    expect(merit_program_stage_count(&n, p), want, "stage_count");
    if (ok) {
      const std::size_t i = index(n);
      expect(merit_program_stage_get(&st, p, i), i < n ? MERIT_OK : MERIT_E_USAGE, "stage_get");
      if (st)
        for (size_t t = 0; t < st->tier_count; ++t)
          if (!st->tiers[t]) violated("stage tier NULL", 0);
    }
    expect(merit_program_tier_count(&n, p), want, "tier_count");
    if (ok) {
      const std::size_t i = index(n);
      expect(merit_program_tier_get(&tier, p, i), i < n ? MERIT_OK : MERIT_E_USAGE, "tier_get");
    }
  }

  // ---- rosters -------------------------------------------------------------

  void fill_columns(merit_roster* r, merit_program* p, std::size_t nrows) {
    size_t ni = 0;
    expect(merit_program_input_count(&ni, p), MERIT_OK, "input_count");
    for (int k = in.ConsumeIntegralInRange<int>(0, 6); k > 0; --k) {
      std::string field;
      if (ni > 0 && in.ConsumeIntegralInRange<int>(0, 7) != 0) {
        const merit_input* inp = nullptr;
        expect(merit_program_input_get(&inp, p, in.ConsumeIntegralInRange<std::size_t>(0, ni - 1)), MERIT_OK,
               "input_get");
        field = inp->name;
      } else {
        field = in.ConsumeRandomLengthString(12);
      }
      // Mostly the right length, sometimes one off.
      std::size_t n = nrows;
      if (in.ConsumeIntegralInRange<int>(0, 9) == 0) n = nrows + 1;
      std::vector<std::uint8_t> valid(n);
      for (auto& v : valid) v = in.ConsumeIntegralInRange<std::uint8_t>(0, 3) != 0;
      const std::uint8_t* vp = in.ConsumeBool() ? valid.data() : nullptr;
      int rc = MERIT_OK;
      switch (in.ConsumeIntegralInRange<int>(0, 7)) {
        case 0: {
          std::vector<std::int64_t> v(n);
          for (auto& x : v) x = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::int64_t>(-5, 200) : in.ConsumeIntegral<std::int64_t>();
          rc = merit_roster_set_ints(r, field.c_str(), v.data(), vp, n);
          break;
        }
        case 1: {
          std::vector<std::int64_t> v(n);
          for (auto& x : v) x = in.ConsumeIntegral<std::int64_t>();
          rc = merit_roster_set_decimals_scaled(r, field.c_str(), v.data(), in.ConsumeIntegralInRange<std::int32_t>(-40, 40), vp, n);
          break;
        }
        case 2: {
          std::vector<double> v(n);
          for (auto& x : v) {
            std::uint64_t bits = in.ConsumeIntegral<std::uint64_t>();
            if (in.ConsumeBool()) x = static_cast<double>(in.ConsumeIntegralInRange<int>(-100, 100)) / 4;
            else std::memcpy(&x, &bits, sizeof x);
          }
          rc = merit_roster_set_doubles(r, field.c_str(), v.data(), vp, n);
          break;
        }
        case 3: {
          std::vector<std::uint8_t> v(n);
          for (auto& x : v) x = in.ConsumeIntegralInRange<std::uint8_t>(0, 2);
          rc = merit_roster_set_bools(r, field.c_str(), v.data(), vp, n);
          break;
        }
        case 4: {
          std::vector<std::int32_t> v(n);
          for (auto& x : v) x = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::int32_t>(18000, 21000) : in.ConsumeIntegral<std::int32_t>();
          rc = merit_roster_set_dates(r, field.c_str(), v.data(), vp, n);
          break;
        }
        case 5: {
          std::vector<std::string> cells(n);
          std::vector<const char*> ptrs(n);
          for (std::size_t i = 0; i < n; ++i) {
            cells[i] = cell();
            ptrs[i] = in.ConsumeIntegralInRange<int>(0, 9) == 0 ? nullptr : cells[i].c_str();
          }
          rc = merit_roster_set_cells(r, field.c_str(), ptrs.data(), n);
          break;
        }
        case 6: {
          std::string data;
          std::vector<std::int64_t> off{0};
          for (std::size_t i = 0; i < n; ++i) {
            data += cell();
            off.push_back(static_cast<std::int64_t>(data.size()));
          }
          if (in.ConsumeIntegralInRange<int>(0, 9) == 0 && n > 0) {
            // Disorder the offsets (a start above 0, a decrease): MERIT_E_USAGE.
            // They stay inside the buffer: the library cannot know its length.
            off[in.ConsumeIntegralInRange<std::size_t>(0, n)] =
                in.ConsumeIntegralInRange<std::int64_t>(0, static_cast<std::int64_t>(data.size()));
          }
          rc = merit_roster_set_texts_utf8(r, field.c_str(), data.data(), off.data(), vp, n);
          break;
        }
        default: rc = merit_roster_set_cells(r, field.c_str(), nullptr, n); break;
      }
      check(rc, "roster setter");
      if (rc != MERIT_OK && rc != MERIT_E_USAGE && rc != MERIT_E_MISUSE && rc != MERIT_E_NOMEM)
        violated("roster setter status", rc);
    }
  }

  void fill_rows(merit_roster* r, merit_program* p) {
    size_t ni = 0;
    expect(merit_program_input_count(&ni, p), MERIT_OK, "input_count");
    for (int k = in.ConsumeIntegralInRange<int>(0, 12); k > 0; --k) {
      const bool named = in.ConsumeBool();
      std::size_t n = ni;
      if (in.ConsumeIntegralInRange<int>(0, 7) == 0) n = in.ConsumeIntegralInRange<std::size_t>(0, ni + 2);
      std::vector<std::string> names(n), cells(n);
      std::vector<const char*> np(n), cp(n);
      for (std::size_t i = 0; i < n; ++i) {
        if (i < ni && in.ConsumeIntegralInRange<int>(0, 7) != 0) {
          const merit_input* inp = nullptr;
          expect(merit_program_input_get(&inp, p, i), MERIT_OK, "input_get");
          names[i] = inp->name;
        } else {
          names[i] = in.ConsumeRandomLengthString(8);
        }
        cells[i] = cell();
        np[i] = names[i].c_str();
        cp[i] = in.ConsumeIntegralInRange<int>(0, 9) == 0 ? nullptr : cells[i].c_str();
      }
      const int rc = check(named ? merit_roster_add_row_named(r, np.data(), cp.data(), n)
                                 : merit_roster_add_row(r, cp.data(), n),
                           "add_row");
      if (rc != MERIT_OK && rc != MERIT_E_USAGE && rc != MERIT_E_MISUSE && rc != MERIT_E_NOMEM)
        violated("add_row status", rc);
    }
  }

  void make_roster() {
    if (programs.empty()) return;
    const std::size_t pi = in.ConsumeIntegralInRange<std::size_t>(0, programs.size() - 1);
    merit_program* p = programs[pi];
    merit_roster* r = reinterpret_cast<merit_roster*>(1);
    const int how = in.ConsumeIntegralInRange<int>(0, 2);
    int rc;
    if (how == 0) {
      std::string text;
      const auto& s = samples();
      if (in.ConsumeBool()) text = s[in.ConsumeIntegralInRange<std::size_t>(0, s.size() - 1)].roster;
      if (in.ConsumeBool()) text += in.ConsumeRandomLengthString(512);
      rc = check(merit_roster_read_csv_text(&r, p, text.data(), text.size(), in.ConsumeBool() ? nullptr : "f.csv"),
                 "read_csv_text");
      if (!compiled[pi] && rc != MERIT_E_MISUSE) violated("csv on failed program", rc);
      if (rc != MERIT_OK && rc != MERIT_E_DATA && rc != MERIT_E_MISUSE && rc != MERIT_E_NOMEM)
        violated("read_csv_text status", rc);
    } else {
      rc = check(merit_roster_new(&r, p), "roster_new");
      if (rc != (compiled[pi] ? MERIT_OK : MERIT_E_MISUSE)) violated("roster_new status", rc);
      if (rc == MERIT_OK) {
        if (how == 1) fill_columns(r, p, in.ConsumeIntegralInRange<std::size_t>(0, 40));
        else fill_rows(r, p);
      }
    }
    if ((rc == MERIT_OK) != (r != nullptr)) violated("roster out pointer", rc);
    if (!r) return;
    rosters.push_back(r);
    roster_program.push_back(pi);
    if (in.ConsumeBool()) {
      expect(merit_roster_finish(r), MERIT_OK, "finish");
      size_t ne = 0, nw = 0;
      expect(merit_roster_error_count(&ne, r), MERIT_OK, "error_count");
      const std::size_t i = index(ne);
      const merit_data_error* e = nullptr;
      expect(merit_roster_error_get(&e, r, i), i < ne ? MERIT_OK : MERIT_E_USAGE, "error_get");
      if (e && (!e->field || !e->message)) violated("data error strings", 0);
      expect(merit_roster_warning_count(&nw, r), MERIT_OK, "warning_count");
      const char* w = nullptr;
      const std::size_t j = index(nw);
      expect(merit_roster_warning_get(&w, r, j), j < nw ? MERIT_OK : MERIT_E_USAGE, "warning_get");
      // A finished roster takes no more values.
      const char* cells[1] = {"1"};
      expect(merit_roster_add_row(r, cells, 1), MERIT_E_MISUSE, "add_row after finish");
    }
    size_t rows = 0;
    expect(merit_roster_row_count(&rows, r), MERIT_OK, "row_count");
  }

  // ---- evaluation and results ----------------------------------------------

  void evaluate() {
    if (programs.empty() || rosters.empty()) return;
    const std::size_t pi = in.ConsumeIntegralInRange<std::size_t>(0, programs.size() - 1);
    merit_program* p = programs[pi];
    merit_roster* r = rosters[in.ConsumeIntegralInRange<std::size_t>(0, rosters.size() - 1)];
    merit_eval_options o = MERIT_EVAL_OPTIONS_INIT;
    if (in.ConsumeBool()) expect(merit_eval_options_init(&o, MERIT_EVAL_OPTIONS_VERSION), MERIT_OK, "options_init");
    o.lenient = in.ConsumeBool();
    o.explain = in.ConsumeBool();
    o.threads = in.ConsumeIntegralInRange<unsigned>(0, 2);
    std::vector<std::string> names, values;
    size_t np = 0;
    if (compiled[pi]) expect(merit_program_param_count(&np, p), MERIT_OK, "param_count");
    for (int k = in.ConsumeIntegralInRange<int>(0, 3); k > 0; --k) {
      if (np > 0 && in.ConsumeBool()) {
        const merit_param* par = nullptr;
        expect(merit_program_param_get(&par, p, in.ConsumeIntegralInRange<std::size_t>(0, np - 1)), MERIT_OK,
               "param_get");
        names.push_back(par->name);
      } else {
        names.push_back(in.ConsumeRandomLengthString(8));
      }
      values.push_back(cell());
    }
    std::vector<const char*> nn, vv;
    for (std::size_t i = 0; i < names.size(); ++i) {
      nn.push_back(names[i].c_str());
      vv.push_back(values[i].c_str());
    }
    o.param_count = nn.size();
    o.param_names = nn.data();
    o.param_values = vv.data();
    bool bad_version = false;
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
      o.version = in.ConsumeBool() ? 0u : MERIT_EVAL_OPTIONS_VERSION + 1;
      bad_version = true;
    }
#ifdef MERIT_E_BUDGET
    if (in.ConsumeIntegralInRange<int>(0, 7) == 0) o.time_limit_ms = in.ConsumeIntegralInRange<std::uint64_t>(0, 5);
#endif
    merit_result* res = reinterpret_cast<merit_result*>(1);
    const bool pass_opts = in.ConsumeIntegralInRange<int>(0, 9) != 0;
    const int rc = check(merit_program_evaluate(&res, p, r, pass_opts ? &o : nullptr), "evaluate");
    if (!compiled[pi] && rc != MERIT_E_MISUSE) violated("evaluate on failed program", rc);
    // A bad options version is misuse (so is a roster of another schema).
    if (bad_version && pass_opts && rc != MERIT_E_MISUSE) violated("evaluate with a bad options version", rc);
    const bool handle_back = rc == MERIT_OK || rc == MERIT_E_DATA;
    if (handle_back != (res != nullptr)) violated("evaluate out pointer", rc);
    if (!res) return;
    results.push_back(res);
    probe(res);
  }

  void probe(merit_result* res) {
    size_t n = 0, sum = 0, k = 0;
    expect(merit_result_candidate_count(&n, res), MERIT_OK, "candidate_count");
    for (int st = 0; st <= 3; ++st) {
      expect(merit_result_count_status(&k, res, st), MERIT_OK, "count_status");
      sum += k;
    }
    if (sum != n) violated("status counts", 0);
    expect(merit_result_count_status(&k, res, in.ConsumeBool() ? 4 : -1), MERIT_E_USAGE, "count_status bad");
    size_t no = 0, ns = 0, nw = 0;
    expect(merit_result_output_count(&no, res), MERIT_OK, "output_count");
    expect(merit_result_stage_count(&ns, res), MERIT_OK, "stage_count");
    expect(merit_result_warning_count(&nw, res), MERIT_OK, "warning_count");
    const char* s = nullptr;
    std::size_t x = index(no);
    expect(merit_result_output_name(&s, res, x), x < no ? MERIT_OK : MERIT_E_USAGE, "output_name");
    x = index(ns);
    expect(merit_result_stage_name(&s, res, x), x < ns ? MERIT_OK : MERIT_E_USAGE, "stage_name");
    x = index(nw);
    expect(merit_result_warning_get(&s, res, x), x < nw ? MERIT_OK : MERIT_E_USAGE, "warning_get");
    for (int rep = in.ConsumeIntegralInRange<int>(0, 4); rep > 0; --rep) {
      const std::size_t i = index(n);
      const int want = i < n ? MERIT_OK : MERIT_E_USAGE;
      int iv = 0;
      std::int64_t lv = 0;
      expect(merit_result_get_id(&s, res, i), want, "get_id");
      expect(merit_result_get_status(&iv, res, i), want, "get_status");
      expect(merit_result_get_score(&s, res, i), want, "get_score");
      expect(merit_result_get_selected(&iv, res, i), want, "get_selected");
      expect(merit_result_get_tier(&s, res, i), want, "get_tier");
      expect(merit_result_get_rank(&lv, res, i), want, "get_rank");
      expect(merit_result_get_tie(&iv, res, i), want, "get_tie");
      size_t nr = 0, nc = 0;
      expect(merit_result_reason_count(&nr, res, i), want, "reason_count");
      expect(merit_result_cap_count(&nc, res, i), want, "cap_count");
      if (i < n) {
        std::size_t j = index(nr);
        expect(merit_result_reason_get(&s, res, i, j), j < nr ? MERIT_OK : MERIT_E_USAGE, "reason_get");
        if (j < nr && !s) violated("reason NULL", 0);
        j = index(nc);
        expect(merit_result_cap_get(&s, res, i, j), j < nc ? MERIT_OK : MERIT_E_USAGE, "cap_get");
        j = index(no);
        expect(merit_result_get_output(&s, res, i, j), j < no ? MERIT_OK : MERIT_E_USAGE, "get_output");
        j = index(ns);
        const int sw = j < ns ? MERIT_OK : MERIT_E_USAGE;
        expect(merit_result_get_stage_entered(&iv, res, i, j), sw, "stage_entered");
        expect(merit_result_get_stage_selected(&iv, res, i, j), sw, "stage_selected");
        expect(merit_result_get_stage_tier(&s, res, i, j), sw, "stage_tier");
        expect(merit_result_get_stage_rank(&lv, res, i, j), sw, "stage_rank");
        expect(merit_result_get_stage_tie(&iv, res, i, j), sw, "stage_tie");
      } else {
        expect(merit_result_reason_get(&s, res, i, 0), MERIT_E_USAGE, "reason_get bad row");
        expect(merit_result_get_stage_tie(&iv, res, i, 0), MERIT_E_USAGE, "stage_tie bad row");
      }
    }
    // Bulk readers.
    {
      const std::size_t first = in.ConsumeIntegralInRange<std::size_t>(0, n + 1);
      std::size_t cnt = in.ConsumeIntegralInRange<std::size_t>(0, n + 1);
      if (in.ConsumeIntegralInRange<int>(0, 15) == 0) cnt = std::numeric_limits<std::size_t>::max();
      const bool fits = first <= n && cnt <= n - first;
      const std::size_t m = fits ? cnt : 0;
      std::vector<std::int8_t> st(m);
      std::vector<std::uint8_t> sel(m), tie(m);
      std::vector<std::int32_t> tier(m);
      std::vector<std::int64_t> rank(m);
      expect(merit_result_read_candidates(in.ConsumeBool() ? st.data() : nullptr, sel.data(), tier.data(),
                                          in.ConsumeBool() ? rank.data() : nullptr, tie.data(), res, first,
                                          cnt),
             fits ? MERIT_OK : MERIT_E_USAGE, "read_candidates");
      const char* data = nullptr;
      const std::int64_t* off = nullptr;
      const std::uint8_t* valid = nullptr;
      const int col = in.ConsumeIntegralInRange<int>(-1, 4);
      const bool col_ok = col >= 0 && static_cast<std::size_t>(col) < MERIT_TEXT_OUTPUT + no;
      expect(merit_result_read_texts(&data, &off, &valid, res, col), col_ok ? MERIT_OK : MERIT_E_USAGE,
             "read_texts");
      if (col_ok && (!data || !off || !valid || off[0] != 0)) violated("read_texts arrays", 0);
      size_t total = 0;
      const std::int64_t* counts = nullptr;
      const int list = in.ConsumeIntegralInRange<int>(-1, 2);
      expect(merit_result_read_lists(&data, &total, &counts, res, list),
             list == 0 || list == 1 ? MERIT_OK : MERIT_E_USAGE, "read_lists");
    }
    if (in.ConsumeBool()) {
      const unsigned flags = in.ConsumeIntegralInRange<unsigned>(0, 2);
      const int rc = check(merit_result_json(&s, res, flags), "json");
      if (flags == 2 && rc != MERIT_E_USAGE) violated("json unknown flag", rc);
      if (rc == MERIT_OK && !s) violated("json NULL", rc);
      if (rc != MERIT_OK && rc != MERIT_E_USAGE) violated("json status", rc);
    }
    if (in.ConsumeBool()) {
      std::string id;
      const char* real = nullptr;
      if (n > 0 && in.ConsumeBool()) {
        expect(merit_result_get_id(&real, res, in.ConsumeIntegralInRange<std::size_t>(0, n - 1)), MERIT_OK,
               "get_id");
      }
      id = real ? real : in.ConsumeRandomLengthString(10);
      const int rc = check(merit_result_explain(&s, res, id.c_str()), "explain");
      bool budget = false;
#ifdef MERIT_E_BUDGET
      budget = rc == MERIT_E_BUDGET;  // explain may evaluate again, under the same time limit
#endif
      if (real && rc != MERIT_OK && !budget) violated("explain of a real id", rc);
      if (rc != MERIT_OK && rc != MERIT_E_USAGE && rc != MERIT_E_NOMEM && !budget) violated("explain status", rc);
    }
  }

  // ---- frees and misuse ----------------------------------------------------

  void free_one() {
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0:
        if (!programs.empty()) {
          const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, programs.size() - 1);
          merit_program_free(programs[i]);
          freed.push_back(programs[i]);
          programs.erase(programs.begin() + static_cast<std::ptrdiff_t>(i));
          compiled.erase(compiled.begin() + static_cast<std::ptrdiff_t>(i));
          // roster_program indices may now be stale; they are only a hint.
        }
        break;
      case 1:
        if (!rosters.empty()) {
          const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, rosters.size() - 1);
          merit_roster_free(rosters[i]);
          freed.push_back(rosters[i]);
          rosters.erase(rosters.begin() + static_cast<std::ptrdiff_t>(i));
          roster_program.erase(roster_program.begin() + static_cast<std::ptrdiff_t>(i));
        }
        break;
      default:
        if (!results.empty()) {
          const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, results.size() - 1);
          merit_result_free(results[i]);
          freed.push_back(results[i]);
          results.erase(results.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
  }

  // A pointer that is not a live handle of the kind asked for: NULL, a freed
  // handle, or a live handle of another kind.
  template <class T>
  T* foreign() {
    std::vector<void*> pool;
    pool.push_back(nullptr);
    for (void* f : freed)
      if (!live_anywhere(f)) pool.push_back(f);
    if constexpr (!std::is_same_v<T, merit_program>)
      for (auto* p : programs) pool.push_back(p);
    if constexpr (!std::is_same_v<T, merit_roster>)
      for (auto* p : rosters) pool.push_back(p);
    if constexpr (!std::is_same_v<T, merit_result>)
      for (auto* p : results) pool.push_back(p);
    return static_cast<T*>(pool[in.ConsumeIntegralInRange<std::size_t>(0, pool.size() - 1)]);
  }

  void misuse() {
    size_t n = 0;
    const char* s = nullptr;
    int iv = 0;
    switch (in.ConsumeIntegralInRange<int>(0, 11)) {
      case 0: {
        merit_program* bad = foreign<merit_program>();
        expect(merit_program_input_count(&n, bad), MERIT_E_MISUSE, "input_count on a foreign handle");
        if (!merit_program_errmsg(bad)) violated("errmsg of a foreign handle", 0);
        merit_program_free(bad);  // double free or wrong kind: reported, not a crash
        break;
      }
      case 1: {
        merit_roster* bad = foreign<merit_roster>();
        expect(merit_roster_row_count(&n, bad), MERIT_E_MISUSE, "row_count on a foreign handle");
        const char* cells[1] = {"1"};
        expect(merit_roster_add_row(bad, cells, 1), MERIT_E_MISUSE, "add_row on a foreign handle");
        expect(merit_roster_finish(bad), MERIT_E_MISUSE, "finish on a foreign handle");
        merit_roster_free(bad);
        break;
      }
      case 2: {
        merit_result* bad = foreign<merit_result>();
        expect(merit_result_candidate_count(&n, bad), MERIT_E_MISUSE, "candidate_count on a foreign handle");
        expect(merit_result_json(&s, bad, 0), MERIT_E_MISUSE, "json on a foreign handle");
        expect(merit_result_explain(&s, bad, "x"), MERIT_E_MISUSE, "explain on a foreign handle");
        merit_result_free(bad);
        break;
      }
      case 3:
        if (!results.empty()) {
          merit_result* r = results[in.ConsumeIntegralInRange<std::size_t>(0, results.size() - 1)];
          expect(merit_result_get_status(nullptr, r, 0), MERIT_E_MISUSE, "get_status NULL out");
          expect(merit_result_explain(&s, r, nullptr), MERIT_E_MISUSE, "explain NULL id");
          expect(merit_result_json(nullptr, r, 0), MERIT_E_MISUSE, "json NULL out");
        }
        break;
      case 4:
        expect(merit_program_compile(nullptr, "scheme \"x\" {}", MERIT_NTS, nullptr), MERIT_E_MISUSE,
               "compile NULL out");
        {
          merit_program* p = reinterpret_cast<merit_program*>(1);
          expect(merit_program_compile(&p, nullptr, 3, nullptr), MERIT_E_MISUSE, "compile NULL text");
          if (p) violated("compile NULL text out", 0);
        }
        break;
      case 5:
        if (!programs.empty()) {
          merit_program* p = programs[in.ConsumeIntegralInRange<std::size_t>(0, programs.size() - 1)];
          merit_roster* r = nullptr;
          expect(merit_roster_read_csv_text(&r, p, nullptr, 3, nullptr), MERIT_E_MISUSE, "csv NULL text");
          expect(merit_roster_new(nullptr, p), MERIT_E_MISUSE, "roster_new NULL out");
          expect(merit_program_input_find(&n, p, nullptr), MERIT_E_MISUSE, "input_find NULL name");
        }
        break;
      case 6:
        if (!rosters.empty()) {
          merit_roster* r = rosters[in.ConsumeIntegralInRange<std::size_t>(0, rosters.size() - 1)];
          const int rc = check(merit_roster_set_ints(r, nullptr, nullptr, nullptr, 0), "set_ints NULL field");
          if (rc != MERIT_E_MISUSE) violated("set_ints NULL field status", rc);
          const int rc2 = check(merit_roster_add_row_named(r, nullptr, nullptr, 1), "add_row_named NULLs");
          if (rc2 != MERIT_E_MISUSE) violated("add_row_named NULL status", rc2);
        }
        break;
      case 7: {
        merit_result* out = reinterpret_cast<merit_result*>(1);
        merit_program* p = programs.empty() ? nullptr : programs[0];
        merit_roster* r = rosters.empty() ? nullptr : rosters[0];
        if (!p || !r) {
          expect(merit_program_evaluate(&out, p, r, nullptr), MERIT_E_MISUSE, "evaluate NULL handle");
          if (out) violated("evaluate misuse out", 0);
        }
        expect(merit_program_evaluate(nullptr, p, r, nullptr), MERIT_E_MISUSE, "evaluate NULL out");
        break;
      }
      case 8: {
        merit_eval_options o;
        expect(merit_eval_options_init(&o, 0), MERIT_E_MISUSE, "options_init version 0");
        expect(merit_eval_options_init(&o, MERIT_EVAL_OPTIONS_VERSION + 1), MERIT_E_MISUSE, "options_init future");
        expect(merit_eval_options_init(nullptr, MERIT_EVAL_OPTIONS_VERSION), MERIT_E_MISUSE, "options_init NULL");
        break;
      }
      case 9:
        if (!std::strlen(merit_errstr(in.ConsumeIntegral<int>()))) violated("errstr empty", 0);
        if (!merit_last_errmsg()) violated("last_errmsg NULL", 0);
        break;
      case 10:
        if (!results.empty()) {
          merit_result* r = results[in.ConsumeIntegralInRange<std::size_t>(0, results.size() - 1)];
          const char* d = nullptr;
          const std::int64_t* off = nullptr;
          expect(merit_result_read_texts(&d, &off, nullptr, r, 0), MERIT_E_MISUSE, "read_texts NULL valid");
          expect(merit_result_read_lists(nullptr, &n, nullptr, r, 0), MERIT_E_MISUSE, "read_lists NULL");
          expect(merit_result_get_tie(nullptr, r, 0), MERIT_E_MISUSE, "get_tie NULL out");
          (void)iv;
        }
        break;
      default:
        if (!programs.empty()) {
          const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, programs.size() - 1);
          introspect(programs[i], compiled[i] != 0);
        }
    }
  }

  void release_all() {
    // Frees in an order still driven by the input (the provider yields zeros
    // once it is empty): results, rosters and programs interleaved.
    while (!programs.empty() || !rosters.empty() || !results.empty()) {
      const std::size_t before = programs.size() + rosters.size() + results.size();
      free_one();
      if (programs.size() + rosters.size() + results.size() == before) {
        if (!programs.empty()) {
          merit_program_free(programs.back());
          programs.pop_back();
          compiled.pop_back();
        } else if (!rosters.empty()) {
          merit_roster_free(rosters.back());
          rosters.pop_back();
          roster_program.pop_back();
        } else {
          merit_result_free(results.back());
          results.pop_back();
        }
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  state st{in, {}, {}, {}, {}, {}, {}};
  for (int step = 0; step < 48 && in.remaining_bytes() > 0; ++step) {
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
      case 0:
      case 1: st.compile(); break;
      case 2:
      case 3: st.make_roster(); break;
      case 4:
      case 5: st.evaluate(); break;
      case 6:
        if (!st.results.empty()) st.probe(st.results[in.ConsumeIntegralInRange<std::size_t>(0, st.results.size() - 1)]);
        break;
      case 7: st.free_one(); break;
      default: st.misuse(); break;
    }
  }
  st.release_all();
  return 0;
}
