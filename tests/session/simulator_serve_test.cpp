// `robo_trader tws-sim` served from the library (session/simulator_setup.hpp serve_simulator):
// it listens, takes fault lines while it runs, stops at "quit" and says what it served; a bad
// request is refused before it listens.
#include <gtest/gtest.h>

#include <sstream>

#include "robo/session/simulator_setup.hpp"
#include "support/config.hpp"

namespace robo::session {
namespace {

TEST(SimulatorServe, ListensTakesFaultLinesAndStopsAtQuit) {
    SimulatorRequest r;
    r.port = 0;  // any free port
    std::istringstream commands("fault lost-data:50\nhello\nfault nonsense\nquit\n");
    std::ostringstream out, err;
    EXPECT_EQ(serve_simulator(test::config_without_environment().config, r, commands, out, err), 0)
        << err.str();
    EXPECT_NE(out.str().find("tws-sim: listening on 127.0.0.1:"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("tws-sim: stopped after 0 connection(s)"), std::string::npos) << out.str();
    // An unknown command and a bad fault are each one line naming what was expected.
    EXPECT_NE(err.str().find("unknown command \"hello\"; expected \"fault <spec>\" or \"quit\""),
              std::string::npos)
        << err.str();
    EXPECT_NE(err.str().find("nonsense"), std::string::npos) << err.str();
}

TEST(SimulatorServe, ABadFaultAtStartIsRefusedBeforeListening) {
    SimulatorRequest r;
    r.port = 0;
    r.faults = {"nonsense:1"};
    std::istringstream commands("quit\n");
    std::ostringstream out, err;
    EXPECT_EQ(serve_simulator(test::config_without_environment().config, r, commands, out, err), 2);
    EXPECT_EQ(out.str().find("listening"), std::string::npos) << out.str();
    EXPECT_EQ(err.str().rfind("tws-sim: ", 0), 0u) << err.str();
}

}  // namespace
}  // namespace robo::session
