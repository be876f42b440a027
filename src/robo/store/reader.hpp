// store/reader.hpp — queries over the store for backtests, the feature engine, the
// dashboard and the command line.
//
// A Reader holds its own read-only connection: in WAL mode it sees the last committed
// state and never blocks the writer (nor waits for it). Results come back as the core
// types (Bar, Tick, Position, ...) with exact prices. Ranges are half-open [from, to).
// One Reader per thread. Never writes.
#pragma once
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "robo/store/records.hpp"
#include "robo/store/sqlite.hpp"

namespace robo::store {

inline constexpr Timestamp time_min = from_unix_nanos(std::numeric_limits<int64_t>::min());
inline constexpr Timestamp time_max = from_unix_nanos(std::numeric_limits<int64_t>::max());

struct FeaturePoint {
    Timestamp time;
    std::string name;
    double value = 0;
};

// What the bars table holds for one series.
struct BarSeries {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    size_t bars = 0;
    Timestamp first, last;
};

struct StoredOrder {
    std::string run_id;
    Order order;
    OrderStatus status = OrderStatus::created;
    Quantity filled;
    Timestamp updated;
};

struct RunInfo {
    std::string run_id;
    std::string kind;
    Timestamp started;
    std::optional<Timestamp> ended;
    std::string status;
    std::string config_json;
    std::string summary_json;
};

class Reader {
public:
    // Opens read-only; throws StoreError for a missing file or a schema that is not the
    // latest (see open_for_reading).
    explicit Reader(const std::filesystem::path& file);

    std::vector<Bar> bars(Symbol symbol, Timeframe tf, Timestamp from = time_min, Timestamp to = time_max);
    // Adjusted closes parallel to bars(...) over the same range (nullopt where absent).
    std::vector<std::optional<Price>> adjusted_closes(Symbol symbol, Timeframe tf, Timestamp from = time_min,
                                                      Timestamp to = time_max);
    std::vector<BarSeries> bar_series();
    std::vector<Tick> ticks(Symbol symbol, Timestamp from = time_min, Timestamp to = time_max);
    std::vector<Quote> quotes(Symbol symbol, Timestamp from = time_min, Timestamp to = time_max);
    // Ordered by time, then name. An empty `name` means every feature.
    std::vector<FeaturePoint> features(Symbol symbol, Timeframe tf, std::string_view name = {},
                                       Timestamp from = time_min, Timestamp to = time_max);

    // Most recent first; an empty run_id means every run.
    std::vector<StoredOrder> orders(std::string_view run_id = {}, size_t limit = 100);
    std::vector<FillRecord> fills(std::string_view run_id = {}, size_t limit = 100);
    std::vector<PositionRecord> positions(std::string_view run_id = {});
    std::vector<RunInfo> runs(size_t limit = 100);
    KillSwitchRecord kill_switch();

    Connection& connection() noexcept { return db_; }

private:
    Connection db_;
};

}  // namespace robo::store
