// config/options.hpp — the one table of configuration options.
//
// Each row names a variable (the original Python system's name), its type, default,
// allowed range or choices, whether it is secret, a one-line doc, and where it lands in
// Config. Parsing, validation, `.env.example`, docs/config.md and `config check` are all
// driven from this table; nothing repeats an option by hand. Adding an option is adding
// a row (and a field in config.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "robo/config/config.hpp"

namespace robo::config {

enum class Type {
    string,    // any text (empty only when allow_empty)
    ident,     // lowercase identifier: [a-z0-9_]+
    host,      // host name or IP address
    path,      // file or folder
    timezone,  // IANA zone name, checked against the system's tzdata
    integer,
    number,
    boolean,  // true/false, 1/0, yes/no, on/off (any case)
    choice,   // one of `choices` (any case)
    money,    // exact decimal, 8 places
    price,    // exact decimal, 8 places
    idents,   // comma-separated identifiers
    symbols,  // comma-separated ticker symbols, no duplicates
    hosts,    // comma-separated host names or IP addresses, no port (stored lowercase)
};

// Parsed value of one option, before it is stored into Config.
using Value = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>, Money, Price>;
using Store = void (*)(Config&, const Value&);

struct OptionDef {
    std::string_view name;
    Type type;
    std::string_view default_value;
    std::string_view doc;
    // Range for integer, number, money and price.
    double min = 0;
    double max = 0;
    bool has_min = false;
    bool has_max = false;
    bool min_exclusive = false;
    std::string_view choices;  // "paper|live|backtest"
    bool secret = false;       // redacted in every printout
    bool allow_empty = false;  // for text and list types
    Store store = nullptr;
};

std::span<const OptionDef> options() noexcept;
const OptionDef* find_option(std::string_view name) noexcept;
// "IBKR_PORT" -> "ibkr"; unprefixed (ENVIRONMENT, SYMBOLS...) -> "".
std::string_view group_of(std::string_view name) noexcept;
// The prefixes that mark a variable as ours (an unknown one is warned about).
std::span<const std::string_view> project_prefixes() noexcept;
bool has_project_prefix(std::string_view name) noexcept;
// The known option nearest to `name` by edit distance.
std::string_view closest_option(std::string_view name);

// Options that existed once and were removed because nothing read them: an old .env that
// still sets one gets a warning saying why and what to use instead, not "unknown variable".
struct RemovedOption {
    std::string_view name;
    std::string_view why;
};
std::span<const RemovedOption> removed_options() noexcept;
const RemovedOption* find_removed_option(std::string_view name) noexcept;

// "a number greater than 0 and at most 0.1", "one of paper, live, backtest", ...
std::string describe_allowed(const OptionDef& def);

struct Parsed {
    Value value;
    std::string normalized;  // canonical text: lowercase choices, "true"/"false", ...
};
// Parses and range-checks raw text. On failure returns nullopt and sets `problem` to what
// was wrong beyond the allowed description (may be empty), e.g. "AAPL,,MSFT has an empty item".
std::optional<Parsed> parse_option(const OptionDef& def, std::string_view raw, std::string& problem);

// The value as a double, for rules that compare numbers (integer, number, money, price).
std::optional<double> numeric(const Value& v) noexcept;

}  // namespace robo::config
