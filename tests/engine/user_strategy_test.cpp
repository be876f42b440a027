// A strategy a user writes in a program's own .cpp registers itself and runs by name
// through the same session builder as the built-ins; nothing central names it.
#include <gtest/gtest.h>

#include <sstream>

#include "robo/config/loader.hpp"
#include "robo/session/builder.hpp"
#include "robo/strategy/schema.hpp"
#include "support/isolation.hpp"
#include "support/paths.hpp"

namespace robo {
namespace {

// Long from the `enter`-th bar of each symbol on: the simplest thing that trades.
class LongFromBar final : public strategy::Strategy {
public:
    explicit LongFromBar(int enter) : enter_(enter) {}
    std::string_view name() const noexcept override { return "test_long_from_bar"; }
    void on_bar(strategy::Context& ctx, const Bar& bar) override {
        if (++seen_[bar.symbol] < enter_) return;
        strategy::Signal s;
        s.symbol = bar.symbol;
        s.direction = strategy::Direction::long_;
        s.reason = "test_long";
        ctx.signal(s);
    }

private:
    int enter_;
    std::unordered_map<Symbol, int> seen_;
};

const strategy::Registration registration{{
    .name = "test_long_from_bar",
    .description = "Long from a given bar of each symbol on (a test's own strategy)",
    .params = {{"enter", strategy::ParamType::integer, 5, 1, 100, "Bar of each symbol to enter on"}},
    .make = [](const strategy::ParamValues& v) { return std::make_unique<LongFromBar>(int(v.at("enter"))); },
}};

TEST(UserStrategy, AStrategyInTheTestsOwnFileRunsByNameThroughTheSessionBuilder) {
    namespace fs = std::filesystem;
    const fs::path out = fs::temp_directory_path() / ("robo_user_strategy_" + std::to_string(::getpid()));
    fs::remove_all(out);
    config::LoadOptions lo;
    lo.environment = {};
    session::SessionRequest r;
    r.data = (test::sample_dir() / "daily").string();
    r.symbols = {"AAPL", "MSFT"};
    r.out = out.string();
    r.strategies = {"test_long_from_bar:enter=3"};
    session::SessionBuilder b(session::plan_session(config::load(lo), r));
    std::ostringstream sink;
    b.assemble(sink);
    const auto outcome = b.run(sink);
    EXPECT_EQ(b.session().portfolio().fills().size(), 2u);  // one entry per symbol, held to the end
    EXPECT_GT(outcome.metrics.final_equity.to_double(), 0);
    fs::remove_all(out);
}

}  // namespace
}  // namespace robo
