// tests/engine/hand_feed.hpp — a live feed filled by the test from another thread.
#pragma once
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "robo/data/feed_notice.hpp"
#include "robo/engine/feed.hpp"

namespace robo::test {

// Filled from another thread, as the IBKR adapter fills it from its io thread.
class HandFeed final : public engine::Feed {
public:
    void add(const Bar& b, bool backfill = false) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            q_.push_back({engine::bar_known_at(b), b, backfill});
            wake = wake_;
        }
        if (wake) wake();
    }
    void end() {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            ended_ = true;
            wake = wake_;
        }
        if (wake) wake();
    }
    bool next(engine::MarketEvent& out) override {
        std::lock_guard lock(mu_);
        if (q_.empty()) return false;
        out = q_.front();
        q_.pop_front();
        return true;
    }
    bool peek_time(Timestamp& out) const override {
        std::lock_guard lock(mu_);
        if (q_.empty()) return false;
        out = q_.front().time;
        return true;
    }
    bool ended() const override {
        std::lock_guard lock(mu_);
        return ended_ && q_.empty();
    }
    void set_wake(std::function<void()> wake) override {
        std::lock_guard lock(mu_);
        wake_ = std::move(wake);
    }
    // A notice for a person (as IbkrMarketData's backfill_failed), and the status line.
    void notice(engine::FeedNotice n, std::string status) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            notices_.push_back(std::move(n));
            status_ = std::move(status);
            wake = wake_;
        }
        if (wake) wake();
    }
    std::vector<engine::FeedNotice> take_notices() override {
        std::lock_guard lock(mu_);
        return std::exchange(notices_, {});
    }
    engine::FeedStatus status() const override {
        std::lock_guard lock(mu_);
        return {status_, !status_.empty(), 0, 0, 1};
    }

private:
    mutable std::mutex mu_;
    std::deque<engine::MarketEvent> q_;
    std::vector<engine::FeedNotice> notices_;
    std::string status_;
    bool ended_ = false;
    std::function<void()> wake_;
};

}  // namespace robo::test
