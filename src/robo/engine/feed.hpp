// engine/feed.hpp — the engine's names for the market-data interface, which lives in
// data/feed.hpp so that the sources implementing it need not depend on the engine.
#pragma once
#include "robo/data/feed.hpp"

namespace robo::engine {
using data::bar_known_at;
using data::EventsFeed;
using data::Feed;
using data::FeedNotice;
using data::FeedStatus;
using data::MarketEvent;
using data::VectorFeed;
}  // namespace robo::engine
