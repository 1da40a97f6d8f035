// SPDX-License-Identifier: Apache-2.0
// merit - the worker threads that an evaluation's parallel passes run on
#pragma once

namespace merit::detail {

/// Runs task(ctx, i) for every i in [0, count) and returns when all have
/// run: i = 0 on the calling thread, the others on worker threads kept for
/// the process (made when first needed, as many as the largest call has
/// wanted, idle between calls). The calling thread also runs the indices no
/// worker has started yet, so a call never waits for a busy worker to begin.
/// Many threads may call at once. A process made by fork() gets workers of
/// its own on its first call (it has none of its parent's threads).
///
/// An evaluation makes dozens of parallel passes; starting threads for each
/// cost more than a small roster's whole evaluation, and each new thread
/// started with cold caches and memory of its own.
///
/// `task` must not throw (the callers catch inside it). Throws
/// std::system_error when a worker cannot be started.
void run_on_workers(unsigned count, void (*task)(void* ctx, unsigned i), void* ctx);

/// run_on_workers over a callable taking the index.
template <class F>
void run_on_workers(unsigned count, F& f) {
  run_on_workers(
      count, [](void* ctx, unsigned i) { (*static_cast<F*>(ctx))(i); }, &f);
}

}  // namespace merit::detail
