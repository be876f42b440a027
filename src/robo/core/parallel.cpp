// core/parallel.cpp — see parallel.hpp.
#include "robo/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace robo {

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work, unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t used = std::min<std::size_t>(threads, count);
    std::vector<std::exception_ptr> errors(count);
    std::atomic<std::size_t> next{0};
    auto drain = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                work(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    if (used <= 1) {
        drain();
    } else {
        std::vector<std::jthread> pool;
        pool.reserve(used - 1);
        for (std::size_t t = 1; t < used; ++t) pool.emplace_back(drain);
        drain();  // the calling thread works too
    }             // the jthreads join here
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace robo
