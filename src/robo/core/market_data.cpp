#include "robo/core/market_data.hpp"

#include <array>
#include <utility>

namespace robo {

namespace {
constexpr std::array<std::pair<Timeframe, std::string_view>, 9> kNames{{
    {Timeframe::s1, "1s"},
    {Timeframe::s5, "5s"},
    {Timeframe::m1, "1m"},
    {Timeframe::m5, "5m"},
    {Timeframe::m15, "15m"},
    {Timeframe::m30, "30m"},
    {Timeframe::h1, "1h"},
    {Timeframe::day, "1d"},
    {Timeframe::session, "session"},
}};
}  // namespace

int64_t timeframe_seconds(Timeframe tf) noexcept {
    switch (tf) {
        case Timeframe::s1:
            return 1;
        case Timeframe::s5:
            return 5;
        case Timeframe::m1:
            return 60;
        case Timeframe::m5:
            return 300;
        case Timeframe::m15:
            return 900;
        case Timeframe::m30:
            return 1800;
        case Timeframe::h1:
            return 3600;
        case Timeframe::day:
            return 86400;
        case Timeframe::session:
            return 23400;
    }
    return 0;
}

std::string_view to_string(Timeframe tf) noexcept {
    for (auto& [t, name] : kNames)
        if (t == tf) return name;
    return "?";
}

std::optional<Timeframe> parse_timeframe(std::string_view text) noexcept {
    for (auto& [t, name] : kNames)
        if (name == text) return t;
    if (text == "1day" || text == "daily" || text == "D") return Timeframe::day;
    return std::nullopt;
}

}  // namespace robo
