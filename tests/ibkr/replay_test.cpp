// The simulator replays recorded CSV data: live ticks are the recorded prices, and the
// first half of the records is there for historical requests.
#include <gtest/gtest.h>

#include "robo/data/files/readers.hpp"
#include "support.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;

TEST(Replay, LiveTicksAreTheRecordedClosesOfTheSampleFile) {
    auto file = data::read_bar_file(robo::test::sample_dir() / "daily" / "AAPL.csv");
    ASSERT_GT(file.bars.size(), 10u);
    std::map<std::string, std::vector<sim::ReplayPoint>> replay;
    auto lines = sim::load_replay((robo::test::sample_dir() / "daily").string(), replay);
    ASSERT_TRUE(replay.count("AAPL")) << (lines.empty() ? "" : lines.front());
    ASSERT_EQ(replay["AAPL"].size(), file.bars.size());

    Loopback lb([&](sim::SimConfig& s) {
        s.replay = replay;
        s.symbols.clear();
    });
    auto& c = lb.connect();
    c.subscribe_market_data(stock("AAPL"));
    ASSERT_TRUE(lb.run_until([&] {
        for (auto& t : lb.rec.all<TickPrice>())
            if (t.tick_type == 4) return true;
        return false;
    }));
    std::set<double> closes;
    for (auto& b : file.bars) closes.insert(b.close.to_double());
    for (auto& t : lb.rec.all<TickPrice>()) {
        if (t.tick_type == 4) {
            EXPECT_TRUE(closes.count(t.price)) << t.price << " is not a recorded close";
        }
    }
    ReqHistoricalData r;
    r.contract = stock("AAPL");
    r.bar_size = "1 secs";
    r.duration = "10 S";
    r.end_date_time = "20250102-14:30:00";  // the simulator's start: history is the first half
    c.request_historical(r);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<HistoricalDataMsg>() == 1; }));
    auto bars = lb.rec.all<HistoricalDataMsg>()[0].bars;
    ASSERT_EQ(bars.size(), 10u);
    std::size_t half = file.bars.size() / 2;
    EXPECT_NEAR(bars.back().close, file.bars[half - 1].close.to_double(), 1e-9);
}

TEST(Replay, UnreadableFolderIsAClearError) {
    std::map<std::string, std::vector<sim::ReplayPoint>> replay;
    EXPECT_THROW(sim::load_replay("/nonexistent/robo-data", replay), std::runtime_error);
}
