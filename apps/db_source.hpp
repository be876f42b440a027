// apps/db_source.hpp — the database as a command's source and target: which file `--db`
// means, and market data loaded from it in the shape the CSV path gives.
//
// `--db` with no value, and the commands that default to a database (import, db), use
// DATA_DB_PATH from the configuration (default robo_trader.db). Never writes.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "robo/engine/backtest.hpp"

namespace robo::apps {

struct DatabaseSetting {
    std::filesystem::path path;     // DATA_DB_PATH (its default when unset)
    bool explicit_setting = false;  // set by the environment, .env or config.toml, not the default
};

// DATA_DB_PATH as configured. An invalid configuration is reported by the command that
// loads it in full; here the default is used.
DatabaseSetting configured_database();

// The flag's value, or DATA_DB_PATH when the flag is empty.
std::filesystem::path database_or_configured(const std::string& flag_value);

// DATA_ON_BAD_ROW=stop: the first bad row of the data ends the command, naming FILE:LINE and why.
bool stop_on_bad_row();

// The selection of `backtest`/`run` over the market data of `db` (bars, ticks, quotes),
// through engine::feed_from_loaded, so results equal a run over the CSV files the
// database was imported from. Throws with a one-line reason for a missing file, a file
// that is not a robo_trader database, or a database without market data.
engine::LoadedFeed load_feed_from_database(const std::filesystem::path& db, const engine::DataSelection& sel);

}  // namespace robo::apps
