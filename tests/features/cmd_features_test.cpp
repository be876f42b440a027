// `robo_trader features` end to end on the shared data: one row per bar, one column per
// feature, values equal to the golden TA-Lib ones (to the 8-decimal rounding of prices the
// reader applies), finer bars aggregated, and bad arguments refused.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "golden.hpp"
#include "support/faulted_sample.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

namespace robo::test {
namespace {

struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    size_t col(const std::string& name) const {
        for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("no column " + name);
    }
};

Csv read_csv(const std::filesystem::path& path) {
    std::ifstream in(path);
    Csv csv;
    std::string line;
    auto split = [](const std::string& l) {
        std::vector<std::string> out;
        std::stringstream ss(l);
        std::string cell;
        while (std::getline(ss, cell, ',')) out.push_back(cell);
        if (!l.empty() && l.back() == ',') out.emplace_back();
        return out;
    };
    if (std::getline(in, line)) csv.header = split(line);
    while (std::getline(in, line)) csv.rows.push_back(split(line));
    return csv;
}

int run(const std::string& args) {
    const std::string cmd = binary().string() + " features " + args + " > /dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::filesystem::path out_file(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("robo_features_test_" + name + ".csv");
}

TEST(FeaturesCommand, DailyFileGivesOneRowPerBarMatchingTheGoldenValues) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto out = out_file("aapl");
    ASSERT_EQ(run("--data " + (shared_data_dir() / "daily" / "AAPL.csv").string() + " --out " + out.string()),
              0);
    const Csv csv = read_csv(out);
    const auto golden = load_golden("daily-AAPL");
    ASSERT_EQ(csv.rows.size(), golden.bars.size());
    for (const char* name : {"rsi_14", "sma_20", "atr_14", "bb_upper_20_2", "obv"})
        ASSERT_NO_THROW(csv.col(name));
    const std::pair<const char*, const char*> pairs[] = {
        {"rsi_14", "rsi_14"}, {"macd_12_26_9", "macd"}, {"atr_14", "atr_14"}, {"bb_lower_20_2", "bb_lower"}};
    for (const auto& [column, golden_column] : pairs) {
        const auto& expected = golden.expected.at(golden_column);
        for (size_t i = 0; i < csv.rows.size(); ++i) {
            const std::string& cell = csv.rows[i][csv.col(column)];
            ASSERT_EQ(cell.empty(), !expected[i].has_value()) << column << " row " << i;
            if (cell.empty()) continue;
            EXPECT_NEAR(std::stod(cell), *expected[i], 1e-6 * std::max(1.0, std::fabs(*expected[i])))
                << column << " row " << i;
        }
    }
    std::filesystem::remove(out);
}

TEST(FeaturesCommand, OneMinuteBarsAreAggregatedToTheRequestedTimeframe) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto out = out_file("future15m");
    ASSERT_EQ(run("--data " + (shared_data_dir() / "intraday" / "index-future-2006-1min.csv").string() +
                  " --timeframe 15m --spec 'rsi:14 vwap' --out " + out.string()),
              0);
    const Csv csv = read_csv(out);
    ASSERT_GT(csv.rows.size(), 1000u);
    EXPECT_EQ(csv.header.size(), 9u + 2u);  // bar columns + rsi_14 + vwap
    for (const auto& row : csv.rows) EXPECT_EQ(row[csv.col("timeframe")], "15m");
    // Every bar starts on a New York quarter hour (New York is a whole number of hours from UTC).
    for (const auto& row : csv.rows) {
        const std::string minute = row[0].substr(14, 2);
        EXPECT_TRUE(minute == "00" || minute == "15" || minute == "30" || minute == "45") << row[0];
    }
    std::filesystem::remove(out);
}

TEST(FeaturesCommand, RefusesImpossibleTimeframesAndBadSpecs) {
    ROBO_REQUIRE_SHARED_DATA();
    const std::string daily = (shared_data_dir() / "daily" / "AAPL.csv").string();
    EXPECT_EQ(run("--data " + daily + " --timeframe 5m --out " + out_file("x").string()), 2);
    EXPECT_EQ(run("--data " + daily + " --timeframe 7m --out " + out_file("x").string()), 2);
    EXPECT_EQ(run("--data " + daily + " --spec rsx --out " + out_file("x").string()), 2);
    EXPECT_EQ(run("--data /nonexistent.csv --out " + out_file("x").string()), 1);
    std::filesystem::remove(out_file("x"));
}

// The quality gate: bars `validate` quarantines never reach the indicators; they are counted by
// reason on stderr, and DATA_ON_BAD_ROW=stop makes the first one an error naming it.
TEST(FeaturesCommand, LeavesOutTheBarsTheQualityGateQuarantines) {
    const auto dir = std::filesystem::temp_directory_path() / "robo_features_test_gate";
    std::filesystem::remove_all(dir);
    const auto file = write_faulted_aapl(dir);
    const auto out = out_file("gate");
    auto r = run_shell(binary().string() + " features --data " + file.string() + " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("2 of 1260 rows quarantined by the quality gate (future_timestamp 1, outlier 1)"),
              std::string::npos)
        << r.out;
    const auto csv = read_csv(out);
    EXPECT_EQ(csv.rows.size(), 1259u - 1u);  // the x1000 bar and the 2100 bar are not features
    EXPECT_EQ(csv.rows.back()[csv.col("time")].substr(0, 10), "2020-01-10");
    for (const auto& row : csv.rows) ASSERT_LT(std::stod(row[csv.col("close")]), 10'000.0) << row[0];

    auto stop = run_shell("DATA_ON_BAD_ROW=stop " + binary().string() + " features --data " + file.string() +
                          " --out " + out.string());
    EXPECT_EQ(stop.status, 1) << stop.out;
    EXPECT_NE(stop.out.find("AAPL.csv:" + std::to_string(kThousandfoldLine) + ": AAPL"), std::string::npos)
        << stop.out;
    EXPECT_NE(stop.out.find("outlier"), std::string::npos) << stop.out;
    std::filesystem::remove_all(dir);
    std::filesystem::remove(out);
}

}  // namespace
}  // namespace robo::test
