// Every request has a deadline (IBKR_TIMEOUT): a historical request whose answer is lost
// or cannot be decoded is asked again within the pacing rules, then given up and reported;
// a frame that cannot be decoded is counted and skipped, and the stream goes on.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;
using namespace std::chrono_literals;

namespace {

ReqHistoricalData minute_bars(std::string symbol) {
    ReqHistoricalData r;
    r.contract = stock(std::move(symbol));
    r.bar_size = "1 min";
    r.duration = "3600 S";
    r.format_date = 2;
    return r;
}

// A retry is an identical request: IBKR's 15 s rule for those, shortened on both sides.
void short_pacing(sim::SimConfig& s) { s.identical_hist_window = 10ms; }

struct Notices {
    std::vector<ClientNotice> all;
    std::size_t count(ClientNotice::Kind k, int req_id = -2) const {
        return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const ClientNotice& n) {
            return n.kind == k && (req_id == -2 || n.req_id == req_id);
        }));
    }
};

Client& connect(Loopback& lb, Notices& notices, std::chrono::milliseconds timeout, int attempts = 3) {
    auto& c = lb.connect([&](ClientConfig& cfg) {
        cfg.request_timeout = timeout;
        cfg.historical_attempts = attempts;
        cfg.historical_pacing.identical_window = 10ms;
        cfg.heartbeat = 5s;  // no reconnect while a slow simulator is silent
    });
    c.on_notice = [&notices](const ClientNotice& n) { notices.all.push_back(n); };
    return c;
}

std::size_t answers_for(const Recorder& rec, int req_id) {
    std::size_t n = 0;
    for (auto& h : rec.all<HistoricalDataMsg>()) n += h.req_id == req_id;
    return n;
}

}  // namespace

TEST(RequestDeadlines, ParsesTheHistoryFaults) {
    EXPECT_EQ(sim::parse_fault("drop-history").kind, sim::FaultKind::drop_history);
    EXPECT_EQ(sim::parse_fault("drop-history:3").count, 3);
    EXPECT_EQ(sim::parse_fault("garble-history:2").kind, sim::FaultKind::garble_history);
    EXPECT_EQ(sim::parse_fault("garble-history:2").count, 2);
}

TEST(RequestDeadlines, HistoricalRequestWithoutAnswerIsAskedAgainAfterTheTimeoutAndTheRetryAnswers) {
    Loopback lb(short_pacing);
    Notices notices;
    auto& c = connect(lb, notices, 300ms);
    lb.sim->inject(sim::parse_fault("drop-history:1"));
    auto asked = std::chrono::steady_clock::now();
    int id = c.request_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return answers_for(lb.rec, id) == 1; }, 5s)) << "the retry was answered";
    EXPECT_GE(std::chrono::steady_clock::now() - asked, 300ms) << "asked again only after the timeout";
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>().back().bars.size(), 60u);
    EXPECT_EQ(lb.sim->stats().historical_dropped, 1u);
    EXPECT_EQ(lb.sim->stats().historical_requests, 2u) << "one try lost, one retry";
    EXPECT_EQ(c.stats().timeouts, 1u);
    EXPECT_EQ(c.stats().historical_retries, 1u);
    EXPECT_EQ(notices.count(ClientNotice::Kind::request_retried, id), 1u);
    EXPECT_EQ(notices.count(ClientNotice::Kind::request_failed), 0u);
    EXPECT_FALSE(lb.rec.has_error(366)) << "the answer to our own cancel is not forwarded";
    EXPECT_EQ(lb.sim->stats().pacing_rejections, 0u) << "the retry kept to the pacing rules";
}

TEST(RequestDeadlines, HistoricalRequestIsGivenUpAfterItsLastTryAndReported) {
    Loopback lb(short_pacing);
    Notices notices;
    auto& c = connect(lb, notices, 200ms, 3);
    lb.sim->inject(sim::parse_fault("drop-history:3"));
    int id = c.request_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return notices.count(ClientNotice::Kind::request_failed, id) == 1; }, 5s));
    EXPECT_EQ(answers_for(lb.rec, id), 0u);
    EXPECT_EQ(lb.sim->stats().historical_requests, 3u) << "three tries, no more";
    EXPECT_EQ(notices.count(ClientNotice::Kind::request_retried, id), 2u);
    EXPECT_EQ(c.stats().historical_failures, 1u);
    EXPECT_NE(notices.all.back().text.find("after 3 tries"), std::string::npos) << notices.all.back().text;
    // Nothing more is asked for it, and the pacer's slot is free for the next request.
    lb.run_for(400ms);
    EXPECT_EQ(lb.sim->stats().historical_requests, 3u);
    int next = c.request_historical(minute_bars("MSFT"));
    ASSERT_TRUE(lb.run_until([&] { return answers_for(lb.rec, next) == 1; }));
}

