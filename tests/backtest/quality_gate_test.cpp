// The quality gate on the trading path: rows `validate` quarantines never reach a backtest or a
// replayed session, are counted by reason in the summary and the report, and
// DATA_ON_BAD_ROW=stop ends the session at the first one, naming its file, line and reason.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "robo/engine/backtest.hpp"
#include "support/faulted_sample.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

using namespace robo;
using namespace robo::test;

namespace {

std::filesystem::path scratch(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("robo_quality_gate_test_" + name);
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The highest equity of equity.csv (time,cash,market_value,equity,gross_exposure).
double highest_equity(const std::filesystem::path& file) {
    const auto lines = read_lines(file);
    double best = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
        std::stringstream row(lines[i]);
        std::string field;
        for (int f = 0; f < 4; ++f) std::getline(row, field, ',');
        best = std::max(best, std::stod(field));
    }
    return best;
}

std::string line_with(const std::string& text, const std::string& part) {
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);)
        if (contains(l, part)) return l;
    return {};
}

}  // namespace

TEST(QualityGate, BacktestQuarantinesAThousandfoldBarAndABarDatedIn2100) {
    auto dir = scratch("thousandfold"), out = scratch("thousandfold_out");
    write_faulted_aapl(dir);
    auto r =
        run_shell(binary().string() + " backtest --quiet --data " + dir.string() + " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "2 rows quarantined by the quality gate (future_timestamp 1, outlier 1)"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "AAPL.csv:" + std::to_string(kThousandfoldLine) + ": AAPL")) << r.out;
    EXPECT_TRUE(contains(r.out, "AAPL.csv:" + std::to_string(kYear2100Line) + ": AAPL 2100-01-04")) << r.out;
    // The period ends with the real data, and the equity stays that of a stock that did not go
    // up a thousandfold for a day (before the gate: 2,179,259 on that day, volatility 928 %).
    EXPECT_TRUE(contains(line_with(r.out, "period "), "2015-01-12 .. 2020-01-10")) << r.out;
    const double equity = highest_equity(out / "equity.csv");
    EXPECT_GT(equity, 100'000.0);
    EXPECT_LT(equity, 110'000.0);
    EXPECT_TRUE(contains(slurp(out / "report.html"), "quarantined rows (quality gate)"));
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(out);
}

TEST(QualityGate, AReplayedRunQuarantinesTheSameRows) {
    auto dir = scratch("replay"), out = scratch("replay_out");
    write_faulted_aapl(dir);
    auto r = run_shell(binary().string() + " run --quiet --speed 0 --no-record --data " + dir.string() +
                       " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "2 rows quarantined by the quality gate (future_timestamp 1, outlier 1)"))
        << r.out;
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(out);
}

TEST(QualityGate, DataOnBadRowStopEndsBacktestAndRunNamingFileLineAndReason) {
    auto dir = scratch("stop"), out = scratch("stop_out");
    write_faulted_aapl(dir);
    const std::string where = "AAPL.csv:" + std::to_string(kThousandfoldLine) + ": AAPL";
    for (const char* cmd : {" backtest --quiet", " run --quiet --speed 0 --no-record"}) {
        auto r = run_shell("DATA_ON_BAD_ROW=stop " + binary().string() + cmd + " --data " + dir.string() +
                           " --out " + out.string());
        EXPECT_NE(r.status, 0) << cmd << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, where)) << cmd << "\n" << r.out;
        EXPECT_TRUE(contains(line_with(r.out, where), "outlier")) << cmd << "\n" << r.out;
        EXPECT_FALSE(contains(r.out, "total return")) << cmd << "\n" << r.out;  // nothing was traded
    }
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(out);
}

// The fault corpus: the sample with spikes, a split, a holiday, a bar in 2100, swapped High and
// Low, a repeated day, spiked trades and quotes, plus every file of the readers' corpus.
// `validate` says which rows it quarantines; the backtest loader must deliver exactly the others.
TEST(QualityGate, ValidateAndTheBacktestLoaderGiveEveryRowTheSameVerdict) {
    auto dir = scratch("corpus");
    int k = 0;
    for (const auto& e : std::filesystem::directory_iterator(sample_dir() / "daily")) {
        auto lines = read_lines(e.path());
        lines[300 + 11 * k] = scale_daily_row(lines[300 + 11 * k], 1000.0);
        lines[500 + k] = scale_daily_row(lines[500 + k], 1.6);
        if (e.path().stem() == "MSFT")  // a 4-for-1 split left in the prices at file line 601
            for (size_t i = 1; i < 600; ++i) lines[i] = scale_daily_row(lines[i], 4.0, 0.25);
        {  // High and Low swapped: the reader rejects it
            std::vector<std::string> f;
            std::stringstream ss(lines[800]);
            for (std::string c; std::getline(ss, c, ',');) f.push_back(c);
            std::swap(f[1], f[2]);
            std::string row;
            for (size_t i = 0; i < f.size(); ++i) row += (i ? "," : "") + f[i];
            lines[800] = row;
        }
        lines.push_back(with_date(lines.back(), "2100-01-04"));  // in the future
        lines.insert(lines.begin() + 901, lines[900]);           // a repeated day
        for (size_t i = 1; i + 1 < lines.size(); ++i)            // Independence Day: a closed day
            if (lines[i].rfind("2017-07-03", 0) == 0 && lines[i + 1].rfind("2017-07-05", 0) == 0) {
                lines.insert(lines.begin() + static_cast<long>(i) + 1, with_date(lines[i], "2017-07-04"));
                break;
            }
        write_lines(dir / "daily" / e.path().filename(), lines);
        ++k;
    }
    for (const auto& e : std::filesystem::directory_iterator(sample_dir() / "intraday")) {
        auto lines = read_lines(e.path());
        const auto name = e.path().filename().string();
        if (name == "ticksample.csv" || name == "bidask-sample.csv") {  // one print 5 % off
            auto& row = lines[lines.size() / 2];
            std::vector<std::string> f;
            std::stringstream ss(row);
            for (std::string c; std::getline(ss, c, ',');) f.push_back(c);
            const size_t last_price = name == "ticksample.csv" ? 4 : 2;
            for (size_t i = 1; i <= last_price; ++i) f[i] = std::to_string(std::stod(f[i]) * 1.05);
            row.clear();
            for (size_t i = 0; i < f.size(); ++i) row += (i ? "," : "") + f[i];
        }
        write_lines(dir / "intraday" / name, lines);
    }
    std::filesystem::create_directories(dir / "corpus");
    for (const auto& e :
         std::filesystem::directory_iterator(source_dir() / "tests" / "data_files" / "corpus"))
        std::filesystem::copy_file(e.path(), dir / "corpus" / e.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);

    // validate's verdicts: "  PATH:LINE: SYMBOL TIME reason: ... (row quarantined)".
    auto v = run_shell(binary().string() + " validate --show 1000000 --data " + dir.string());
    const std::regex quarantined(R"(^  (.+\.csv):(\d+): \S+ \S+ (\w+): .*\(row quarantined\)$)");
    std::set<std::string> bad;
    std::map<std::string, int> reasons;
    std::stringstream ss(v.out);
    for (std::string l; std::getline(ss, l);) {
        std::smatch m;
        if (!std::regex_match(l, m, quarantined)) continue;
        bad.insert(m[1].str() + ":" + m[2].str());
        ++reasons[m[3].str()];
    }
    for (const char* reason : {"outlier", "split", "future_timestamp", "outside_session"})
        EXPECT_GT(reasons[reason], 0) << reason << "\n" << v.out;

    // The loader: every record a reader kept, minus validate's quarantined rows, and nothing else.
    engine::DataSelection sel;
    sel.data = dir;
    sel.merge_same_symbol = true;  // the corpus holds AAPL in several files: feed every one
    auto loaded = engine::load_feed(sel);
    std::map<std::string, int> expected, delivered;
    auto lines_of = [](size_t records, const std::vector<data::RowIssue>& rejected) {
        std::set<size_t> skip;
        for (const auto& r : rejected) skip.insert(r.line);
        std::vector<size_t> lines;
        for (size_t line = 2; lines.size() < records; ++line)
            if (!skip.count(line)) lines.push_back(line);
        return lines;
    };
    auto key = [](const auto& record) {
        using T = std::decay_t<decltype(record)>;
        if constexpr (std::is_same_v<T, Bar>)
            return "B " + record.symbol.str() + " " + std::string(to_string(record.timeframe)) + " " +
                   format_iso_micros(record.start) + " " + record.close.to_string();
        else if constexpr (std::is_same_v<T, Tick>)
            return "T " + record.symbol.str() + " " + format_iso_micros(record.time) + " " +
                   record.price.to_string();
        else
            return "Q " + record.symbol.str() + " " + format_iso_micros(record.time) + " " +
                   record.bid.to_string() + " " + record.ask.to_string();
    };
    size_t judged = 0;
    auto expect_file = [&](const auto& file, const auto& records) {
        const auto lines = lines_of(records.size(), file.rejected);
        for (size_t i = 0; i < records.size(); ++i, ++judged)
            if (!bad.count(file.path + ":" + std::to_string(lines[i]))) ++expected[key(records[i])];
    };
    for (const auto& f : loaded.inventory.bar_files) expect_file(f, f.bars);
    for (const auto& f : loaded.inventory.tick_files) expect_file(f, f.ticks);
    for (const auto& f : loaded.inventory.quote_files) expect_file(f, f.quotes);
    engine::MarketEvent ev;
    while (loaded.feed.next(ev)) std::visit([&](const auto& d) { ++delivered[key(d)]; }, ev.data);
    EXPECT_GT(judged, 10'000u);
    EXPECT_EQ(bad.size(), [&] {
        size_t n = 0;
        for (const auto& [reason, count] : reasons) n += static_cast<size_t>(count);
        return n;
    }());
    std::vector<std::string> differences;
    for (const auto& [what, n] : expected)
        if (delivered[what] != n)
            differences.push_back(what + ": validate keeps " + std::to_string(n) + ", loader " +
                                  std::to_string(delivered[what]));
    for (const auto& [what, n] : delivered)
        if (!expected.count(what))
            differences.push_back(what + ": loader delivers " + std::to_string(n) + ", validate 0");
    EXPECT_TRUE(differences.empty()) << differences.size() << " differences, first: " << differences.front();
    std::filesystem::remove_all(dir);
}

TEST(QualityGate, TheTwsSimulatorNeverPrintsTheQuarantinedRows) {
    auto dir = scratch("tws_sim"), out = scratch("tws_sim_out");
    write_faulted_aapl(dir);
    auto r = run_shell(binary().string() +
                       " run --broker tws-sim --speed 0 --quiet --no-record --backfill 30 --data " +
                       dir.string() + " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(contains(r.out,
                         "AAPL, 1258 records replayed, 2 rows quarantined by the quality gate "
                         "(future_timestamp 1, outlier 1)"))
        << r.out;
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(out);
}
