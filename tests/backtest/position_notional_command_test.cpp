// `--set RISK_MAX_POSITION_NOTIONAL=...` reaches the sizer and the gate: on the bundled minute
// of the index future at x50 (about 180,000 a contract), the default cap of 50,000 sizes every
// wish to nothing, and a cap of 250,000 lets one contract trade.
#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {

ShellResult full_size_contract(const std::string& extra) {
    const auto out =
        std::filesystem::temp_directory_path() / ("robo_position_notional_" + std::to_string(::getpid()));
    ShellResult r = run_shell(
        binary().string() + " backtest --quiet --no-record --data " +
        (sample_dir() / "intraday" / "index-future-2006-01-03-1min.csv").string() +
        " --position-pct 0.25 --max-leverage 1 --set DEFAULT_CASH=1000000 --set "
        "RISK_MAX_ORDER_NOTIONAL=250000"
        " --set RISK_MAX_DAILY_NOTIONAL=100000000 --set EXECUTION_CONTRACT_MULTIPLIER=INDEX-FUTURE=50 " +
        extra + " --out " + out.string());
    std::filesystem::remove_all(out);
    return r;
}

}  // namespace

TEST(PositionNotionalCommand, TheOptionDecidesWhetherAFullSizeContractCanBeSized) {
    const ShellResult capped = full_size_contract("");
    ASSERT_EQ(capped.status, 0) << capped.out;
    EXPECT_NE(capped.out.find("fills                      0\n"), std::string::npos) << capped.out;
    EXPECT_EQ(capped.out.find("wishes too small to size 0"), std::string::npos) << capped.out;

    const ShellResult raised = full_size_contract("--set RISK_MAX_POSITION_NOTIONAL=250000");
    ASSERT_EQ(raised.status, 0) << raised.out;
    EXPECT_EQ(raised.out.find("fills                      0\n"), std::string::npos) << raised.out;
    EXPECT_NE(raised.out.find("wishes too small to size 0"), std::string::npos) << raised.out;

    const ShellResult bad = full_size_contract("--set RISK_MAX_POSITION_NOTIONAL=-5");
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.out.find("RISK_MAX_POSITION_NOTIONAL"), std::string::npos) << bad.out;
}
