#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "robo/web/alerts.hpp"
#include "support/webhook_receiver.hpp"

using namespace robo::web;
using robo::test::Receiver;

TEST(Alerts, PostsJsonToTheWebhook) {
    Receiver receiver(0);
    AlertPoster poster({.url = receiver.url(), .first_backoff = std::chrono::milliseconds(5)});
    ASSERT_TRUE(poster.post("kill_switch_tripped", {{"reason", "daily loss 0.6% > 0.5%"}}));
    ASSERT_TRUE(poster.flush(std::chrono::seconds(5)));
    auto bodies = receiver.bodies();
    ASSERT_EQ(bodies.size(), 1u);
    auto j = nlohmann::json::parse(bodies[0]);
    EXPECT_EQ(j["kind"], "kill_switch_tripped");
    EXPECT_EQ(j["details"]["reason"], "daily loss 0.6% > 0.5%");
    EXPECT_EQ(poster.counters().delivered.load(), 1u);
}

TEST(Alerts, RetriesWithBackoffUntilTheReceiverAccepts) {
    Receiver receiver(2);
    AlertPoster poster(
        {.url = receiver.url(), .max_attempts = 5, .first_backoff = std::chrono::milliseconds(5)});
    poster.post("broker_disconnected", {{"code", 1100}});
    ASSERT_TRUE(poster.flush(std::chrono::seconds(5)));
    EXPECT_EQ(receiver.requests(), 3);
    EXPECT_EQ(poster.counters().retries.load(), 2u);
    EXPECT_EQ(poster.counters().delivered.load(), 1u);
}

TEST(Alerts, GivesUpAfterMaxAttemptsAndCountsIt) {
    Receiver receiver(100);
    AlertPoster poster(
        {.url = receiver.url(), .max_attempts = 3, .first_backoff = std::chrono::milliseconds(1)});
    poster.post("feed_stalled", {{"symbol", "AAPL"}});
    ASSERT_TRUE(poster.flush(std::chrono::seconds(5)));
    EXPECT_EQ(receiver.requests(), 3);
    EXPECT_EQ(poster.counters().gave_up.load(), 1u);
}

TEST(Alerts, UnreachableWebhookNeverBlocksTheCaller) {
    // Port 1 on loopback refuses connections; post() must still return at once.
    AlertPoster poster({.url = "http://127.0.0.1:1/x",
                        .max_attempts = 2,
                        .first_backoff = std::chrono::milliseconds(1),
                        .queue_capacity = 4});
    int accepted = 0;
    for (int i = 0; i < 100; ++i) accepted += poster.post("limit_breached", {{"i", i}});
    EXPECT_LE(accepted, 5);  // the bound (one may already be in flight)
    EXPECT_GE(poster.counters().dropped.load(), 95u);
}

TEST(Alerts, RefusesUrlsItCannotServe) {
    EXPECT_THROW(AlertPoster({.url = "https://example.invalid/hook"}), std::invalid_argument);
    EXPECT_THROW(AlertPoster({.url = "http://:80/x"}), std::invalid_argument);
    EXPECT_THROW(AlertPoster({.url = "http://host:port/x"}), std::invalid_argument);
}
