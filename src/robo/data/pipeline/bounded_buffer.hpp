// data/pipeline/bounded_buffer.hpp — the hand-off from one source thread to the pipeline
// thread: a fixed-capacity single-producer single-consumer ring (moodycamel's
// BlockingReaderWriterCircularBuffer), never growing.
//
// When the ring is full the stated policy applies, and is counted:
//   block       — the producer waits for room (lossless; a replay or a backfill). It gives up
//                 only when the buffer is closed, and counts how often it had to wait.
//   drop_newest — the new event is refused and counted (live feeds that must not stall the
//                 socket); the pipeline turns the refusal into a gap for that symbol.
// Thread-safe for exactly one producer and one consumer.
#pragma once
#include <readerwriterqueue/readerwritercircularbuffer.h>

#include <atomic>
#include <chrono>
#include <cstdint>

#include "robo/data/pipeline/event.hpp"

namespace robo::data::pipeline {

enum class OverflowPolicy : uint8_t { block, drop_newest };

class BoundedBuffer {
public:
    BoundedBuffer(size_t capacity, OverflowPolicy policy)
        : ring_(capacity), capacity_(capacity), policy_(policy) {}

    // Producer side. Returns false when the event was refused (full under drop_newest, or
    // the buffer was closed while waiting).
    bool push(MarketEvent event) {
        if (ring_.try_enqueue(std::move(event))) return count_pushed();
        if (policy_ == OverflowPolicy::drop_newest) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        blocked_.fetch_add(1, std::memory_order_relaxed);
        while (!closed_.load(std::memory_order_acquire))
            if (ring_.wait_enqueue_timed(std::move(event), std::chrono::milliseconds(20)))
                return count_pushed();
        dropped_.fetch_add(1, std::memory_order_relaxed);  // closed under a waiting producer
        return false;
    }

    // Consumer side.
    bool try_pop(MarketEvent& out) { return ring_.try_dequeue(out); }
    bool pop_wait(MarketEvent& out, std::chrono::microseconds timeout) {
        return ring_.wait_dequeue_timed(out, timeout);
    }

    void close() noexcept { closed_.store(true, std::memory_order_release); }
    size_t capacity() const noexcept { return capacity_; }
    size_t size_approx() const noexcept { return ring_.size_approx(); }
    OverflowPolicy policy() const noexcept { return policy_; }
    uint64_t pushed() const noexcept { return pushed_.load(std::memory_order_relaxed); }
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
    uint64_t blocked() const noexcept { return blocked_.load(std::memory_order_relaxed); }

private:
    bool count_pushed() {
        pushed_.fetch_add(1, std::memory_order_relaxed);
        return true;
    }

    moodycamel::BlockingReaderWriterCircularBuffer<MarketEvent> ring_;
    size_t capacity_;
    OverflowPolicy policy_;
    std::atomic<bool> closed_{false};
    std::atomic<uint64_t> pushed_{0}, dropped_{0}, blocked_{0};
};

}  // namespace robo::data::pipeline
