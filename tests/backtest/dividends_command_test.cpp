// `backtest --set DATA_DIVIDENDS=cash`: the dividends booked are in the text summary, in
// summary.json and on the audit trail; ignored (the default) nothing of it appears; refused
// with adjusted prices, naming both options.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
const std::string kDividend = "\"kind\":\"dividend\"";

std::filesystem::path out_dir(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("robo_dividends_cmd_" + name);
}

struct CommandRun {
    ShellResult result;
    nlohmann::json summary;
    std::string audit;
};

CommandRun backtest(const std::string& name, const std::string& args) {
    const auto out = out_dir(name);
    std::filesystem::remove_all(out);
    CommandRun r;
    r.result =
        run_shell(binary().string() + " backtest --no-record --data " + (sample_dir() / "daily").string() +
                  " --symbols AAPL,KO " + args + " --out " + out.string());
    std::ifstream in(out / "summary.json");
    if (in.good()) r.summary = nlohmann::json::parse(in);
    std::ifstream audit(out / "audit.jsonl");
    std::stringstream ss;
    ss << audit.rdbuf();
    r.audit = ss.str();
    std::filesystem::remove_all(out);
    return r;
}
}  // namespace

TEST(DividendsCommand, CashBooksThemAndSaysSoInTheSummaryAndTheAuditTrail) {
    const CommandRun cash = backtest("cash", "--set DATA_DIVIDENDS=cash");
    ASSERT_EQ(cash.result.status, 0) << cash.result.out;
    const auto& m = cash.summary["metrics"];
    ASSERT_TRUE(m.contains("dividends")) << m.dump(2);
    const int payments = m["dividend_payments"].get<int>();
    EXPECT_GT(payments, 0) << cash.result.out;
    EXPECT_NE(cash.result.out.find("dividends booked (cash)"), std::string::npos) << cash.result.out;
    size_t audited = 0;
    for (size_t at = cash.audit.find(kDividend); at != std::string::npos;
         at = cash.audit.find(kDividend, at + 1))
        ++audited;
    EXPECT_EQ(audited, static_cast<size_t>(payments));

    const CommandRun ignore = backtest("ignore", "");
    ASSERT_EQ(ignore.result.status, 0) << ignore.result.out;
    EXPECT_FALSE(ignore.summary["metrics"].contains("dividends"));
    EXPECT_EQ(ignore.result.out.find("dividends booked"), std::string::npos);
    EXPECT_EQ(ignore.audit.find(kDividend), std::string::npos);
}

TEST(DividendsCommand, CashWithAdjustedPricesIsRefusedWithTheReason) {
    const CommandRun both = backtest("both", "--set DATA_DIVIDENDS=cash --set DATA_ADJUSTED_PRICES=true");
    EXPECT_NE(both.result.status, 0);
    EXPECT_NE(both.result.out.find("adjusted prices already contain the dividends"), std::string::npos)
        << both.result.out;
}
