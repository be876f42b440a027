// tests/backtest — the loader on a folder of test files, with the selection's options set by
// the test and "now" fixed (so no row is ever in the future).
#pragma once
#include <filesystem>
#include <functional>

#include "robo/engine/backtest.hpp"

namespace robo::test {

inline engine::LoadedFeed load_dir(const std::filesystem::path& dir,
                                   const std::function<void(engine::DataSelection&)>& options) {
    engine::DataSelection sel;
    sel.data = dir;
    sel.now = parse_timestamp("2030-01-01T00:00:00Z");
    options(sel);
    return engine::load_feed(sel);
}

}  // namespace robo::test
