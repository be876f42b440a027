// research/shared_data.hpp — the market data of a sweep or a walk-forward, read and
// checked once, shared read-only by every run on every thread.
//
// The files are read once (with the first plan's selection). A run whose selection differs
// — another --from/--to window, or a strategy needing more or fewer warm-up bars before
// --from — gets the same files selected anew by engine::feed_from_loaded, the selection
// `backtest` itself runs, so each run sees exactly the bars `backtest` with its parameters
// would. A selection is built once, on first use, and dropped by release() when its last
// run is done, so memory holds the files plus the selections in use, whatever the number
// of runs. Thread-safe.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "robo/engine/backtest.hpp"
#include "robo/session/plan.hpp"

namespace robo::research {

// What distinguishes the selections of one sweep's runs (everything else is the same).
std::string selection_key(const engine::DataSelection& s);

class SharedData {
public:
    // Reads and checks the files `plan` selects. Throws std::runtime_error naming what could
    // not be read; std::invalid_argument for a plan that reads a database.
    explicit SharedData(const session::Plan& plan);
    // The data of a plan of the same sweep. Throws as above.
    std::shared_ptr<const engine::LoadedFeed> get(const session::Plan& plan);
    // Drops the selection of that key (selection_key of a plan's data) once no run needs it.
    void release(const std::string& key);
    const engine::LoadedFeed& first() const noexcept { return *first_; }

private:
    std::shared_ptr<const engine::LoadedFeed> first_;
    std::string first_key_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const engine::LoadedFeed>> selections_;
};

}  // namespace robo::research
