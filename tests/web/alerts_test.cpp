#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>

#include "robo/web/alerts.hpp"

using namespace robo::web;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A webhook receiver on loopback that fails the first `failures` requests with 500.
class Receiver {
public:
    explicit Receiver(int failures)
        : failures_(failures), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~Receiver() {
        stop_ = true;
        beast::error_code ec;
        // Unblock accept with one last connection.
        asio::ip::tcp::socket s(ioc_);
        s.connect(acceptor_.local_endpoint(), ec);
        thread_.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook";
    }
    std::vector<std::string> bodies() {
        std::lock_guard l(m_);
        return bodies_;
    }
    int requests() {
        std::lock_guard l(m_);
        return requests_;
    }

private:
    void serve() {
        while (!stop_) {
            asio::ip::tcp::socket socket(ioc_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stop_) return;
            beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(socket, buffer, req, ec);
            if (ec) continue;
            bool fail;
            {
                std::lock_guard l(m_);
                ++requests_;
                fail = requests_ <= failures_;
                if (!fail) bodies_.push_back(req.body());
            }
            http::response<http::string_body> res{
                fail ? http::status::internal_server_error : http::status::ok, 11};
            res.prepare_payload();
            http::write(socket, res, ec);
        }
    }

    int failures_;
    asio::io_context ioc_;
    asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::mutex m_;
    std::vector<std::string> bodies_;
    int requests_ = 0;
};

}  // namespace

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
