// @stoqey/ib, an independent and strict TWS client (505 on any extra or missing field),
// runs the full scenario against our simulator: market data, tick-by-tick, 5-second bars,
// historical bars, contract details, a fill, a cancel, executions, positions, account
// summary and current time. Skips visibly when node or the npm package is absent
// (scripts/install-node-deps.sh installs it; `make test` runs that through install-deps).
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <cstdio>
#include <thread>

#include "robo/ibkr/sim/simulator.hpp"
#include "support/paths.hpp"

namespace {

std::filesystem::path node_dir() {
    for (auto dir :
         {robo::test::binary().parent_path() / "node", robo::test::source_dir() / "build" / "node"})
        if (std::filesystem::exists(dir / "node_modules" / "@stoqey" / "ib" / "package.json")) return dir;
    return {};
}

struct Run {
    int status = -1;
    std::string output;
};

Run run(const std::string& command) {
    Run r;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) r.output.append(buf, n);
    r.status = pclose(p);
    return r;
}

}  // namespace

TEST(StoqeyConformance, IndependentClientDecodesEverythingTheSimulatorSends) {
    if (std::system("node --version > /dev/null 2>&1") != 0)
        GTEST_SKIP() << "node not found; skipping @stoqey/ib conformance";
    auto dir = node_dir();
    if (dir.empty())
        GTEST_SKIP() << "@stoqey/ib not installed; run scripts/install-node-deps.sh (skipping conformance)";

    boost::asio::io_context io;
    robo::ibkr::sim::SimConfig cfg;
    cfg.port = 0;
    cfg.step = std::chrono::milliseconds(20);
    robo::ibkr::sim::Simulator sim(io, cfg);
    sim.start();
    auto guard = boost::asio::make_work_guard(io);
    std::thread loop([&] { io.run(); });

    auto script = robo::test::source_dir() / "tests" / "ibkr_conformance" / "stoqey_scenario.js";
    auto r = run("NODE_PATH='" + (dir / "node_modules").string() + "' node '" + script.string() + "' " +
                 std::to_string(sim.port()) + " 2>&1");

    boost::asio::post(io, [&] { sim.stop(); });
    guard.reset();
    io.stop();
    loop.join();

    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("\"ok\":true"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"decoding_errors\":0"), std::string::npos) << r.output;
}
