// store/database.cpp — see database.hpp. The schema lives here, as numbered migrations.
//
// Conventions (docs/store.md has the full story):
//  - Prices and money are INTEGER counts of 1e-8 (column suffix _e8), quantities of 1e-4
//    (suffix _e4): the raw units of robo::Price/Money/Quantity, so values round-trip
//    exactly, compare and sum exactly in SQL, and bind as plain int64 (fast).
//    The *_dec views show them as decimal text for people using the sqlite3 shell.
//  - Times are INTEGER nanoseconds since the Unix epoch, UTC (suffix _ns).
//  - Tables are STRICT, so a value of the wrong type is refused instead of stored.
#include "robo/store/database.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

#include <signal.h>

#include "robo/core/time.hpp"

namespace robo::store {
namespace {

constexpr int kBusyTimeoutMs = 30000;

// SQL expression rendering a fixed-point integer column as canonical decimal text
// ("189.37", "-0.5", "100"), exactly as robo::Decimal::to_string() does.
std::string dec(const std::string& col, int places) {
    std::string scale = "1";
    for (int i = 0; i < places; ++i) scale += "0";
    std::string frac = "abs(" + col + ") % " + scale;
    return "CASE WHEN " + col + " IS NULL THEN NULL ELSE (CASE WHEN " + col +
           " < 0 THEN '-' ELSE '' END) || (abs(" + col + ") / " + scale + ") || (CASE WHEN " + frac +
           " = 0 THEN '' ELSE '.' || rtrim(printf('%0" + std::to_string(places) + "d', " + frac +
           "), '0') END) END";
}
std::string price(const std::string& col) { return dec(col + "_e8", 8) + " AS \"" + col + "\""; }
std::string qty(const std::string& col) { return dec(col + "_e4", 4) + " AS \"" + col + "\""; }
std::string iso(const std::string& col) {
    return "strftime('%Y-%m-%dT%H:%M:%fZ', " + col + "_ns / 1000000000.0, 'unixepoch') AS \"" + col + "\"";
}

const std::string v1_market_data = R"sql(
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_ns  INTEGER NOT NULL
) STRICT;

-- Trade prints. seq tells apart prints of one symbol at the same instant (the feed's
-- sequence within that timestamp, 0 when there is one). Duplicate key: ignored, counted.
CREATE TABLE ticks (
    symbol   TEXT NOT NULL,
    time_ns  INTEGER NOT NULL,
    seq      INTEGER NOT NULL DEFAULT 0,
    price_e8 INTEGER NOT NULL,
    size_e4  INTEGER NOT NULL,
    PRIMARY KEY (symbol, time_ns, seq)
) STRICT, WITHOUT ROWID;

-- Top of book. Duplicate key: ignored, counted.
CREATE TABLE quotes (
    symbol      TEXT NOT NULL,
    time_ns     INTEGER NOT NULL,
    seq         INTEGER NOT NULL DEFAULT 0,
    bid_e8      INTEGER NOT NULL,
    ask_e8      INTEGER NOT NULL,
    bid_size_e4 INTEGER NOT NULL,
    ask_size_e4 INTEGER NOT NULL,
    PRIMARY KEY (symbol, time_ns, seq)
) STRICT, WITHOUT ROWID;

-- OHLCV bars; start_ns opens the interval. Duplicate key: replaced (a re-import of
-- corrected history, or a final bar after its partial one, wins), counted as replaced.
CREATE TABLE bars (
    symbol       TEXT NOT NULL,
    timeframe    TEXT NOT NULL,
    start_ns     INTEGER NOT NULL,
    open_e8      INTEGER NOT NULL,
    high_e8      INTEGER NOT NULL,
    low_e8       INTEGER NOT NULL,
    close_e8     INTEGER NOT NULL,
    volume_e4    INTEGER NOT NULL,
    adj_close_e8 INTEGER,
    PRIMARY KEY (symbol, timeframe, start_ns)
) STRICT, WITHOUT ROWID;

-- Indicator values, one row per (symbol, timeframe, time, name). Duplicate key:
-- replaced (a recomputation wins), counted as replaced.
CREATE TABLE features (
    symbol    TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    time_ns   INTEGER NOT NULL,
    name      TEXT NOT NULL,
    value     REAL NOT NULL,
    PRIMARY KEY (symbol, timeframe, time_ns, name)
) STRICT, WITHOUT ROWID;

-- The handoff's wide features table, as a view over the long one.
CREATE VIEW features_wide AS
SELECT symbol, timeframe, time_ns,
       max(CASE WHEN name = 'rsi'         THEN value END) AS rsi,
       max(CASE WHEN name = 'macd_line'   THEN value END) AS macd_line,
       max(CASE WHEN name = 'macd_signal' THEN value END) AS macd_signal,
       max(CASE WHEN name = 'bb_upper'    THEN value END) AS bb_upper,
       max(CASE WHEN name = 'bb_lower'    THEN value END) AS bb_lower,
       max(CASE WHEN name = 'atr'         THEN value END) AS atr,
       max(CASE WHEN name = 'vwap'        THEN value END) AS vwap
FROM features GROUP BY symbol, timeframe, time_ns;
)sql";

