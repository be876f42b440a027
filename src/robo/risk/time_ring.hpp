// risk/time_ring.hpp — instants in arrival order, the oldest dropped from the front: the
// gate's accepted orders inside the rate window.
//
// A deque allocates a block every 64 pushes and frees one every 64 pops; this ring
// allocates only when more instants are held at once than ever before (it doubles).
#pragma once
#include <cstddef>
#include <vector>

#include "robo/core/time.hpp"

namespace robo::risk {

class TimeRing {
public:
    explicit TimeRing(std::size_t capacity = 64) : buf_(round_up(capacity)) {}

    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    Timestamp front() const noexcept { return buf_[head_]; }
    // The i-th newest (0 = the last pushed).
    Timestamp from_back(std::size_t i) const noexcept { return buf_[(head_ + size_ - 1 - i) & mask()]; }
    void pop_front() noexcept {
        head_ = (head_ + 1) & mask();
        --size_;
    }
    void push_back(Timestamp t) {
        if (size_ == buf_.size()) grow();
        buf_[(head_ + size_) & mask()] = t;
        ++size_;
    }

private:
    static std::size_t round_up(std::size_t n) {
        std::size_t c = 1;
        while (c < n) c *= 2;
        return c;
    }
    std::size_t mask() const noexcept { return buf_.size() - 1; }
    void grow() {
        std::vector<Timestamp> bigger(buf_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & mask()];
        buf_.swap(bigger);
        head_ = 0;
    }
    std::vector<Timestamp> buf_;  // size is a power of two
    std::size_t head_ = 0, size_ = 0;
};

}  // namespace robo::risk
