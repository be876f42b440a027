// risk/sector_map.hpp — which sector each symbol belongs to, for the sector exposure limit.
//
// Loaded from a small CSV shipped with the project (config/sectors.csv: "symbol,sector",
// one line each, '#' comments), compiled into the library (shipped()), or from a file the
// user names. Sectors are interned to small ids so the gate compares
// integers on its hot path. A symbol missing from the map belongs to the sector "Unknown",
// which is limited like any other (an unmapped symbol is never exempt). A malformed line
// stops the load with "FILE:LINE: ..." naming what was found and what was expected.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "robo/core/symbol.hpp"

namespace robo::risk {

class SectorMap {
public:
    static constexpr int unknown = 0;  // id of the "Unknown" sector

    SectorMap();
    // Throws std::runtime_error with "FILE:LINE: ..." on a malformed or duplicate line.
    static SectorMap load(const std::filesystem::path& file);
    // Same, from text; `origin` names the source in errors.
    static SectorMap parse(std::string_view text, std::string_view origin = "sectors");
    // The map the project ships (config/sectors.csv, compiled in): the same wherever a
    // command runs from.
    static const SectorMap& shipped();

    void assign(Symbol symbol, std::string_view sector);
    int sector_of(Symbol symbol) const;
    const std::string& name(int id) const { return names_.at(static_cast<size_t>(id)); }
    int sector_count() const { return static_cast<int>(names_.size()); }
    size_t symbol_count() const { return by_symbol_.size(); }

private:
    int intern(std::string_view sector);
    std::vector<std::string> names_;
    std::unordered_map<Symbol, int> by_symbol_;
};

}  // namespace robo::risk
