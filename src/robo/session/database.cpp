// session/database.cpp — see database.hpp.
#include "robo/session/database.hpp"

#include <chrono>
#include <stdexcept>

#include "robo/store/as_loaded_data.hpp"

namespace robo::session {

engine::LoadedFeed load_feed_from_database(const std::filesystem::path& db,
                                           const engine::DataSelection& sel) {
    store::DatabaseSelection want;
    want.symbols = sel.symbols;
    // The same bounds the engine's selection applies (the `to` day included); that
    // selection still runs below, so both paths count and filter alike.
    // With warm-up, the bars before `from` are needed too (feed_from_loaded picks them).
    if (sel.from && sel.warmup.empty()) want.from = *sel.from;
    if (sel.to) want.to = *sel.to + std::chrono::days(1);
    data::LoadedData loaded = store::load_from_database(db, want);  // throws StoreError, one line
    loaded.time_zone = sel.time_zone;
    if (loaded.files_read() == 0 && sel.symbols.empty())
        throw std::runtime_error(db.string() +
                                 ": the database holds no market data (load some with `robo_trader import "
                                 "--data DIR --db " +
                                 db.string() + "`)");
    engine::DataSelection named = sel;
    named.data = db;
    return engine::feed_from_loaded(std::move(loaded), named);
}

}  // namespace robo::session
