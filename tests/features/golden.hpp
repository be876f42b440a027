// tests/features/golden.hpp — reads tests/features/golden/*.csv (written by
// tools/golden/generate.js from TA-Lib C and two-pass reference formulas).
#pragma once
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/features/input.hpp"
#include "support/paths.hpp"

namespace robo::test {

struct GoldenSeries {
    std::string name;
    std::vector<features::Ohlcv> bars;
    std::vector<double> closes;
    std::map<std::string, std::vector<std::optional<double>>> expected;  // column -> values
};

inline double parse_double(const std::string& text, const std::string& where) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size())
        throw std::runtime_error(where + ": expected a number, found \"" + text + "\"");
    return v;
}

inline GoldenSeries load_golden(const std::string& name) {
    const auto file = source_dir() / "tests" / "features" / "golden" / (name + ".csv");
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    auto split = [](const std::string& line) {
        std::vector<std::string> out;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) out.push_back(cell);
        if (!line.empty() && line.back() == ',') out.emplace_back();
        return out;
    };
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    GoldenSeries g{name, {}, {}, {}};
    int row = 1;
    while (std::getline(in, line)) {
        ++row;
        const auto cells = split(line);
        const std::string where = file.string() + ":" + std::to_string(row);
        if (cells.size() != header.size()) throw std::runtime_error(where + ": wrong number of cells");
        features::Ohlcv bar;
        bar.high = parse_double(cells[0], where);
        bar.low = parse_double(cells[1], where);
        bar.close = parse_double(cells[2], where);
        bar.open = bar.close;
        bar.volume = parse_double(cells[3], where);
        bar.session = static_cast<int32_t>(parse_double(cells[4], where));
        g.bars.push_back(bar);
        g.closes.push_back(bar.close);
        for (size_t c = 5; c < header.size(); ++c)
            g.expected[header[c]].push_back(cells[c].empty() ? std::nullopt
                                                             : std::optional(parse_double(cells[c], where)));
    }
    return g;
}

inline const std::vector<std::string>& golden_names() {
    static const std::vector<std::string> names{"daily-AAPL", "daily-GE",        "daily-JPM",
                                                "daily-NVDA", "index-2006-5min", "future-2006-1min"};
    return names;
}

// 1e-9 relative (plus 1e-12 absolute, for values that cross zero: MACD histogram, %B,
// returns, z-score), and the warm-up must end at exactly the same index.
inline ::testing::AssertionResult matches_golden(const std::vector<std::optional<double>>& actual,
                                                 const std::vector<std::optional<double>>& expected) {
    if (actual.size() != expected.size())
        return ::testing::AssertionFailure() << "length " << actual.size() << " vs " << expected.size();
    size_t compared = 0;
    for (size_t i = 0; i < actual.size(); ++i) {
        if (actual[i].has_value() != expected[i].has_value())
            return ::testing::AssertionFailure()
                   << "index " << i << ": " << (actual[i] ? "value" : "no value") << " but golden has "
                   << (expected[i] ? "a value" : "none") << " (warm-up length differs)";
        if (!actual[i]) continue;
        const double a = *actual[i], e = *expected[i];
        if (!(std::fabs(a - e) <= 1e-9 * std::fabs(e) + 1e-12))
            return ::testing::AssertionFailure() << "index " << i << ": " << a << " vs golden " << e
                                                 << " (rel " << std::fabs(a - e) / std::fabs(e) << ")";
        ++compared;
    }
    return ::testing::AssertionSuccess() << compared << " values compared";
}

template <class T, class F>
std::vector<std::optional<double>> column(const std::vector<std::optional<T>>& values, F field) {
    std::vector<std::optional<double>> out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(v ? std::optional(field(*v)) : std::nullopt);
    return out;
}

}  // namespace robo::test
