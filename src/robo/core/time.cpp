#include "robo/core/time.hpp"

#include <cstdio>
#include <stdexcept>

namespace robo {

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) noexcept {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool make(int y, int mo, int d, int h, int mi, int s, int64_t ns, Timestamp& out) noexcept {
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return false;
    auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
    out = Timestamp(duration_cast<Duration>(t.time_since_epoch()) + Duration(ns));
    return true;
}

}  // namespace

Timestamp from_civil(int year, unsigned month, unsigned day, int hour, int minute, int second,
                     int64_t nanos) {
    Timestamp t;
    if (!make(year, static_cast<int>(month), static_cast<int>(day), hour, minute, second, nanos, t))
        throw std::invalid_argument("invalid civil date or time");
    return t;
}

bool try_parse_timestamp(std::string_view s, Timestamp& out) noexcept {
    int y, mo, d, h = 0, mi = 0, sec = 0;
    int64_t ns = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return false;
    size_t pos = 10;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != ' ') return false;
        if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, mi))
            return false;
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, sec)) return false;
            pos += 3;
            if (pos < s.size() && s[pos] == '.') {
                ++pos;
                int64_t scale = 100'000'000;
                size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    if (scale > 0) ns += (s[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
                if (pos == start) return false;
            }
        }
        if (pos < s.size() && s[pos] == 'Z') ++pos;
        if (pos != s.size()) return false;
    }
    return make(y, mo, d, h, mi, sec, ns, out);
}

Timestamp parse_timestamp(std::string_view text) {
    Timestamp t;
    if (!try_parse_timestamp(text, t))
        throw std::invalid_argument("expected a time like 2015-01-12 or 2015-01-12T20:57:42.146Z, found \"" +
                                    std::string(text) + "\"");
    return t;
}

namespace {
// Writes v as exactly `width` decimal digits, ending just before `end` (v fits in them).
void put_digits(char* end, unsigned v, int width) noexcept {
    for (int i = 0; i < width; ++i, v /= 10) *--end = char('0' + v % 10);
}
}  // namespace

std::string format_iso_micros(Timestamp t) {
    using namespace std::chrono;
    // The day and the nanoseconds into it, floored, in integers: t - floor<days>(t) in
    // chrono overflows for the first hours of 64-bit nanoseconds (1677-09-21).
    constexpr int64_t per_day = 86'400'000'000'000;
    const int64_t ns = t.time_since_epoch().count();
    const bool before = ns % per_day < 0;
    const int64_t day = ns / per_day - (before ? 1 : 0);
    const int64_t in_day = ns % per_day + (before ? per_day : 0);
    const year_month_day ymd{sys_days{days{day}}};
    const auto us = unsigned(in_day / 1'000 % 1'000'000), s = unsigned(in_day / 1'000'000'000 % 60),
               m = unsigned(in_day / 60'000'000'000 % 60), h = unsigned(in_day / 3'600'000'000'000);
    // 64-bit nanoseconds since 1970 reach 1677 to 2262: the year always has four digits.
    const int y = static_cast<int>(ymd.year());
    // The audit trail stamps every record with this: digits by hand, not through printf's
    // format interpreter (about ten times the work).
    std::string out("0000-00-00T00:00:00.000000Z");
    char* p = out.data();
    put_digits(p + 4, unsigned(y), 4);
    put_digits(p + 7, static_cast<unsigned>(ymd.month()), 2);
    put_digits(p + 10, static_cast<unsigned>(ymd.day()), 2);
    put_digits(p + 13, h, 2);
    put_digits(p + 16, m, 2);
    put_digits(p + 19, s, 2);
    put_digits(p + 26, us, 6);
    return out;
}

std::string format_date(Timestamp t) {
    using namespace std::chrono;
    year_month_day ymd{floor<days>(t)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace robo
