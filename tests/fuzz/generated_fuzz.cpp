// SPDX-License-Identifier: Apache-2.0
// merit - fuzz target: valid schemes built from the fuzzer's bytes, evaluated over rosters built from them too
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/roster.hpp"

namespace {

// Reads choices from the fuzzer's bytes; zeros once they run out.
class bytes {
 public:
  bytes(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  unsigned pick(unsigned n) { return n == 0 ? 0 : (i_ < n_ ? d_[i_++] : 0) % n; }
  bool left() const { return i_ < n_; }

 private:
  const std::uint8_t* d_;
  std::size_t n_, i_ = 0;
};

// Fields: id text key, i0 i1 int, d0 d1 decimal, b0 bool, e0 enum, t0 date, o0 optional decimal.
class generator {
 public:
  explicit generator(bytes& in) : in_(in) {}

  std::string scheme() {
    std::string s = "scheme \"fuzz\"\n";
    s += "input {\n  id: text key\n  i0: int in [-1000, 1000] = 0\n  i1: int\n  d0: decimal in [-100, 100]\n"
         "  d1: decimal = 1.5\n  b0: bool = false\n  e0: enum(\"a\", \"b\", \"c\")\n  t0: date\n"
         "  o0: decimal optional\n}\n";
    const unsigned lets = in_.pick(4);
    for (unsigned k = 0; k < lets; ++k) {
      const bool is_bool = in_.pick(3) == 0;
      s += "let l" + std::to_string(k) + " = " + (is_bool ? boolean(3) : num(3, nullptr)) + "\n";
      let_bool_.push_back(is_bool);
    }
    s += "score = " + num(3, nullptr) + "\n";
    for (unsigned k = in_.pick(3); k > 0; --k) s += "require " + boolean(3) + "\n";
    for (unsigned k = in_.pick(3); k > 0; --k) s += "veto " + boolean(3) + "\n";
    if (in_.pick(2)) s += "when " + boolean(2) + " {\n  require " + boolean(2) + "\n  veto " + boolean(2) + "\n}\n";
    // The stage is decided first: a cap may name only a tier that exists.
    const bool stage = in_.pick(2) != 0;
    for (unsigned k = in_.pick(3); k > 0; --k) {
      s += "cap " + boolean(3) + " => " + (stage && in_.pick(2) ? "\"T2\"" : "none") + "\n";
    }
    if (stage) {
      s += "select \"S\"";
      if (in_.pick(2)) s += " by e0";
      s += " {\n  from ";
      s += in_.pick(2) ? "eligible" : "all";
      s += "\n  order by score desc";
      if (in_.pick(2)) s += ", i0 asc";
      s += "\n  quota " + std::to_string(in_.pick(6)) + "\n  tier \"T1\" = " + std::to_string(in_.pick(3)) +
           "\n  tier \"T2\" = rest\n";
      if (in_.pick(2)) s += "  ties share\n";
      if (in_.pick(2)) s += in_.pick(2) ? "  distinct b0\n" : "  distinct t0, b0\n";  // an extension
      s += "}\n";
    }
    for (unsigned k = in_.pick(3); k > 0; --k) s += "output out" + std::to_string(k) + " = " + num(3, nullptr) + "\n";
    return s;
  }

