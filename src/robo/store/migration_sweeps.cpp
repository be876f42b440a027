// store/migration_sweeps.cpp — schema version 5: the research runner's sweeps and their
// runs (research/sweep_store.hpp writes them; docs/research.md describes the columns).
// A sweep is identified by the hash of its definition (grids, search, every backtest
// setting), so recording the same sweep again replaces its rows instead of adding copies.
// Metrics are REAL (NULL when not computable); final equity is exact, in 1e-8 USD.
#include <string>

namespace robo::store {

// A function rather than a global: database.cpp's list may be built before this file's
// globals are.
std::string v5_sweeps() {
    return R"sql(
CREATE TABLE sweeps (
    sweep_id        TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('sweep', 'walkforward')),
    recorded_ns     INTEGER NOT NULL,
    objective       TEXT NOT NULL,
    definition      TEXT NOT NULL,
    runs            INTEGER NOT NULL,
    done            INTEGER NOT NULL,
    failed          INTEGER NOT NULL,
    skipped         INTEGER NOT NULL,
    best_run        TEXT,
    deflated_sharpe REAL,
    pbo             REAL,
    summary         TEXT NOT NULL
) STRICT;

CREATE TABLE sweep_runs (
    sweep_id        TEXT NOT NULL REFERENCES sweeps (sweep_id) ON DELETE CASCADE,
    run_id          TEXT NOT NULL,
    strategy        TEXT NOT NULL,
    params          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    reason          TEXT NOT NULL DEFAULT '',
    final_equity_e8 INTEGER,
    total_return    REAL,
    cagr            REAL,
    sharpe          REAL,
    sortino         REAL,
    max_drawdown    REAL,
    calmar          REAL,
    trades          INTEGER,
    win_rate        REAL,
    profit_factor   REAL,
    exposure        REAL,
    PRIMARY KEY (sweep_id, run_id)
) STRICT;
)sql";
}

}  // namespace robo::store
