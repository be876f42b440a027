// store/records.hpp — what the store writes: one struct per kind of row, and Record, the
// variant that travels through the writer's queue.
//
// Plain values, copied into the queue; the writer owns them from then on. Each maps to one
// table (table_of) whose duplicate policy is in database.cpp and docs/store.md.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

namespace robo::store {

// A trade print. `seq` tells apart prints of one symbol at the same instant (0 when
// there is one); together with (symbol, time) it is the row's key.
struct TickRecord {
    Tick tick;
    int64_t seq = 0;
};

struct QuoteRecord {
    Quote quote;
    int64_t seq = 0;
};

struct BarRecord {
    Bar bar;
    std::optional<Price> adjusted_close;
};

// One indicator value; its name is free ("rsi", "macd_line", "bb_upper", ...). The value
// must be finite: a NaN or infinity is refused (counted as failed), never stored.
struct FeatureRecord {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    Timestamp time;
    std::string name;
    double value = 0;
};

// kind: "backtest", "replay", "paper" or "live". config: JSON text, secrets redacted.
struct RunRecord {
    std::string run_id;
    std::string kind;
    Timestamp started;
    std::string config_json = "{}";
};

struct RunEndRecord {
    std::string run_id;
    Timestamp ended;
    std::string status;  // "completed", "failed", "stopped", ...
    std::string summary_json = "{}";
};

struct OrderRecord {
    std::string run_id;
    Order order;
    OrderStatus status = OrderStatus::created;
};

// A state transition; also moves the order's current status (never backwards in time).
struct OrderEventRecord {
    std::string client_id;
    Timestamp time;
    OrderStatus status = OrderStatus::created;
    Quantity filled;  // cumulative filled quantity after this event
    std::string detail;
};

struct FillRecord {
    std::string run_id;
    Fill fill;
};

struct PositionRecord {
    std::string run_id;
    Position position;
    Timestamp updated;
};

struct EquityRecord {
    std::string run_id;
    Timestamp time;
    Money cash;
    Money equity;
    std::optional<Money> buying_power;
    std::optional<Money> exposure;
};

struct RiskEventRecord {
    std::string run_id;
    Timestamp time;
    std::string kind;  // e.g. "portfolio_heat", "kill_switch_tripped"
    std::string symbol;
    std::optional<double> value;
    std::optional<double> limit;
    std::string detail;
};

struct KillSwitchRecord {
    bool tripped = false;
    std::string reason;
    Timestamp changed;
    std::string changed_by;
};

struct QualityRecord {
    Timestamp time;
    std::string symbol;
    std::string timeframe;
    std::string kind;  // e.g. "rejected_row", "outlier", "gap"
    std::string detail;
    std::string source;
};

using Record = std::variant<TickRecord, QuoteRecord, BarRecord, FeatureRecord, RunRecord, RunEndRecord,
                            OrderRecord, OrderEventRecord, FillRecord, PositionRecord, EquityRecord,
                            RiskEventRecord, KillSwitchRecord, QualityRecord>;

enum class Table : uint8_t {
    ticks,
    quotes,
    bars,
    features,
    runs,
    orders,
    order_events,
    fills,
    positions,
    equity_snapshots,
    risk_events,
    kill_switch,
    quality_findings,
};
inline constexpr size_t table_count = 13;

std::string_view to_string(Table t) noexcept;
Table table_of(const Record& r) noexcept;

// What became of one row: inserted, a duplicate key left as it was (ignored), a duplicate
// key overwritten (replaced), or refused by a constraint (failed, with a reason).
enum class Outcome : uint8_t { inserted, ignored, replaced, failed };

struct TableCounts {
    uint64_t inserted = 0;
    uint64_t ignored = 0;
    uint64_t replaced = 0;
    uint64_t failed = 0;

    uint64_t total() const noexcept { return inserted + ignored + replaced + failed; }
    void add(Outcome o) noexcept;
    TableCounts& operator+=(const TableCounts& o) noexcept;
};

using CountsByTable = std::array<TableCounts, table_count>;

}  // namespace robo::store
