// apps/db_source.cpp — see db_source.hpp.
#include "db_source.hpp"

#include <chrono>
#include <stdexcept>

#include "robo/config/loader.hpp"
#include "robo/store/as_loaded_data.hpp"

namespace robo::apps {

DatabaseSetting configured_database() {
    auto result = config::load();
    DatabaseSetting s;
    const auto* v = result.value("DATA_DB_PATH");
    if (v && v->valid && !result.config.data.db_path.empty()) {
        s.path = result.config.data.db_path;
        s.explicit_setting = v->source.kind != config::Source::Kind::default_value;
    } else {
        s.path = "robo_trader.db";
    }
    return s;
}

std::filesystem::path database_or_configured(const std::string& flag_value) {
    return flag_value.empty() ? configured_database().path : std::filesystem::path(flag_value);
}

bool stop_on_bad_row() { return config::load().config.data.on_bad_row == config::BadRowPolicy::stop; }

engine::LoadedFeed load_feed_from_database(const std::filesystem::path& db,
                                           const engine::DataSelection& sel) {
    store::DatabaseSelection want;
    want.symbols = sel.symbols;
    // The same bounds the engine's selection applies (the `to` day included); that
    // selection still runs below, so both paths count and filter alike.
    if (sel.from) want.from = *sel.from;
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

}  // namespace robo::apps
