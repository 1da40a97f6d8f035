// SPDX-License-Identifier: Apache-2.0
// merit - the worker threads that an evaluation's parallel passes run on
#include "eval/workers.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace merit::detail {

namespace {

/// One call's indices. `next` and `done` are guarded by the pool's mutex;
/// the batch lives on the caller's stack, and is in the queue only while it
/// has indices nobody has taken.
struct batch {
  void (*task)(void*, unsigned);
  void* ctx;
  unsigned count;
  unsigned next = 1;  // index 0 is the caller's
  unsigned done = 0;
};

class pool {
 public:
  /// The current process's pool. One made before a fork() belongs to the
  /// parent: the child makes its own and leaves that one alone (its threads
  /// do not exist in the child). Pools are never destroyed: their workers
  /// wait for work until the process ends.
  static pool& get() {
    static std::mutex made;
    static pool* current = nullptr;
    std::lock_guard<std::mutex> lock(made);
    if (current == nullptr || current->pid_ != getpid()) current = new pool();
    return *current;
  }

  void run(unsigned count, void (*task)(void*, unsigned), void* ctx) {
    batch b{task, ctx, count};
    {
      std::lock_guard<std::mutex> lock(m_);
      while (threads_.size() < count - 1) threads_.emplace_back([this] { work(); });
      queue_.push_back(&b);
    }
    work_.notify_all();
    task(ctx, 0);
    std::unique_lock<std::mutex> lock(m_);
    ++b.done;
    while (b.next < b.count) {  // indices no worker has taken yet
      const unsigned i = take(b);
      lock.unlock();
      task(ctx, i);
      lock.lock();
      ++b.done;
    }
    finished_.wait(lock, [&] { return b.done == b.count; });
  }

 private:
  pool() = default;

  /// The batch's next index, off the queue once it has none left; under m_.
  unsigned take(batch& b) {
    const unsigned i = b.next++;
    if (b.next == b.count) queue_.erase(std::find(queue_.begin(), queue_.end(), &b));
    return i;
  }

  void work() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      work_.wait(lock, [&] { return !queue_.empty(); });
      batch& b = *queue_.front();
      const unsigned i = take(b);
      lock.unlock();
      b.task(b.ctx, i);
      lock.lock();
      // Still under m_: the caller cannot see `done` complete, return and
      // end the batch's life until this thread lets go of it.
      if (++b.done == b.count) finished_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable work_, finished_;
  std::deque<batch*> queue_;
  std::vector<std::thread> threads_;
  const pid_t pid_ = getpid();
};

}  // namespace

void run_on_workers(unsigned count, void (*task)(void*, unsigned), void* ctx) {
  if (count == 0) return;
  if (count == 1) {
    task(ctx, 0);
    return;
  }
  pool::get().run(count, task, ctx);
}

}  // namespace merit::detail