  // A numeric expression; *is_int tells whether it is int-typed.
  std::string num(int depth, bool* is_int, bool in_agg = false) {
    bool dummy;
    bool& isi = is_int ? *is_int : dummy;
    const unsigned choice = depth <= 0 ? in_.pick(5) : in_.pick(17);
    switch (choice) {
      case 0: {
        isi = true;
        static const char* ints[] = {"0", "1", "-1", "7", "100", "9223372036854775807", "1000000000000"};
        return ints[in_.pick(7)];
      }
      case 1: {
        isi = false;
        static const char* decs[] = {"0.5", "-0.5", "2.25", "0.001", "1.000000000000000000000000000000001",
                                     "99999999999999999999999999999999.99", "12.5%", "40%"};
        return decs[in_.pick(8)];
      }
      case 2: isi = true; return in_.pick(2) ? "i0" : "i1";
      case 3: isi = false; return in_.pick(2) ? "d0" : "d1";
      case 4: {
        for (std::size_t k = 0; k < let_bool_.size(); ++k) {
          if (!let_bool_[k] && !in_agg && in_.pick(2)) {
            isi = false;
            return "(l" + std::to_string(k) + " + 0.0)";
          }
        }
        isi = true;
        return "i0";
      }
      case 5: case 6: case 7: {
        bool a, b;
        std::string x = num(depth - 1, &a, in_agg), y = num(depth - 1, &b, in_agg);
        static const char* ops[] = {" + ", " - ", " * "};
        isi = a && b;
        return "(" + x + ops[choice - 5] + y + ")";
      }
      case 8: isi = false; return "(" + num(depth - 1, nullptr, in_agg) + " / " + num(depth - 1, nullptr, in_agg) + ")";
      case 9: {
        static const char* fns[] = {"round_half_up", "round_half_even", "floor", "ceil", "truncate"};
        const char* f = fns[in_.pick(5)];
        bool a;
        std::string x = num(depth - 1, &a, in_agg);
        if (in_.pick(2)) {
          isi = true;
          return std::string(f) + "(" + x + ")";
        }
        isi = a;
        return std::string(f) + "(" + x + ", " + std::to_string(static_cast<int>(in_.pick(7)) - 3) + ")";
      }
      case 10: {
        bool a, b;
        std::string x = num(depth - 1, &a, in_agg), y = num(depth - 1, &b, in_agg);
        isi = a && b;
        return std::string(in_.pick(2) ? "least(" : "greatest(") + x + ", " + y + ")";
      }
      case 11: {
        bool a;
        std::string x = num(depth - 1, &a, in_agg);
        isi = a;
        return "abs(" + x + ")";
      }
      case 12: {
        bool a, b;
        std::string c = boolean(depth - 1, in_agg);
        std::string x = num(depth - 1, &a, in_agg), y = num(depth - 1, &b, in_agg);
        isi = a && b;
        return "(if " + c + " then " + x + " else " + y + ")";
      }
      case 13: {
        bool a, b, c;
        std::string x = num(depth - 1, &a, in_agg), y = num(depth - 1, &b, in_agg), z = num(depth - 1, &c, in_agg);
        isi = a && b && c;
        return "(match e0 { \"a\" => " + x + ", \"b\" => " + y + ", else => " + z + " })";
      }
      case 14: case 15: {
        if (in_agg) {
          isi = true;
          return "i1";
        }
        static const char* aggs[] = {"sum", "avg", "min", "max", "rank_desc", "rank_asc", "count"};
        const unsigned k = in_.pick(7);
        bool a;
        std::string arg = k == 6 ? std::string() : num(depth - 1, &a, true);
        if (in_.pick(2)) arg += std::string(arg.empty() ? "" : " ") + "where " + boolean(depth - 1, true);
        isi = k == 6 || k == 4 || k == 5 || (k != 1 && a);
        std::string s = std::string(aggs[k]) + "(" + arg + ")";
        if (in_.pick(2)) {
          // The last two are joins (an extension), which a rank does not take.
          static const char* overs[] = {" over e0", " over (e0, b0)", " over i0 = i1", " over (e0, b0) = (e0, b0)"};
          s += overs[in_.pick(k == 4 || k == 5 ? 2 : 4)];
        }
        return s;
      }
      default: {
        isi = true;
        return std::string(in_.pick(2) ? "days_between(" : "years_between(") + "t0, " +
               (in_.pick(2) ? "2024-02-29" : "t0") + ")";
      }
    }
  }

