// data/pipeline/event.hpp — what flows through the pipeline: a tick, quote or bar with where
// it came from, or a control marker from a source (a backfill finished).
#pragma once
#include <cstdint>
#include <variant>

#include "robo/core/market_data.hpp"

namespace robo::data::pipeline {

enum class DataKind : uint8_t { tick = 1, quote = 2, bar = 4 };
using DataKinds = uint8_t;  // a mask of DataKind bits
inline constexpr DataKinds all_kinds = 7;
constexpr DataKinds operator|(DataKind a, DataKind b) noexcept {
    return static_cast<DataKinds>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b));
}

// live: from the real-time stream; backfill: history the pipeline asked for to fill a hole
// (may arrive after later live data: consumers see it tagged).
enum class Origin : uint8_t { live, backfill };

// Sent by a source after the last event of a backfill request.
struct BackfillDone {
    uint64_t request_id = 0;
};

struct MarketEvent {
    std::variant<Tick, Quote, Bar, BackfillDone> data;
    Origin origin = Origin::live;
    uint64_t request_id = 0;  // backfill events: the request they answer
    bool flagged = false;     // set by the quality gate: delivered, but a check fired
};

inline bool is_market_data(const MarketEvent& e) noexcept { return e.data.index() < 3; }
DataKind kind_of(const MarketEvent& e) noexcept;
const Symbol& symbol_of(const MarketEvent& e) noexcept;  // market data only
Timestamp time_of(const MarketEvent& e) noexcept;        // market data only

}  // namespace robo::data::pipeline
