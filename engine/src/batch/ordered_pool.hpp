#pragma once
// A pool of workers that takes jobs from a source one at a time, works on them concurrently and
// delivers them in the order they were taken, one delivery at a time. No dedicated thread
// delivers: the worker that completes the next job in order delivers it (and any that were
// waiting behind it). At most `window` jobs are taken and not yet delivered, which bounds memory.

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace recist::io {

/// Runs `f(t)` for t = 0 … threads − 1 at once, f(0) on the calling thread, and returns when all
/// have returned. The first exception any of them threw (or the one creating a thread threw) is
/// rethrown here, once every thread started has ended.
template <class F>
void run_on_threads(unsigned threads, F&& f) {
  std::exception_ptr failure;
  std::mutex m;
  auto guarded = [&](unsigned t) {
    try {
      f(t);
    } catch (...) {
      std::lock_guard lock(m);
      if (!failure) failure = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> others;  // joined when they leave scope, even if one cannot start
    others.reserve(threads > 1 ? threads - 1 : 0);
    for (unsigned t = 1; t < threads; ++t) others.emplace_back(guarded, t);
    guarded(0);
  }
  if (failure) std::rethrow_exception(failure);
}

/// Runs the pool on `threads` threads (the calling one included) until the source is exhausted or
/// a delivery returns false. `source(Job&)` runs under the pool's lock (so in order, one at a
/// time) and returns false when there is no more job; `work(Job&, worker)` runs concurrently
/// (`worker` is 0 … threads − 1, for per-thread scratch space); `deliver(Job&)` runs one at a time
/// in the order of the source. An exception thrown by any of them stops the pool and is rethrown
/// here.
template <class Job, class Source, class Work, class Deliver>
void run_ordered(unsigned threads, std::size_t window, Source&& source, Work&& work, Deliver&& deliver) {
  std::mutex m;
  std::condition_variable cv;
  std::size_t taken = 0, delivered = 0;
  bool exhausted = false, stop = false, delivering = false;
  std::map<std::size_t, std::unique_ptr<Job>> ready;
  std::exception_ptr failure;

  auto loop = [&](unsigned worker) {
    std::unique_lock lock(m);
    try {
      while (true) {
        cv.wait(lock, [&] { return stop || exhausted || taken < delivered + window; });
        if (stop || exhausted) break;
        auto job = std::make_unique<Job>();
        if (!source(*job)) {
          exhausted = true;
          cv.notify_all();
          break;
        }
        const std::size_t seq = taken++;
        lock.unlock();
        work(*job, worker);
        lock.lock();
        ready.emplace(seq, std::move(job));
        if (delivering) continue;
        delivering = true;
        while (!stop) {
          auto it = ready.find(delivered);
          if (it == ready.end()) break;
          std::unique_ptr<Job> next = std::move(it->second);
          ready.erase(it);
          lock.unlock();
          const bool go_on = deliver(*next);
          next.reset();
          lock.lock();
          ++delivered;
          if (!go_on) stop = true;
          cv.notify_all();
        }
        delivering = false;
      }
    } catch (...) {
      if (!lock.owns_lock()) lock.lock();
      if (!failure) failure = std::current_exception();
      stop = true;
      delivering = false;
      cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(loop, t);
  loop(0);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  // After a stop, jobs still in `ready` were worked on and are dropped undelivered.
}

}  // namespace recist::io
