// engine/quality_feed.hpp — the data-quality gate on a live stream (IBKR), record by record.
//
// Files pass the causal row gate when they are loaded (data/quality/row_gate.hpp); a live
// feed has no file, so this decorator runs the streaming validator (validator.hpp) over
// every event before the engine sees it: prices that contradict themselves, times out of
// order, duplicates, times in the future (wall clock), and outliers against the recent
// robust band are quarantined — counted by reason, logged once per symbol and reason, and
// never delivered. Flagged records (a bar outside its session, zero volume) pass. With
// stop_on_bad (DATA_ON_BAD_ROW=stop) the first quarantined record ends the session with
// an error naming the symbol, the time and the reason. Engine thread only.
#pragma once
#include <array>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "robo/data/quality/validator.hpp"
#include "robo/engine/feed.hpp"

namespace robo::engine {

struct QualityFeedOptions {
    data::quality::QualityRules rules{};
    bool stop_on_bad = false;
    size_t examples_kept = 20;  // described records kept for the summary
};

class QualityGatedFeed final : public Feed {
public:
    QualityGatedFeed(Feed& inner, QualityFeedOptions options = {});

    bool next(MarketEvent& out) override;
    bool peek_time(Timestamp& out) const override;
    bool ended() const override { return !buffered_ && inner_.ended(); }
    void set_wake(std::function<void()> wake) override { inner_.set_wake(std::move(wake)); }
    long remaining() const override { return inner_.remaining(); }
    std::vector<FeedNotice> take_notices() override;
    FeedStatus status() const override { return inner_.status(); }

    uint64_t quarantined() const noexcept { return quarantined_; }
    uint64_t quarantined(data::quality::Check reason) const noexcept {
        return by_reason_[static_cast<size_t>(reason)];
    }
    // "outlier 2, ohlc_inconsistent 1"; empty when nothing was quarantined.
    std::string summary() const;
    const std::vector<std::string>& examples() const noexcept { return examples_; }

private:
    // Pulls from the inner feed until a record passes (buffered) or nothing is queued.
    bool fill() const;
    bool admit(const MarketEvent& ev) const;

    Feed& inner_;
    QualityFeedOptions options_;
    mutable data::quality::FindingLog log_;
    mutable data::quality::Validator validator_;
    mutable std::optional<MarketEvent> buffered_;
    mutable uint64_t quarantined_ = 0;
    mutable std::array<uint64_t, data::quality::check_count> by_reason_{};
    mutable std::vector<std::string> examples_;
    mutable std::set<std::pair<Symbol, data::quality::Check>> logged_;
};

}  // namespace robo::engine