  std::string boolean(int depth, bool in_agg = false) {
    const unsigned choice = depth <= 0 ? in_.pick(4) : in_.pick(10);
    switch (choice) {
      case 0: return in_.pick(2) ? "b0" : "true";
      case 1: return in_.pick(2) ? "e0 == \"a\"" : "e0 in [\"b\", \"c\"]";
      case 2: return "present(o0)";
      case 3: return in_.pick(2) ? "t0 < 2023-03-01" : "false";
      case 4: case 5: {
        static const char* ops[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};
        return "(" + num(depth - 1, nullptr, in_agg) + ops[in_.pick(6)] + num(depth - 1, nullptr, in_agg) + ")";
      }
      case 6: return "not " + boolean(depth - 1, in_agg);
      case 7: return "(" + boolean(depth - 1, in_agg) + (in_.pick(2) ? " and " : " or ") + boolean(depth - 1, in_agg) + ")";
      case 8: return "(present(o0) and o0 > " + num(depth - 1, nullptr, in_agg) + ")";
      default: {
        for (std::size_t k = 0; k < let_bool_.size(); ++k) {
          if (let_bool_[k] && !in_agg && in_.pick(2)) return "l" + std::to_string(k);
        }
        return "b0";
      }
    }
  }

  std::string roster() {
    std::string s = "id,i0,i1,d0,d1,b0,e0,t0,o0\n";
    const unsigned rows = in_.pick(12);
    for (unsigned r = 0; r < rows; ++r) {
      static const char* ids[] = {"A", "B", "C", "D", "E", "F", "G", "A", ""};
      static const char* ints[] = {"0", "1", "-1", "5", "1000", "-1000", "", "9223372036854775807", "x"};
      static const char* decs[] = {"0", "0.5", "-0.5", "100", "-100", "33.333", "", "1.5", "100.0000"};
      static const char* bools[] = {"true", "false", "1", "0", "", "TRUE"};
      static const char* enums[] = {"a", "b", "c", "", "d"};
      static const char* dates[] = {"2020-02-29", "2023-02-28", "2024-03-01", "", "2023-02-30"};
      s += ids[in_.pick(9)] + std::to_string(r) + ",";
      s += std::string(ints[in_.pick(9)]) + "," + ints[in_.pick(9)] + ",";
      s += std::string(decs[in_.pick(9)]) + "," + decs[in_.pick(9)] + ",";
      s += std::string(bools[in_.pick(6)]) + "," + enums[in_.pick(5)] + "," + dates[in_.pick(5)] + ",";
      s += std::string(decs[in_.pick(9)]) + "\n";
    }
    return s;
  }

 private:
  bytes& in_;
  std::vector<bool> let_bool_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bytes in(data, size);
  generator gen(in);
  const std::string text = gen.scheme();
  merit::compile_result r = merit::compile(text, "gen.merit");
  if (!r.ok()) {
    // The generator only writes valid schemes: a rejection is a finding.
    std::fprintf(stderr, "generated scheme rejected:\n%s\n", text.c_str());
    for (const merit::diagnostic& d : r.diagnostics) {
      std::fprintf(stderr, "%s\n", merit::format_diagnostic(r.source, d).c_str());
    }
    std::abort();
  }
  merit::roster rows = merit::read_csv_text(r.program->inputs(), gen.roster(), "gen.csv");
  for (unsigned threads : {1u, 3u}) {
    merit::eval_options opt;
    opt.lenient = true;
    opt.threads = threads;
    merit::result res = merit::evaluate(*r.program, rows, opt);
    if (res.candidates.size() != rows.rows()) std::abort();
    if (res.eligible + res.ineligible + res.vetoed + res.errors != rows.rows()) std::abort();
    for (const merit::candidate& c : res.candidates) {
      if (c.status == merit::status::error && c.reasons.empty()) std::abort();
      if (c.status != merit::status::eligible && !c.score.is_null()) std::abort();
    }
  }
  return 0;
}