const std::string v2_trading = R"sql(
-- Backtests and sessions. config is the run's configuration as JSON (secrets redacted by
-- the caller). Duplicate run_id: ignored, counted (a run is started once).
CREATE TABLE runs (
    run_id     TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('backtest', 'replay', 'paper', 'live')),
    started_ns INTEGER NOT NULL,
    ended_ns   INTEGER,
    status     TEXT NOT NULL DEFAULT 'running',
    config     TEXT NOT NULL DEFAULT '{}',
    summary    TEXT
) STRICT;

-- Orders as submitted, with their latest state. Duplicate client_id: ignored, counted
-- (submission is idempotent); state changes arrive as order_events.
CREATE TABLE orders (
    client_id          TEXT PRIMARY KEY,
    run_id             TEXT NOT NULL,
    symbol             TEXT NOT NULL,
    side               TEXT NOT NULL,
    type               TEXT NOT NULL,
    tif                TEXT NOT NULL,
    quantity_e4        INTEGER NOT NULL,
    limit_e8           INTEGER,
    stop_e8            INTEGER,
    protective_stop_e8 INTEGER,
    strategy           TEXT NOT NULL,
    created_ns         INTEGER NOT NULL,
    status             TEXT NOT NULL,
    filled_e4          INTEGER NOT NULL DEFAULT 0,
    updated_ns         INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_by_run ON orders (run_id, created_ns);

-- Every state transition of an order. Duplicate (client_id, time, status): ignored,
-- counted (a broker re-sending a status after a reconnect).
CREATE TABLE order_events (
    client_id TEXT NOT NULL,
    time_ns   INTEGER NOT NULL,
    status    TEXT NOT NULL,
    filled_e4 INTEGER NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (client_id, time_ns, status)
) STRICT, WITHOUT ROWID;

-- Executions. Duplicate exec_id: ignored, counted (IBKR re-sends executions on reconnect).
CREATE TABLE fills (
    exec_id       TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    symbol        TEXT NOT NULL,
    side          TEXT NOT NULL,
    quantity_e4   INTEGER NOT NULL,
    price_e8      INTEGER NOT NULL,
    commission_e8 INTEGER NOT NULL,
    time_ns       INTEGER NOT NULL
) STRICT;
CREATE INDEX fills_by_run ON fills (run_id, time_ns);

-- Latest position per run and symbol. Duplicate key: replaced (it is a snapshot).
CREATE TABLE positions (
    run_id          TEXT NOT NULL,
    symbol          TEXT NOT NULL,
    quantity_e4     INTEGER NOT NULL,
    average_cost_e8 INTEGER NOT NULL,
    realized_pnl_e8 INTEGER NOT NULL,
    updated_ns      INTEGER NOT NULL,
    PRIMARY KEY (run_id, symbol)
) STRICT, WITHOUT ROWID;

-- Account and equity over time (no account id: it is a secret). Duplicate key: ignored,
-- counted.
CREATE TABLE equity_snapshots (
    run_id          TEXT NOT NULL,
    time_ns         INTEGER NOT NULL,
    cash_e8         INTEGER NOT NULL,
    equity_e8       INTEGER NOT NULL,
    buying_power_e8 INTEGER,
    exposure_e8     INTEGER,
    PRIMARY KEY (run_id, time_ns)
) STRICT, WITHOUT ROWID;

-- Risk violations and kill-switch trips/resets; append-only (no natural key).
CREATE TABLE risk_events (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL,
    time_ns     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    symbol      TEXT NOT NULL DEFAULT '',
    value       REAL,
    limit_value REAL,
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX risk_events_by_time ON risk_events (time_ns);

-- The kill switch's current state: exactly one row, replaced on every change.
CREATE TABLE kill_switch (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    tripped    INTEGER NOT NULL CHECK (tripped IN (0, 1)),
    reason     TEXT NOT NULL DEFAULT '',
    changed_ns INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO kill_switch (id, tripped) VALUES (1, 0);

-- Data-quality findings (outliers, gaps, quarantined records); append-only.
CREATE TABLE quality_findings (
    id        INTEGER PRIMARY KEY,
    time_ns   INTEGER NOT NULL,
    symbol    TEXT NOT NULL DEFAULT '',
    timeframe TEXT NOT NULL DEFAULT '',
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    source    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX quality_findings_by_symbol ON quality_findings (symbol, time_ns);
)sql";

std::string v3_decimal_views() {
    return "CREATE VIEW bars_dec AS SELECT symbol, timeframe, " + iso("start") + ", " + price("open") + ", " +
           price("high") + ", " + price("low") + ", " + price("close") + ", " + qty("volume") + ", " +
           price("adj_close") + " FROM bars;\n" + "CREATE VIEW ticks_dec AS SELECT symbol, " + iso("time") +
           ", seq, " + price("price") + ", " + qty("size") + " FROM ticks;\n" +
           "CREATE VIEW quotes_dec AS SELECT symbol, " + iso("time") + ", seq, " + price("bid") + ", " +
           price("ask") + ", " + qty("bid_size") + ", " + qty("ask_size") + " FROM quotes;\n" +
           "CREATE VIEW orders_dec AS SELECT client_id, run_id, symbol, side, type, tif, " + qty("quantity") +
           ", " + price("limit") + ", " + price("stop") + ", " + price("protective_stop") + ", strategy, " +
           iso("created") + ", status, " + qty("filled") + ", " + iso("updated") + " FROM orders;\n" +
           "CREATE VIEW fills_dec AS SELECT exec_id, client_id, run_id, symbol, side, " + qty("quantity") +
           ", " + price("price") + ", " + price("commission") + ", " + iso("time") + " FROM fills;\n" +
           "CREATE VIEW positions_dec AS SELECT run_id, symbol, " + qty("quantity") + ", " +
           price("average_cost") + ", " + price("realized_pnl") + ", " + iso("updated") +
           " FROM positions;\n" + "CREATE VIEW equity_snapshots_dec AS SELECT run_id, " + iso("time") + ", " +
           price("cash") + ", " + price("equity") + ", " + price("buying_power") + ", " + price("exposure") +
           " FROM equity_snapshots;\n";
}

// A finding says the same thing about the same source only once: re-running an import (or a
// backtest over the same data) used to append its findings again (8, 16, 24, ... rows). Exact
// repeats already stored are folded into their first row.
const std::string v4_quality_once = R"sql(
DELETE FROM quality_findings WHERE id NOT IN (
    SELECT min(id) FROM quality_findings GROUP BY source, kind, symbol, timeframe, detail);
CREATE UNIQUE INDEX quality_findings_once ON quality_findings (source, kind, symbol, timeframe, detail);
)sql";

}  // namespace
std::string v5_sweeps();  // migration_sweeps.cpp
namespace {

const std::vector<Migration>& all_migrations() {
    static const std::vector<Migration> list = {
        {1, "market data: ticks, quotes, bars, features", v1_market_data},
        {2, "trading: runs, orders, order events, fills, positions, equity, risk, kill switch, quality",
         v2_trading},
        {3, "decimal views (*_dec) for reading prices as text in the sqlite3 shell", v3_decimal_views()},
        {4, "quality findings recorded once per source, kind and detail (repeats folded)", v4_quality_once},
        {5, "research: sweeps and their runs", v5_sweeps()},
    };
    return list;
}

void apply_pragmas_for_writing(Connection& db, Durability durability) {
    // 16 KiB pages: ~8% cheaper tick inserts than 4 KiB in bench_store (fewer page splits
    // and cells per row). Takes effect only while the file is empty, so must come first.
    db.exec("PRAGMA page_size=16384");
    // journal_mode cannot change inside a transaction; it is persistent in the file.
    std::string mode = db.query_text("PRAGMA journal_mode=WAL");
    if (mode != "wal")
        throw StoreError(db.file().string() + ": cannot switch to WAL mode (got " + mode + ")");
    db.exec(durability == Durability::power_loss ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA cache_size=-65536");  // 64 MiB of page cache for the writer
}

}  // namespace

std::span<const Migration> migrations() { return all_migrations(); }
int latest_schema_version() { return static_cast<int>(all_migrations().size()); }

int schema_version(Connection& db) { return static_cast<int>(db.query_int("PRAGMA user_version")); }

namespace {

// Another process holds the file (SQLite's answer to the last call on `db`).
bool is_busy(const Connection& db) {
    const int code = sqlite3_errcode(db.handle()) & 0xff;  // the primary code of an extended one
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

// The schema version, or a one-line refusal when the file is not an SQLite database at all
// (a CSV file given as --db, say).
int version_or_refuse(Connection& db) {
    try {
        return schema_version(db);
    } catch (const StoreError&) {
        if (is_busy(db)) throw;  // held by another process: no verdict on the file
        throw StoreError(db.file().string() + ": not a robo_trader database (SQLite cannot read it: " +
                         sqlite3_errmsg(db.handle()) + ")");
    }
}

void refuse_foreign_or_newer(Connection& db, int version) {
    if (version > latest_schema_version())
        throw StoreError(db.file().string() + ": schema version " + std::to_string(version) +
                         " is newer than this robo_trader understands (" +
                         std::to_string(latest_schema_version()) +
                         "); it was written by a newer robo_trader: upgrade, or use another --db");
    if (version == 0 && db.query_int("SELECT count(*) FROM sqlite_master") > 0)
        throw StoreError(db.file().string() +
                         ": not a robo_trader database (it has tables but no schema version); "
                         "refusing to touch it");
}

}  // namespace

bool run_process_gone(std::string_view run_id) {
    // make_run_id: "<kind>-<UTC start>-<pid>".
    const auto dash = run_id.rfind('-');
    if (dash == std::string_view::npos || dash + 1 >= run_id.size()) return false;
    long pid = 0;
    for (char c : run_id.substr(dash + 1)) {
        if (c < '0' || c > '9' || pid > 100'000'000) return false;
        pid = pid * 10 + (c - '0');
    }
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

namespace {

// Runs still "running" whose process is gone were killed mid-way: say so, once.
void mark_aborted_runs(Connection& db) {
    std::vector<std::string> gone;
    {
        Statement running(db, "SELECT run_id FROM runs WHERE status = 'running'");
        while (running.step()) {
            std::string id(running.column_text(0));
            if (run_process_gone(id)) gone.push_back(std::move(id));
        }
    }
    for (const auto& id : gone) {
        Statement mark(db,
                       "UPDATE runs SET status = 'aborted', ended_ns = coalesce(ended_ns, ?2), summary = "
                       "coalesce(summary, '{\"aborted\":\"the process ended before the run finished\"}') "
                       "WHERE run_id = ?1");
        mark.bind(1, id).bind(2, unix_nanos(wall_now()));
        mark.run();
    }
}

}  // namespace

namespace {

// Another process holds the file: try again from a fresh connection.
struct BusyDuringOpen : StoreError {
    using StoreError::StoreError;
};

void switch_to_wal_and_migrate(Connection& db, const OpenOptions& options) {
    // First of all: while another process creates or migrates the file, wait for it.
    db.exec("PRAGMA busy_timeout=" + std::to_string(kBusyTimeoutMs));
    version_or_refuse(db);
    int target = options.migrate_up_to > 0 ? options.migrate_up_to : latest_schema_version();
    apply_pragmas_for_writing(db, options.durability);
    // Everything below under the write lock: another process may be creating or migrating the
    // same file right now, and its half-made schema must never be judged "not ours".
    Transaction tx(db, Transaction::Kind::immediate);
    int current = schema_version(db);
    refuse_foreign_or_newer(db, current);
    for (const auto& m : all_migrations()) {
        if (m.version <= current || m.version > target) continue;
        db.exec(m.sql);
        // Prepared after the migration: version 1 creates the schema_version table itself.
        Statement record(db,
                         "INSERT INTO schema_version (version, description, applied_ns) VALUES (?, ?, ?)");
        record.bind(1, int64_t{m.version}).bind(2, m.description).bind(3, unix_nanos(wall_now()));
        record.run();
        db.exec("PRAGMA user_version=" + std::to_string(m.version));
    }
    if (std::max(current, target) >= 2) mark_aborted_runs(db);
    tx.commit();
}

// One attempt; a busy or locked answer throws BusyDuringOpen.
Connection open_and_migrate(const std::filesystem::path& file, const OpenOptions& options) {
    Connection db(file, Connection::Mode::read_write_create);
    try {
        switch_to_wal_and_migrate(db, options);
    } catch (const StoreError& e) {
        if (is_busy(db)) throw BusyDuringOpen(e.what());
        throw;
    }
    return db;
}

}  // namespace

Connection open_for_writing(const std::filesystem::path& file, OpenOptions options) {
    // SQLite's busy timeout does not cover everything here: switching to WAL mode a file that
    // another process has just created and holds answers "database is locked" at once, without
    // waiting. So a busy open is tried again, from a fresh connection, until the same deadline.
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + milliseconds(kBusyTimeoutMs);
    for (auto pause = milliseconds(2);; pause = std::min(pause * 2, milliseconds(100))) {
        try {
            return open_and_migrate(file, options);
        } catch (const BusyDuringOpen& e) {
            if (steady_clock::now() + pause >= deadline)
                throw StoreError(
                    file.string() +
                    ": the database is busy: another robo_trader process has been writing it for " +
                    std::to_string(kBusyTimeoutMs / 1000) + " s; try again when it has finished (" +
                    e.what() + ")");
            std::this_thread::sleep_for(pause);
        }
    }
}

Connection open_for_reading(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file))
        throw StoreError(file.string() +
                         ": no database here (create one with `robo_trader import` or a run)");
    Connection db(file, Connection::Mode::read_only);
    db.exec("PRAGMA busy_timeout=5000");
    int version = version_or_refuse(db);
    refuse_foreign_or_newer(db, version);
    if (version == 0)
        throw StoreError(
            file.string() +
            ": not a robo_trader database (an empty file); create one with `robo_trader import`");
    if (version < latest_schema_version())
        throw StoreError(file.string() + ": schema version " + std::to_string(version) + " is older than " +
                         std::to_string(latest_schema_version()) +
                         "; open it once for writing (e.g. `robo_trader db migrate`) to upgrade it");
    return db;
}

}  // namespace robo::store
