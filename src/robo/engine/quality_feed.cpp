#include "robo/engine/quality_feed.hpp"

#include <stdexcept>

#include "robo/data/feed_notice.hpp"
#include "robo/log/log.hpp"

namespace robo::engine {

namespace dq = data::quality;

std::vector<FeedNotice> QualityGatedFeed::take_notices() { return inner_.take_notices(); }

QualityGatedFeed::QualityGatedFeed(Feed& inner, QualityFeedOptions options)
    : inner_(inner), options_(std::move(options)), validator_(options_.rules, &log_) {}

bool QualityGatedFeed::admit(const MarketEvent& ev) const {
    // The wall clock: a live record stamped in the future is a broken clock, not news.
    const Timestamp now = wall_now();
    const dq::Action action =
        std::visit([&](const auto& rec) { return validator_.check(rec, now); }, ev.data);
    if (action != dq::Action::quarantined) {
        log_.clear();  // only this record's findings are ever looked at
        return true;
    }
    const dq::Finding* why = nullptr;
    for (const auto& f : log_.findings())
        if (f.action == dq::Action::quarantined) why = &f;
    const dq::Check reason = why ? why->check : dq::Check::count_;
    const std::string text = why ? why->describe() : std::string(ev.symbol().view()) + " quarantined";
    log_.clear();
    ++quarantined_;
    if (reason != dq::Check::count_) ++by_reason_[static_cast<size_t>(reason)];
    if (examples_.size() < options_.examples_kept) examples_.push_back(text);
    if (options_.stop_on_bad) throw std::runtime_error("live data: " + text + " (DATA_ON_BAD_ROW=stop)");
    if (logged_.emplace(ev.symbol(), reason).second)
        log::warn("data", "live_record_quarantined",
                  {{"record", text}, {"note", "logged once per symbol and reason"}});
    return false;
}

bool QualityGatedFeed::fill() const {
    while (!buffered_) {
        Timestamp t;
        if (!inner_.peek_time(t)) return false;
        MarketEvent ev;
        if (!inner_.next(ev)) return false;
        if (admit(ev)) buffered_ = std::move(ev);
    }
    return true;
}

bool QualityGatedFeed::peek_time(Timestamp& out) const {
    if (!fill()) return false;
    out = buffered_->time;
    return true;
}

bool QualityGatedFeed::next(MarketEvent& out) {
    if (!fill()) return false;
    out = std::move(*buffered_);
    buffered_.reset();
    return true;
}

std::string QualityGatedFeed::summary() const {
    std::string s;
    for (size_t i = 0; i < by_reason_.size(); ++i) {
        if (!by_reason_[i]) continue;
        if (!s.empty()) s += ", ";
        s.append(dq::to_string(static_cast<dq::Check>(i))).append(" ").append(std::to_string(by_reason_[i]));
    }
    return s;
}

}  // namespace robo::engine
