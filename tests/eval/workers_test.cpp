// SPDX-License-Identifier: Apache-2.0
// merit - the worker threads the parallel passes run on
//
// Every expectation is counted by the test itself: which indices ran, how
// often, on which thread, and whether a forked child's call came back.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include "eval/evaluator.hpp"
#include "eval/workers.hpp"

namespace {

using merit::detail::run_on_workers;

TEST(WorkersTest, EveryIndexRunsOnceAndIndexZeroOnTheCaller) {
  for (const unsigned count : {1u, 2u, 3u, 7u}) {
    std::vector<std::atomic<int>> ran(count);
    std::thread::id zero_on;
    auto task = [&](unsigned i) {
      ++ran[i];
      if (i == 0) zero_on = std::this_thread::get_id();
    };
    run_on_workers(count, task);
    for (unsigned i = 0; i < count; ++i) EXPECT_EQ(ran[i].load(), 1) << "count " << count << ", index " << i;
    EXPECT_EQ(zero_on, std::this_thread::get_id()) << "count " << count;
  }
}

TEST(WorkersTest, ManyCallersAtOnceEachGetTheirOwnIndices) {
  // Four threads call at the same time, each 200 times over 3 indices; each
  // call adds its indices + 1 into its own sum: 200 * (1 + 2 + 3) = 1200.
  std::vector<std::int64_t> sums(4, 0);
  std::vector<std::thread> callers;
  for (std::size_t c = 0; c < sums.size(); ++c) {
    callers.emplace_back([&, c] {
      for (int k = 0; k < 200; ++k) {
        std::atomic<std::int64_t> sum{0};
        auto task = [&](unsigned i) { sum += i + 1; };
        run_on_workers(3, task);
        sums[c] += sum.load();
      }
    });
  }
  for (auto& t : callers) t.join();
  for (std::size_t c = 0; c < sums.size(); ++c) EXPECT_EQ(sums[c], 1200) << "caller " << c;
}

TEST(WorkersTest, AnExceptionOnAWorkerReachesTheCaller) {
  // parallel() catches inside each range and rethrows after all ran: the
  // range that throws is not the caller's (range 2 of 3), and the others
  // still ran.
  const std::size_t n = 3 * merit::detail::batch_size;
  std::atomic<int> ranges{0};
  EXPECT_THROW(merit::detail::parallel(n, 3,
                                       [&](std::size_t b, std::size_t, unsigned) {
                                         ++ranges;
                                         if (b == 2 * merit::detail::batch_size) throw std::runtime_error("range 2");
                                       }),
               std::runtime_error);
  EXPECT_EQ(ranges.load(), 3);
}

// True when index 1 of a two-index call ran on a thread other than the
// caller's. Index 0 (the caller's) waits up to 5 s for index 1 to start, so
// index 1 can only run on the caller when no worker took it.
bool second_index_runs_on_a_worker() {
  std::atomic<bool> started{false};
  std::thread::id second_on;
  auto task = [&](unsigned i) {
    if (i == 1) {
      second_on = std::this_thread::get_id();
      started = true;
      return;
    }
    for (int k = 0; k < 5000 && !started; ++k) usleep(1000);
  };
  run_on_workers(2, task);
  return second_on != std::this_thread::get_id();
}

TEST(WorkersTest, AForkedChildGetsWorkersOfItsOwn) {
  // The parent's workers exist before the fork; the child has none of them.
  // Were it to keep the parent's pool, its calls would still finish (the
  // caller takes what no worker took) but on one thread, and a pool lock
  // held by a parent's worker at the fork would stay held.
  ASSERT_TRUE(second_index_runs_on_a_worker());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(20);
    _exit(second_index_runs_on_a_worker() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child did not exit (signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0)
                                 << ")";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child's second index ran on its calling thread";
}

}  // namespace
