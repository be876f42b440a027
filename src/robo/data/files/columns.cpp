// data/files/columns.cpp — see columns.hpp.
#include "robo/data/files/columns.hpp"

#include <array>
#include <stdexcept>

#include "robo/data/files/issues.hpp"
#include "robo/data/files/text_scan.hpp"

namespace robo::data {

namespace {

std::string letters_and_digits(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
    }
    return out;
}

constexpr std::array<std::string_view, 9> kRoles{"date",  "time",      "open",   "high",  "low",
                                                 "close", "adj_close", "volume", "symbol"};

std::string roles_list() {
    std::string out;
    for (auto r : kRoles) {
        if (!out.empty()) out += ", ";
        out += r;
    }
    return out;
}

}  // namespace

std::optional<DateOrder> parse_date_order(std::string_view text) noexcept {
    std::string t = letters_and_digits(text);
    if (t.empty() || t == "auto") return DateOrder::unspecified;
    if (t == "mdy" || t == "mmddyyyy") return DateOrder::month_first;
    if (t == "dmy" || t == "ddmmyyyy") return DateOrder::day_first;
    return std::nullopt;
}

ColumnMap parse_column_map(std::string_view text) {
    ColumnMap map;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view part =
            trim_spaces(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        if (part.empty()) continue;
        auto eq = part.find('=');
        if (eq == std::string_view::npos)
            throw std::invalid_argument("column mapping \"" + std::string(part) +
                                        "\": expected role=Header, e.g. date=Datum (roles: " + roles_list() +
                                        ")");
        std::string role = letters_and_digits(part.substr(0, eq));
        if (role == "adjclose") role = "adj_close";
        std::string_view header = trim_spaces(part.substr(eq + 1));
        bool known = false;
        for (auto r : kRoles) known |= r == role;
        if (!known)
            throw std::invalid_argument("column mapping \"" + std::string(part) + "\": unknown role \"" +
                                        std::string(trim_spaces(part.substr(0, eq))) +
                                        "\" (roles: " + roles_list() + ")");
        if (header.empty())
            throw std::invalid_argument("column mapping \"" + std::string(part) +
                                        "\": no header name after '='");
        for (const auto& [r, h] : map.names)
            if (r == role) throw std::invalid_argument("column mapping names " + role + " twice");
        map.names.emplace_back(role, std::string(header));
    }
    return map;
}

namespace detail {

BarColumns columns_of(FileLayout layout) noexcept {
    switch (layout) {
        case FileLayout::daily_ohlcv_name:
            return {0, -1, 3, 1, 2, 4, 5, 6, 7, -1, true};
        case FileLayout::daily_ohlc_adj:
            return {0, -1, 1, 2, 3, 4, 6, 5, -1, -1, true};
        default:
            return {0, 1, 2, 3, 4, 5, 6, -1, -1, 7, false};
    }
}

std::vector<std::string> header_names(std::string_view line) {
    line = strip_line_end(strip_bom(line));
    FieldSplit fields(line);
    std::vector<std::string> out;
    for (size_t i = 0; i < std::min(fields.count(), FieldSplit::kMax); ++i) {
        std::string_view n = trim_spaces(fields[i]);
        if (n.size() >= 2 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
        out.emplace_back(n);
    }
    return out;
}

bool map_bar_columns(std::string_view header_line, const ColumnMap& user, BarColumns& out,
                     std::string& problem) {
    const auto names = header_names(header_line);
    std::string listed;
    for (const auto& n : names) listed += (listed.empty() ? "" : ",") + n;
    if (FieldSplit(strip_line_end(strip_bom(header_line))).count() > FieldSplit::kMax) {
        problem = "the header has more than " + std::to_string(FieldSplit::kMax) + " columns";
        return false;
    }
    BarColumns c;
    int datetime = -1;
    auto slot = [&](std::string_view role) -> int* {
        if (role == "date") return &c.date;
        if (role == "time") return &c.time;
        if (role == "open") return &c.open;
        if (role == "high") return &c.high;
        if (role == "low") return &c.low;
        if (role == "close") return &c.close;
        if (role == "adj_close") return &c.adj_close;
        if (role == "volume") return &c.volume;
        if (role == "symbol") return &c.name;
        return nullptr;
    };
    std::vector<bool> taken(names.size(), false);
    for (const auto& [role, header] : user.names) {
        int found = -1;
        for (size_t i = 0; i < names.size(); ++i)
            if (letters_and_digits(names[i]) == letters_and_digits(header)) found = static_cast<int>(i);
        if (found < 0) {
            problem = "the column mapping names " + role + "=" + header +
                      ", but the header has no column \"" + header +
                      "\" (it has: " + quote_found(listed, 200) + ")";
            return false;
        }
        *slot(role) = found;
        taken[static_cast<size_t>(found)] = true;
    }
    auto alias = [](const std::string& n) -> std::string_view {
        if (n == "date" || n == "day" || n == "tradedate" || n == "tradingdate") return "date";
        if (n == "datetime" || n == "timestamp" || n == "dateandtime" || n == "timeutc") return "datetime";
        if (n == "time") return "time";
        if (n == "open" || n == "o" || n == "openprice") return "open";
        if (n == "high" || n == "h" || n == "highprice") return "high";
        if (n == "low" || n == "l" || n == "lowprice") return "low";
        if (n == "close" || n == "c" || n == "last" || n == "closelast" || n == "closeprice") return "close";
        if (n == "adjclose" || n == "adjustedclose" || n == "adjcloseprice") return "adj_close";
        if (n == "volume" || n == "vol" || n == "v" || n == "totalvolume") return "volume";
        if (n == "symbol" || n == "ticker" || n == "name" || n == "sym") return "symbol";
        if (n == "openinterest" || n == "oi") return "open_interest";
        return {};
    };
    for (size_t i = 0; i < names.size(); ++i) {
        if (taken[i]) continue;
        const std::string_view role = alias(letters_and_digits(names[i]));
        int* target = role == "datetime"        ? &datetime
                      : role == "open_interest" ? &c.open_interest
                                                : slot(role);
        if (target == nullptr || *target >= 0) continue;  // unknown, or a second column for a value: ignored
        *target = static_cast<int>(i);
    }
    // A lone Time (or Timestamp) column is the whole time; beside a Date it is the time of day.
    if (c.date < 0) {
        c.date = datetime >= 0 ? datetime : c.time;
        if (c.date == c.time) c.time = -1;
    }
    std::string missing;
    int count = 0;
    if (c.date < 0) missing = "time (Date, Datetime or Timestamp)", ++count;
    for (auto [value, label] :
         {std::pair{c.open, "Open"}, {c.high, "High"}, {c.low, "Low"}, {c.close, "Close"}})
        if (value < 0) {
            if (!missing.empty()) missing += ", ";
            missing += label;
            ++count;
        }
    if (!missing.empty()) {
        problem = "no " + missing + (count > 1 ? " columns" : " column");
        return false;
    }
    out = c;
    return true;
}

}  // namespace detail
}  // namespace robo::data
