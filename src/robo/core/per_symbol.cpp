#include "robo/core/per_symbol.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace robo {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}
}  // namespace

PerSymbolQuantities parse_per_symbol(std::string_view text, Quantity others, std::string_view option,
                                     std::string_view name, std::string_view expected) {
    PerSymbolQuantities out{others, {}};
    auto value = [&](std::string_view v, std::string_view entry) {
        Quantity q;
        if (!Quantity::try_parse(v, q) || !q.is_positive())
            throw std::invalid_argument(
                fmt::format("{}: \"{}\": expected {}, found \"{}\"", option, entry, expected, v));
        return q;
    };
    if (trim(text).empty()) return out;
    if (text.find('=') == std::string_view::npos) {
        out.others = value(trim(text), text);
        return out;
    }
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view entry = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const auto eq = entry.find('=');
        const std::string_view key = eq == std::string_view::npos ? entry : trim(entry.substr(0, eq));
        if (eq == std::string_view::npos || key.empty())
            throw std::invalid_argument(fmt::format(
                "{}: \"{}\": expected SYMBOL={} (or *={} for the other symbols)", option, entry, name, name));
        const Quantity q = value(trim(entry.substr(eq + 1)), entry);
        Symbol symbol;
        if (key == "*")
            out.others = q;
        else if (Symbol::try_make(key, symbol))
            out.by_symbol[symbol] = q;
        else
            throw std::invalid_argument(
                fmt::format("{}: \"{}\": \"{}\" is not a symbol", option, entry, key));
    }
    return out;
}

}  // namespace robo
