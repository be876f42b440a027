#include "robo/core/decimal.hpp"

#include <cmath>
#include <limits>

namespace robo {
namespace decimal_detail {

namespace {
__extension__ typedef __int128 int128;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Rounds q + r/d half-to-even where 0 <= r < d (magnitudes only).
bool round_up_half_even(int128 q, int128 r, int128 d) {
    int128 twice = r * 2;
    if (twice > d) return true;
    if (twice < d) return false;
    return (q & 1) != 0;
}
}  // namespace

ParseStatus parse_scaled(std::string_view s, int places, bool round, int64_t& out) noexcept {
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
    }
    int128 value = 0;
    bool any_digit = false;
    for (; i < s.size() && s[i] != '.'; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return ParseStatus::bad_character;
        value = value * 10 + (c - '0');
        if (value > kMax) return ParseStatus::overflow;
        any_digit = true;
    }
    int frac_digits = 0;
    bool round_up = false;
    bool seen_dot = false;
    if (i < s.size() && s[i] == '.') {
        seen_dot = true;
        ++i;
        // Digits beyond `places`: the first decides the rounding, the rest break ties.
        int first_extra = -1;
        bool rest_nonzero = false;
        for (; i < s.size(); ++i) {
            char c = s[i];
            if (c < '0' || c > '9') return ParseStatus::bad_character;
            any_digit = true;
            if (frac_digits < places) {
                value = value * 10 + (c - '0');
                ++frac_digits;
            } else if (first_extra < 0) {
                first_extra = c - '0';
            } else if (c != '0') {
                rest_nonzero = true;
            }
        }
        if (first_extra > 0 || rest_nonzero) {
            if (!round) return ParseStatus::too_many_decimals;
            if (first_extra > 5 || (first_extra == 5 && rest_nonzero))
                round_up = true;
            else if (first_extra == 5)
                round_up = (value & 1) != 0;  // exactly half: to even
        }
    }
    (void)seen_dot;
    if (!any_digit) return ParseStatus::empty;
    for (; frac_digits < places; ++frac_digits) value *= 10;
    if (round_up) value += 1;
    if (value > kMax) return ParseStatus::overflow;
    out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
    return ParseStatus::ok;
}

std::string format_scaled(int64_t raw, int places, int min_places) {
    int128 v = raw;
    bool negative = v < 0;
    if (negative) v = -v;
    int128 scale = pow10(places);
    auto whole = static_cast<unsigned long long>(v / scale);
    auto frac = static_cast<long long>(v % scale);
    std::string out = negative ? "-" : "";
    out += std::to_string(whole);
    if (places == 0) return out;
    std::string digits(static_cast<size_t>(places), '0');
    for (int k = places - 1; k >= 0; --k) {
        digits[static_cast<size_t>(k)] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    size_t keep = digits.size();
    while (keep > static_cast<size_t>(min_places) && digits[keep - 1] == '0') --keep;
    if (keep > 0) {
        out.push_back('.');
        out.append(digits, 0, keep);
    }
    return out;
}

const char* describe(ParseStatus status) noexcept {
    switch (status) {
        case ParseStatus::ok:
            return "ok";
        case ParseStatus::empty:
            return "no digits";
        case ParseStatus::bad_character:
            return "not a plain decimal number";
        case ParseStatus::too_many_decimals:
            return "more decimals than can be held exactly";
        case ParseStatus::overflow:
            return "too large";
    }
    return "unknown";
}

int64_t mul_div_round(int64_t a, int64_t b, int64_t divisor) {
    if (divisor == 0) throw DecimalError("decimal division by zero");
    int128 p = static_cast<int128>(a) * b;
    bool negative = (p < 0) != (divisor < 0);
    int128 n = p < 0 ? -p : p;
    int128 d = divisor < 0 ? -static_cast<int128>(divisor) : divisor;
    int128 q, r;
    if (n <= std::numeric_limits<uint64_t>::max()) {
        // Nearly every price x quantity fits 64 bits: one hardware division instead of the
        // 128-bit library routine (__divmodti4), with the same quotient and remainder.
        const auto n64 = static_cast<uint64_t>(n), d64 = static_cast<uint64_t>(d);
        q = n64 / d64;
        r = n64 % d64;
    } else {
        q = n / d;
        r = n % d;
    }
    if (round_up_half_even(q, r, d)) q += 1;
    if (q > kMax) throw DecimalError("decimal overflow");
    return negative ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
}

int64_t checked_add(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw DecimalError("decimal overflow in addition");
    return r;
}

int64_t checked_sub(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) throw DecimalError("decimal overflow in subtraction");
    return r;
}

}  // namespace decimal_detail

int64_t double_to_scaled(double v, int places) {
    if (!std::isfinite(v)) throw DecimalError("cannot convert a NaN or infinite value to a decimal");
    double scaled = std::round(v * static_cast<double>(decimal_detail::pow10(places)));
    if (scaled >= 9.2e18 || scaled <= -9.2e18) throw DecimalError("decimal overflow from double");
    return static_cast<int64_t>(scaled);
}

}  // namespace robo
