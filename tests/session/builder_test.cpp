// The session builder's doors for the Python package and the research runner: a strategy
// object the caller built trades exactly like the same strategy named; one loaded data set
// serves several sessions on several threads; a research run writes no file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "robo/config/loader.hpp"
#include "robo/session/builder.hpp"
#include "robo/strategy/sma_crossover.hpp"
#include "support/isolation.hpp"
#include "support/paths.hpp"

namespace robo::session {
namespace {

namespace fs = std::filesystem;

Plan daily_plan(const fs::path& out, SessionRequest r = {}) {
    config::LoadOptions lo;
    lo.environment = {};
    r.data = (test::sample_dir() / "daily").string();
    r.symbols = {"AAPL", "MSFT"};
    r.out = out.string();
    return plan_session(config::load(lo), std::move(r));
}

Outcome run(SessionBuilder& b) {
    std::ostringstream sink;
    b.assemble(sink);
    return b.run(sink);
}

class SessionBuilderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_session_builder_" + std::to_string(::getpid()));
        fs::remove_all(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(SessionBuilderTest, AStrategyObjectTradesLikeTheSameStrategyNamed) {
    SessionRequest named;
    named.strategies = {"sma_crossover:fast=10,slow=30"};
    SessionBuilder a(daily_plan(dir / "named", named));
    const Outcome by_name = run(a);

    SessionRequest object;
    strategy::SmaCrossoverParams p;
    p.fast = 10;
    p.slow = 30;
    object.strategy_objects.push_back({std::make_shared<strategy::SmaCrossover>(p)});
    SessionBuilder b(daily_plan(dir / "object", object));
    const Outcome by_object = run(b);

    ASSERT_GT(by_name.metrics.trades, 0);
    EXPECT_EQ(by_object.metrics.trades, by_name.metrics.trades);
    EXPECT_EQ(by_object.metrics.final_equity, by_name.metrics.final_equity);
    EXPECT_EQ(b.session().portfolio().fills().size(), a.session().portfolio().fills().size());
}

TEST_F(SessionBuilderTest, ANullStrategyObjectIsRefusedByThePlan) {
    SessionRequest r;
    r.strategy_objects.push_back({nullptr});
    EXPECT_THROW(daily_plan(dir, r), std::invalid_argument);
}

TEST_F(SessionBuilderTest, OneLoadedDataSetServesSessionsOnSeveralThreads) {
    SessionRequest r;
    r.strategies = {"sma_crossover:fast=10,slow=30"};
    r.write_files = false;
    const Plan plan = daily_plan(dir / "shared", r);
    auto data = SessionBuilder::load_data(plan);
    ASSERT_GT(data->bars, 0u);

    SessionBuilder alone(plan, data);
    const Outcome reference = run(alone);
    ASSERT_GT(reference.metrics.trades, 0);

    Outcome first, second;
    std::thread t1([&] {
        SessionBuilder b(plan, data);
        first = run(b);
    });
    std::thread t2([&] {
        SessionBuilder b(plan, data);
        second = run(b);
    });
    t1.join();
    t2.join();
    EXPECT_EQ(first.metrics.final_equity, reference.metrics.final_equity);
    EXPECT_EQ(second.metrics.final_equity, reference.metrics.final_equity);
    EXPECT_EQ(second.metrics.trades, reference.metrics.trades);
}

TEST_F(SessionBuilderTest, AResearchRunWritesNoFile) {
    SessionRequest r;
    r.strategies = {"sma_crossover:fast=10,slow=30"};
    r.write_files = false;
    Plan plan = daily_plan(dir / "quiet", r);
    const fs::path audit = plan.audit_path;
    SessionBuilder b(std::move(plan));
    const Outcome o = run(b);
    EXPECT_GT(o.metrics.trades, 0);
    EXPECT_FALSE(fs::exists(dir / "quiet" / "trades.csv"));
    EXPECT_FALSE(fs::exists(audit));
    EXPECT_TRUE(o.files.report.empty());
}

TEST_F(SessionBuilderTest, ARunToTheEndOfItsDataSaysSoAsATypedCause) {
    SessionRequest r;
    r.strategies = {"sma_crossover:fast=10,slow=30"};
    r.write_files = false;
    SessionBuilder b(daily_plan(dir / "cause", r));
    const Outcome o = run(b);
    EXPECT_EQ(o.summary.stop_cause, engine::StopCause::end_of_data);
    EXPECT_EQ(o.summary.to_json().at("stop_cause"), "end_of_data");
    EXPECT_EQ(o.exit_code(), 0);
}

// A backtest's trail is written by its own thread (not synced): when run() returns, every
// record is already in the file, for a caller that reads it while the builder lives on (the
// Python Result read a trail without its last records once, on a loaded machine).
TEST_F(SessionBuilderTest, TheAuditFileIsCompleteWhenRunReturns) {
    for (int i = 0; i < 5; ++i) {
        SessionRequest r;
        r.strategies = {"sma_crossover:fast=5,slow=20"};
        SessionBuilder b(daily_plan(dir / ("audit" + std::to_string(i)), r));
        const Outcome o = run(b);
        ASSERT_GT(o.metrics.trades, 0);
        std::ifstream file(b.plan().audit_path);
        size_t lines = 0;
        for (std::string line; std::getline(file, line);) ++lines;
        auto* trail = dynamic_cast<log::AuditTrail*>(b.audit_trail());
        ASSERT_NE(trail, nullptr);
        EXPECT_EQ(lines, trail->last_seq()) << "run " << i << ": records still queued when run() returned";
    }
}

}  // namespace
}  // namespace robo::session
