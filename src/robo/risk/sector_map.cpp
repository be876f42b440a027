#include "robo/risk/sector_map.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace robo::risk {

std::string_view shipped_sectors_csv() noexcept;  // generated from config/sectors.csv

const SectorMap& SectorMap::shipped() {
    static const SectorMap map = parse(shipped_sectors_csv(), "config/sectors.csv (built in)");
    return map;
}

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}
}  // namespace

SectorMap::SectorMap() { names_.push_back("Unknown"); }

int SectorMap::intern(std::string_view sector) {
    for (size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == sector) return static_cast<int>(i);
    names_.emplace_back(sector);
    return static_cast<int>(names_.size() - 1);
}

void SectorMap::assign(Symbol symbol, std::string_view sector) { by_symbol_[symbol] = intern(sector); }

int SectorMap::sector_of(Symbol symbol) const {
    auto it = by_symbol_.find(symbol);
    return it == by_symbol_.end() ? unknown : it->second;
}

SectorMap SectorMap::parse(std::string_view text, std::string_view origin) {
    SectorMap map;
    size_t line_no = 0;
    bool header_seen = false;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        size_t comma = line.find(',');
        if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos)
            throw std::runtime_error(
                fmt::format("{}:{}: expected \"symbol,sector\", found \"{}\"", origin, line_no, line));
        std::string_view sym = trim(line.substr(0, comma));
        std::string_view sector = trim(line.substr(comma + 1));
        if (!header_seen) {
            header_seen = true;
            if (sym == "symbol" && sector == "sector") continue;
        }
        Symbol symbol;
        if (!Symbol::try_make(sym, symbol))
            throw std::runtime_error(fmt::format(
                "{}:{}: expected a ticker symbol in the first column, found \"{}\"", origin, line_no, sym));
        if (sector.empty())
            throw std::runtime_error(fmt::format("{}:{}: sector for {} is empty", origin, line_no, sym));
        if (map.by_symbol_.count(symbol))
            throw std::runtime_error(fmt::format("{}:{}: {} is listed twice (expected one sector per symbol)",
                                                 origin, line_no, symbol.view()));
        map.assign(symbol, sector);
    }
    return map;
}

SectorMap SectorMap::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("{}: cannot open the sector map", file.string()));
    std::stringstream buf;
    buf << in.rdbuf();
    return parse(buf.str(), file.string());
}

}  // namespace robo::risk
