// core/decimal.hpp — exact fixed-point numbers for prices, quantities and money.
//
// A Decimal<Tag, Places> is an int64 count of 10^-Places units. Orders, fills and the
// ledger use these so that P&L reconciles to the fills to the last unit: no binary
// floating point drift. Text conversion is exact: parse() refuses more decimals than the
// type holds (precision loss) and values beyond int64 (overflow); parse_rounded() rounds
// half-to-even instead, for market data whose sources carry float noise
// ("112.62999725341797"). Arithmetic checks for overflow and throws DecimalError.
// Indicators and statistics use double; to_double() is the one-way door there.
#pragma once
#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace robo {

class DecimalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace decimal_detail {

inline constexpr int64_t pow10(int n) {
    int64_t r = 1;
    while (n-- > 0) r *= 10;
    return r;
}

enum class ParseStatus { ok, empty, bad_character, too_many_decimals, overflow };

// Parses "[+-]digits[.digits]" into a count of 10^-places units. With round=false any
// non-zero digit beyond `places` is refused; with round=true it rounds half-to-even.
// Never throws and never allocates.
ParseStatus parse_scaled(std::string_view text, int places, bool round, int64_t& out) noexcept;

// Formats a scaled value with at least `min_places` decimals and no trailing zeros
// beyond them. format_scaled(parse_scaled(s)) is the canonical spelling of s.
std::string format_scaled(int64_t raw, int places, int min_places);

const char* describe(ParseStatus status) noexcept;

// a * b / divisor in 128-bit, rounded half-to-even; throws DecimalError on overflow.
int64_t mul_div_round(int64_t a, int64_t b, int64_t divisor);
int64_t checked_add(int64_t a, int64_t b);
int64_t checked_sub(int64_t a, int64_t b);

}  // namespace decimal_detail

template <class Tag, int Places>
class Decimal {
public:
    static constexpr int places = Places;
    static constexpr int64_t scale = decimal_detail::pow10(Places);

    constexpr Decimal() = default;
    static constexpr Decimal from_raw(int64_t raw) noexcept { return Decimal(raw); }
    // Whole units (shares, dollars); throws on overflow.
    static Decimal from_units(int64_t units) {
        return Decimal(decimal_detail::mul_div_round(units, scale, 1));
    }

    // Exact: "189.37" -> 189.37; throws DecimalError on bad text, precision loss or overflow.
    static Decimal parse(std::string_view text) { return parse_impl(text, false); }
    // Rounds extra decimals half-to-even (market data); still refuses bad text and overflow.
    static Decimal parse_rounded(std::string_view text) { return parse_impl(text, true); }
    // Non-throwing forms for hot parsers.
    static bool try_parse(std::string_view text, Decimal& out, bool round = false) noexcept {
        return decimal_detail::parse_scaled(text, Places, round, out.raw_) == decimal_detail::ParseStatus::ok;
    }
    // Nearest representable value (half away from zero); throws on NaN, inf or overflow.
    static Decimal from_double(double v);

    constexpr int64_t raw() const noexcept { return raw_; }
    constexpr double to_double() const noexcept {
        return static_cast<double>(raw_) / static_cast<double>(scale);
    }
    std::string to_string(int min_places = 0) const {
        return decimal_detail::format_scaled(raw_, Places, min_places);
    }

    constexpr bool is_zero() const noexcept { return raw_ == 0; }
    constexpr bool is_negative() const noexcept { return raw_ < 0; }
    constexpr bool is_positive() const noexcept { return raw_ > 0; }
    Decimal abs() const { return raw_ < 0 ? -*this : *this; }

    Decimal operator-() const { return Decimal(decimal_detail::checked_sub(0, raw_)); }
    Decimal operator+(Decimal o) const { return Decimal(decimal_detail::checked_add(raw_, o.raw_)); }
    Decimal operator-(Decimal o) const { return Decimal(decimal_detail::checked_sub(raw_, o.raw_)); }
    Decimal& operator+=(Decimal o) { return *this = *this + o; }
    Decimal& operator-=(Decimal o) { return *this = *this - o; }
    // Scaling by a whole number (e.g. a price times 2): exact or throws.
    Decimal times(int64_t k) const { return Decimal(decimal_detail::mul_div_round(raw_, k, 1)); }

    constexpr auto operator<=>(const Decimal&) const = default;

private:
    constexpr explicit Decimal(int64_t raw) noexcept : raw_(raw) {}
    static Decimal parse_impl(std::string_view text, bool round);
    int64_t raw_ = 0;
};

template <class Tag, int Places>
Decimal<Tag, Places> Decimal<Tag, Places>::parse_impl(std::string_view text, bool round) {
    int64_t raw = 0;
    auto status = decimal_detail::parse_scaled(text, Places, round, raw);
    if (status != decimal_detail::ParseStatus::ok) {
        throw DecimalError("cannot read \"" + std::string(text) + "\" as a decimal with at most " +
                           std::to_string(Places) + " places: " + decimal_detail::describe(status));
    }
    return Decimal(raw);
}

int64_t double_to_scaled(double v, int places);  // throws DecimalError

template <class Tag, int Places>
Decimal<Tag, Places> Decimal<Tag, Places>::from_double(double v) {
    return Decimal(double_to_scaled(v, Places));
}

}  // namespace robo
