// The C++ examples of docs/strategies.md (examples/cpp/, compiled into this program) run
// by name through the session builder, as `--strategy NAME` would run them.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "robo/config/loader.hpp"
#include "robo/session/builder.hpp"
#include "support/isolation.hpp"
#include "support/paths.hpp"

namespace robo {
namespace {

namespace fs = std::filesystem;

struct Ran {
    size_t fills = 0, orders = 0;
    int64_t trades = 0;
};

Ran run_example(const std::string& spec) {
    const fs::path out = fs::temp_directory_path() / ("robo_examples_" + std::to_string(::getpid()));
    fs::remove_all(out);
    config::LoadOptions lo;
    lo.environment = {};
    session::SessionRequest r;
    r.data = (test::sample_dir() / "daily").string();
    r.out = out.string();
    r.strategies = {spec};
    session::SessionBuilder b(session::plan_session(config::load(lo), r));
    std::ostringstream sink;
    b.assemble(sink);
    const auto outcome = b.run(sink);
    Ran ran{b.session().portfolio().fills().size(), b.session().orders().size(), outcome.metrics.trades};
    fs::remove_all(out);
    return ran;
}

TEST(CppExamples, TheSignalStyleExampleTradesThroughTheManager) {
    const Ran r = run_example("example_sma_signal:period=30");
    EXPECT_GT(r.trades, 0);
    EXPECT_GT(r.fills, 0u);
}

TEST(CppExamples, TheBracketExampleTradesWithItsOwnOrders) {
    const Ran r = run_example("example_bracket_breakout:shares=10");
    EXPECT_GT(r.trades, 0);
    // Every filled entry is followed by two legs: more orders than fills.
    EXPECT_GT(r.orders, r.fills);
}

}  // namespace
}  // namespace robo
