// SPDX-License-Identifier: Apache-2.0
// merit - the benchmarks' shared workload: library.merit, generated rosters, peer timings
#include "bench_data.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "peer_agreement.hpp"

namespace merit::bench {

namespace {

struct per_size {
  std::string path;
  std::unique_ptr<std::string> text;
  std::unique_ptr<merit::roster> roster;
  std::unique_ptr<peer::library_roster> peer_roster;
  std::unique_ptr<peer::library_result> peer_result;
};

std::map<std::size_t, per_size>& cache() {
  static std::map<std::size_t, per_size> c;
  return c;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

const std::string& scheme_text() {
  static const std::string text = read_file(std::string(MERIT_SHARED_DIR) + "/bench/library.merit");
  return text;
}

const merit::program& library_program() {
  static const merit::program prog = [] {
    merit::compile_result r = merit::compile(scheme_text(), "library.merit");
    if (!r.ok()) throw std::runtime_error("library.merit does not compile");
    return *std::move(r.program);
  }();
  return prog;
}

const std::string& roster_path(std::size_t rows) {
  per_size& s = cache()[rows];
  if (s.path.empty()) {
    const std::filesystem::path dir = MERIT_BENCH_DATA_DIR;
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / ("library-" + std::to_string(rows) + ".csv");
    if (!std::filesystem::exists(file)) {
      const std::filesystem::path part = file.string() + ".part";
      const std::string cmd = std::string(MERIT_PYTHON) + " " + MERIT_SHARED_DIR + "/bench/gen_roster.py " +
                              std::to_string(rows) + " --seed 2023 -o " + part.string();
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("gen_roster.py failed: " + cmd);
      std::filesystem::rename(part, file);
    }
    s.path = file.string();
  }
  return s.path;
}

const std::string& roster_text(std::size_t rows) {
  per_size& s = cache()[rows];
  if (!s.text) s.text = std::make_unique<std::string>(read_file(roster_path(rows)));
  return *s.text;
}

const merit::roster& merit_roster(std::size_t rows) {
  per_size& s = cache()[rows];
  if (!s.roster) s.roster = std::make_unique<merit::roster>(merit::read_csv_file(library_program().inputs(), roster_path(rows)));
  return *s.roster;
}

const peer::library_roster& peer_roster(std::size_t rows) {
  per_size& s = cache()[rows];
  if (!s.peer_roster) {
    auto r = std::make_unique<peer::library_roster>();
    std::string error;
    if (!peer::read_library_csv(roster_text(rows), *r, error)) throw std::runtime_error("peer: " + error);
    s.peer_roster = std::move(r);
  }
  return *s.peer_roster;
}

const peer::library_result& peer_result(std::size_t rows) {
  per_size& s = cache()[rows];
  if (!s.peer_result) {
    auto r = std::make_unique<peer::library_result>();
    peer::evaluate_library(peer_roster(rows), *r);
    s.peer_result = std::move(r);
  }
  return *s.peer_result;
}

std::string check_against_peer(const merit::result& res, std::size_t rows) {
  const peer::agreement a = peer::compare_with_peer(res, peer_roster(rows), peer_result(rows));
  if (a.ok()) return {};
  return std::to_string(a.mismatches) + " of " + std::to_string(rows) + " candidates differ from the peer: " +
         a.details;
}

namespace {
std::map<std::string, double>& times(bool wall) {
  static std::map<std::string, double> cpu_times, wall_times;
  return wall ? wall_times : cpu_times;
}
double find_time(const std::string& key, bool wall) {
  const auto it = times(wall).find(key);
  return it == times(wall).end() ? 0 : it->second;
}
}  // namespace

void record_time(const std::string& key, double seconds) { times(false)[key] = seconds; }
double recorded_time(const std::string& key) { return find_time(key, false); }
void record_wall_time(const std::string& key, double seconds) { times(true)[key] = seconds; }
double recorded_wall_time(const std::string& key) { return find_time(key, true); }

std::vector<long>& roster_sizes() {
  static std::vector<long> sizes = {10000, 100000, 1000000};
  return sizes;
}

}  // namespace merit::bench
