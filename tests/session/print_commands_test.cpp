// `features` and `ibkr-backfill` as the command line runs them, with the test's own streams:
// their exit statuses and the one line each failure gets (session/feature_table.hpp,
// session/backfill.hpp).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "robo/session/backfill.hpp"
#include "robo/session/feature_table.hpp"
#include "support/config.hpp"
#include "support/paths.hpp"

namespace robo::session {
namespace {

namespace fs = std::filesystem;

TEST(FeaturesCommand, WritesTheTableAndRefusesABadSpecWithTwo) {
    const fs::path out_file =
        fs::temp_directory_path() / ("robo_features_cmd_" + std::to_string(::getpid()) + ".csv");
    FeatureTableRequest r;
    r.data = (test::sample_dir() / "daily" / "AAPL.csv").string();
    r.out = out_file.string();
    std::ostringstream out, err;
    EXPECT_EQ(features_command(test::config_without_environment(), r, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("robo_trader features: 1259 1d bars of AAPL"), std::string::npos) << out.str();
    EXPECT_TRUE(fs::exists(out_file));
    fs::remove(out_file);

    r.spec = "rsi:zero";
    std::ostringstream out2, err2;
    EXPECT_EQ(features_command(test::config_without_environment(), r, out2, err2), 2);
    EXPECT_EQ(err2.str().rfind("robo_trader features: ", 0), 0u) << err2.str();
    EXPECT_FALSE(fs::exists(out_file));
}

// A port nothing listens on: bound, never listened to, so a connection is refused at once.
int closed_port(int& fd) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t n = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
    return ntohs(a.sin_port);
}

TEST(BackfillCommand, NoTwsIsOneLineSayingWhereItLookedAndABadBarIsTwo) {
    int fd = -1;
    BackfillRequest r;
    r.host = "127.0.0.1";
    r.port = closed_port(fd);
    r.symbols = {"AAPL"};
    r.timeout_s = 5;
    r.out = (fs::temp_directory_path() / ("robo_backfill_cmd_" + std::to_string(::getpid()))).string();
    std::ostringstream out, err;
    EXPECT_EQ(backfill_command(test::config_without_environment().config, r, out, err), 1);
    EXPECT_NE(err.str().find("could not connect to 127.0.0.1:" + std::to_string(*r.port)), std::string::npos)
        << err.str();
    ::close(fd);

    r.bar = "7 fortnights";
    std::ostringstream out2, err2;
    EXPECT_EQ(backfill_command(test::config_without_environment().config, r, out2, err2), 2);
    EXPECT_EQ(err2.str().rfind("ibkr-backfill: ", 0), 0u) << err2.str();
    fs::remove_all(r.out);
}

}  // namespace
}  // namespace robo::session
