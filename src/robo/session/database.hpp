// session/database.hpp — market data loaded from the database in the shape the CSV path
// gives, so a session from the database takes exactly the path a session from files takes.
// Never writes.
#pragma once
#include <filesystem>

#include "robo/engine/backtest.hpp"

namespace robo::session {

// The selection of `backtest`/`run` over the market data of `db` (bars, ticks, quotes),
// through engine::feed_from_loaded, so results equal a run over the CSV files the
// database was imported from. Throws with a one-line reason for a missing file, a file
// that is not a robo_trader database, or a database without market data.
engine::LoadedFeed load_feed_from_database(const std::filesystem::path& db, const engine::DataSelection& sel);

}  // namespace robo::session
