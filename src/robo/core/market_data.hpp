// core/market_data.hpp — what the market tells us: trades (ticks), quotes and bars.
//
// Prices and sizes are exact (Price, Quantity). A Bar's `start` is the opening instant of
// its interval; it covers [start, start + timeframe). A bar still being built is marked
// partial, so a consumer can never mistake it for a closed one.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "robo/core/symbol.hpp"
#include "robo/core/time.hpp"
#include "robo/core/units.hpp"

namespace robo {

// A trade printed on the tape.
struct Tick {
    Symbol symbol;
    Timestamp time;
    Price price;
    Quantity size;
};

// Top of book.
struct Quote {
    Symbol symbol;
    Timestamp time;
    Price bid;
    Price ask;
    Quantity bid_size;
    Quantity ask_size;
};

// Bar interval lengths the system knows. `day` is a whole trading day, `session` the
// regular session (09:30-16:00 New York); both are calendar-aligned, not 86400 s windows.
enum class Timeframe : uint8_t { s1, s5, m1, m5, m15, m30, h1, day, session };

// Nominal length in seconds (day and session: 86400 and 23400).
int64_t timeframe_seconds(Timeframe tf) noexcept;
// "1s", "5s", "1m", "5m", "15m", "30m", "1h", "1d", "session".
std::string_view to_string(Timeframe tf) noexcept;
std::optional<Timeframe> parse_timeframe(std::string_view text) noexcept;

struct Bar {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    Timestamp start;
    Price open, high, low, close;
    Quantity volume;
    bool partial = false;
};

}  // namespace robo