TEST(RequestDeadlines, UndecodableHistoricalAnswerIsCountedSkippedAndAskedAgainAtOnce) {
    Loopback lb(short_pacing);
    Notices notices;
    auto& c = connect(lb, notices, 10s);  // the retry must not wait for the timeout
    int md = c.subscribe_market_data(stock("MSFT"));
    lb.sim->inject(sim::parse_fault("garble-history:1"));
    int id = c.request_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return answers_for(lb.rec, id) == 1; }, 3s));
    EXPECT_EQ(lb.sim->stats().historical_garbled, 1u);
    EXPECT_EQ(c.stats().decode_errors, 1u);
    EXPECT_EQ(c.stats().timeouts, 0u);
    EXPECT_EQ(c.stats().historical_retries, 1u);
    ASSERT_EQ(notices.count(ClientNotice::Kind::undecodable), 1u);
    EXPECT_EQ(notices.all.front().message_id, HistoricalDataMsg::id);
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>().back().bars.size(), 60u) << "the retry's answer is whole";
    // The stream went on past the bad frame.
    auto ticks = lb.rec.count<TickPrice>();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<TickPrice>() > ticks; }));
    EXPECT_EQ(lb.rec.all<TickPrice>().back().req_id, md);
    EXPECT_TRUE(c.ready());
}

TEST(RequestDeadlines, UndecodableAnswerOnEveryTryIsGivenUpAndReported) {
    Loopback lb(short_pacing);
    Notices notices;
    auto& c = connect(lb, notices, 10s, 2);
    lb.sim->inject(sim::parse_fault("garble-history:2"));
    int id = c.request_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return notices.count(ClientNotice::Kind::request_failed, id) == 1; }, 3s));
    EXPECT_EQ(c.stats().decode_errors, 2u);
    EXPECT_EQ(answers_for(lb.rec, id), 0u);
    EXPECT_NE(notices.all.back().text.find("undecodable"), std::string::npos) << notices.all.back().text;
}

TEST(RequestDeadlines, ContractDetailsWithoutAnswerInTimeAreAskedOnceMoreThenReportedFailed) {
    Loopback lb;
    Notices notices;
    auto& c = connect(lb, notices, 100ms);
    // The re-reads after connecting answered first (they have deadlines too).
    ASSERT_TRUE(lb.run_until(
        [&] { return lb.rec.count<OpenOrderEnd>() == 1 && lb.rec.count<ExecDetailsEnd>() == 1; }));
    lb.sim->inject(sim::parse_fault("slow:700"));  // every answer comes after the deadline
    int id = c.request_contract_details(stock("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return notices.count(ClientNotice::Kind::request_failed, id) == 1; }, 3s));
    EXPECT_EQ(notices.count(ClientNotice::Kind::request_retried, id), 1u);
    EXPECT_EQ(c.stats().timeouts, 2u);
    EXPECT_EQ(c.stats().requests_failed, 1u);
}

TEST(RequestDeadlines, AnAnswerInTimeClearsTheDeadline) {
    Loopback lb(short_pacing);
    Notices notices;
    auto& c = connect(lb, notices, 300ms);
    int id = c.request_historical(minute_bars("AAPL"));
    c.request_contract_details(stock("MSFT"));
    ASSERT_TRUE(lb.run_until(
        [&] { return answers_for(lb.rec, id) == 1 && lb.rec.count<ContractDetailsEnd>() == 1; }));
    lb.run_for(700ms);
    EXPECT_EQ(c.stats().timeouts, 0u);
    EXPECT_TRUE(notices.all.empty()) << notices.all.front().text;
    EXPECT_EQ(lb.sim->stats().historical_requests, 1u);
}
