// core/parallel.hpp — independent pieces of work spread over the machine's cores.
//
// Loading reads and gates each data file on its own (63 daily files in a backtest), so the
// files are handed out to one thread per core. Each call must write only its own slot of
// the caller's results; the caller then combines them in index order, so the outcome never
// depends on the number of threads or on which thread finished first.
#pragma once
#include <cstddef>
#include <functional>

namespace robo {

// Calls work(i) for every i in [0, count) on up to `threads` threads (0: one per core; never
// more threads than calls; 1: every call on the calling thread, in order) and returns when all
// have returned. When calls throw, every call still runs and the exception of the lowest i is
// rethrown, so the error reported is the same whatever the threads.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work, unsigned threads = 0);

}  // namespace robo
