// core/clock.hpp — the session's notion of "now".
//
// Backtests and replays run on a SimulatedClock that the engine advances to the time of
// each piece of data it delivers (never backwards); paper and live sessions use the
// WallClock. Components ask the clock, never the system, so one code path serves every
// mode.
#pragma once
#include "robo/core/time.hpp"

namespace robo {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const noexcept = 0;
};

class SimulatedClock final : public Clock {
public:
    Timestamp now() const noexcept override { return now_; }
    // Moves the clock forward to t; an earlier t leaves it where it is (data arriving out
    // of order does not rewind time).
    void advance_to(Timestamp t) noexcept {
        if (t > now_) now_ = t;
    }

private:
    Timestamp now_{};
};

class WallClock final : public Clock {
public:
    Timestamp now() const noexcept override { return wall_now(); }
};

}  // namespace robo
