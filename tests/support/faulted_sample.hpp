// tests/support/faulted_sample.hpp — copies of the bundled sample with known faults in them,
// for the tests of the quality gate on the trading path (backtest, run, import, features).
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace robo::test {

inline std::vector<std::string> read_lines(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

inline void write_lines(const std::filesystem::path& p, const std::vector<std::string>& lines) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p);
    for (const auto& l : lines) out << l << "\n";
}

// Daily layout Date,High,Low,Open,Close,Volume,Adj Close,Name: High, Low, Open and Close times
// `price_factor`, Volume times `volume_factor`; the other fields unchanged.
inline std::string scale_daily_row(const std::string& row, double price_factor, double volume_factor = 1.0) {
    std::vector<std::string> f;
    std::stringstream ss(row);
    for (std::string c; std::getline(ss, c, ',');) f.push_back(c);
    for (size_t i : {1u, 2u, 3u, 4u}) f[i] = std::to_string(std::stod(f[i]) * price_factor);
    f[5] = std::to_string(std::stod(f[5]) * volume_factor);
    std::string out;
    for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
    return out;
}

// The same row with another date (the first field).
inline std::string with_date(const std::string& row, const std::string& date) {
    return date + row.substr(row.find(','));
}

// The file line of the bar multiplied by 1000 and of the bar dated 2100 in faulted_aapl().
constexpr size_t kThousandfoldLine = 650;
constexpr size_t kYear2100Line = 1261;

// The sample's AAPL.csv (1259 daily bars, 2015-01-12 .. 2020-01-10) written to dir/AAPL.csv
// with file line 650 x1000 (a day the default strategy holds AAPL) (prices only) and one more row, dated
// 2100-01-04, at the end.
inline std::filesystem::path write_faulted_aapl(const std::filesystem::path& dir) {
    auto lines = read_lines(sample_dir() / "daily" / "AAPL.csv");
    lines[kThousandfoldLine - 1] = scale_daily_row(lines[kThousandfoldLine - 1], 1000.0);
    lines.push_back(with_date(lines.back(), "2100-01-04"));
    write_lines(dir / "AAPL.csv", lines);
    return dir / "AAPL.csv";
}

}  // namespace robo::test
