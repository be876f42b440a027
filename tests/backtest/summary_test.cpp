// Every backtest writes summary.json beside report.html; on the 60 daily symbols with the
// default limits, what the gate refuses it refuses for portfolio reasons.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo::test;

namespace {
std::filesystem::path out_dir(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("robo_summary_" + name);
}

nlohmann::json backtest_summary(const std::string& name, const std::string& args,
                                std::string* report = nullptr) {
    auto out = out_dir(name);
    std::filesystem::remove_all(out);
    auto r =
        run_shell(binary().string() + " backtest --quiet --no-record " + args + " --out " + out.string());
    EXPECT_EQ(r.status, 0) << r.out;
    std::ifstream in(out / "summary.json");
    EXPECT_TRUE(in.good()) << "no summary.json in " << out;
    if (report) {
        std::ifstream html(out / "report.html");
        std::stringstream ss;
        ss << html.rdbuf();
        *report = ss.str();
    }
    return in.good() ? nlohmann::json::parse(in) : nlohmann::json{};
}
}  // namespace

TEST(Summary, ABacktestWritesSettingsMetricsRefusalsTripsAndQuarantinedRows) {
    std::string report;
    auto s = backtest_summary("sample", "--data " + (sample_dir() / "daily").string(), &report);
    EXPECT_TRUE(s["settings"].contains("commission")) << s.dump(2);
    EXPECT_TRUE(s["metrics"].contains("sharpe"));
    EXPECT_TRUE(s["metrics"]["benchmark"].contains("beta"));
    EXPECT_TRUE(s["refusals"].contains("by_kind"));
    EXPECT_TRUE(s["kill_switch"].contains("trips"));
    EXPECT_TRUE(s["data"].contains("quarantined_rows"));
    EXPECT_EQ(s["gate"]["gate"], "risk");
    EXPECT_NE(report.find("buy and hold"), std::string::npos);
    EXPECT_NE(report.find("Gate and limits in force"), std::string::npos);
    EXPECT_NE(report.find("365.25"), std::string::npos);
}

TEST(Summary, OnTheSixtyDailySymbolsOnlyPortfolioReasonsRefuseOrders) {
    ROBO_REQUIRE_SHARED_DATA();
    auto s = backtest_summary("daily", "--data " + (shared_data_dir() / "daily").string());
    const auto& kinds = s["refusals"]["by_kind"];
    EXPECT_GT(s["refusals"]["refused"].get<int>(), 0) << s.dump(2);
    for (const char* artefact : {"order_rate", "market_closed"})
        EXPECT_FALSE(kinds.contains(artefact)) << artefact << ": " << kinds.dump();
    // A stale price only where a symbol's data really stopped (YHOO's file ends in 2014),
    // never a daily bar's own age.
    std::ifstream audit(out_dir("daily") / "audit.jsonl");
    for (std::string line; std::getline(audit, line);) {
        if (line.find("\"stale_price\"") == std::string::npos) continue;
        // Kept by name: a range-for over a member of a temporary would read freed memory.
        const auto record = nlohmann::json::parse(line);
        for (const auto& v : record["fields"]["violations"])
            if (v["kind"] == "stale_price") {
                EXPECT_GT(v["value"].get<double>(), 30 * 86400.0) << line;
            }
    }
    // Several kinds on one refusal are said, and the kinds add up accordingly.
    int64_t sum = 0;
    for (const auto& [k, n] : kinds.items()) sum += n.get<int64_t>();
    if (s["refusals"]["refused_with_several_kinds"].get<int64_t>() == 0)
        EXPECT_EQ(sum, s["refusals"]["refused"].get<int64_t>());
    else
        EXPECT_GT(sum, s["refusals"]["refused"].get<int64_t>());
}

TEST(Summary, OrdersThatExpireForWantOfVolumeAreCountedAndExplained) {
    ROBO_REQUIRE_SHARED_DATA();
    std::string report;
    auto s = backtest_summary("five_minutes",
                              "--risk basic --position-pct 0.5 --max-leverage 1 --data " +
                                  (shared_data_dir() / "intraday" / "index-2006-5min.csv").string(),
                              &report);
    EXPECT_GT(s["orders"]["expired_without_volume"].get<int>(), 0) << s["orders"].dump();
    EXPECT_NE(report.find("no volume for the volume cap"), std::string::npos);
}

TEST(Summary, AtrSizesCappedByThePositionLimitSaySo) {
    std::string report;
    auto s = backtest_summary("atr", "--sizing atr --data " + (sample_dir() / "daily").string(), &report);
    EXPECT_GT(s["orders"]["sizes_capped_by"]["capped at max_position_pct"].get<int>(), 0)
        << s["orders"].dump();
    EXPECT_NE(report.find("capped at max_position_pct"), std::string::npos);
}
