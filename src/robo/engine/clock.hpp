// engine/clock.hpp — the engine's names for the clocks, which live in core/clock.hpp so
// that components below the engine (the IBKR adapter) can share a session's clock.
#pragma once
#include "robo/core/clock.hpp"

namespace robo::engine {
using robo::Clock;
using robo::SimulatedClock;
using robo::WallClock;
}  // namespace robo::engine
