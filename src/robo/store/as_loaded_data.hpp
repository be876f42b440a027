// store/as_loaded_data.hpp — the database's market data in the shape the CSV loader gives
// (data::LoadedData), so a backtest or the feature engine can run from the database
// through exactly the path it runs from files.
//
// One BarFile per (symbol, timeframe) series, one TickFile / QuoteFile per symbol, each
// with `path` = "FILE#SYMBOL/TIMEFRAME" (or "#SYMBOL/ticks", "#SYMBOL/quotes") so messages
// still say where data came from. Nothing is rejected here: rows were checked when they
// were imported (rejections are in quality_findings). Never writes.
#pragma once
#include <filesystem>
#include <span>

#include "robo/data/files/inventory.hpp"
#include "robo/store/reader.hpp"

namespace robo::store {

struct DatabaseSelection {
    std::vector<Symbol> symbols;  // empty: every symbol
    Timestamp from = time_min;
    Timestamp to = time_max;  // exclusive
    bool bars = true, ticks = true, quotes = true;
};

data::LoadedData load_from_database(const std::filesystem::path& file,
                                    const DatabaseSelection& selection = {});

}  // namespace robo::store
