// data/feed_notice.hpp — something about a feed that a person must hear of. The engine
// records it on the audit trail as `kind` with `fields` (e.g. "backfill_failed", {symbol,
// reason}); a feed that has notices and the engine that takes them include this header.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "robo/data/feed.hpp"

namespace robo::data {

struct FeedNotice {
    std::string kind;
    nlohmann::json fields;
};

}  // namespace robo::data
