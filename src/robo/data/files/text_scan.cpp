#include "robo/data/files/text_scan.hpp"

namespace robo::data {

namespace {

bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) noexcept {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
}

TimeParse make_days(unsigned y, unsigned m, unsigned d, date::local_days& out) noexcept {
    date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
    if (!ymd.ok()) return TimeParse::impossible;
    if (y < kMinYear || y > kMaxYear) return TimeParse::out_of_range;
    out = date::local_days{ymd};
    return TimeParse::ok;
}

}  // namespace

TimeParse parse_iso_date(std::string_view s, date::local_days& out) noexcept {
    unsigned y, m, d;
    if (s.size() != 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return TimeParse::bad_shape;
    return make_days(y, m, d, out);
}

TimeParse parse_clock_time(std::string_view s, Duration& out) noexcept {
    unsigned h, mi, sec = 0;
    if (s.size() < 5 || !digits(s, 0, 2, h) || s[2] != ':' || !digits(s, 3, 2, mi))
        return TimeParse::bad_shape;
    size_t pos = 5;
    int64_t nanos = 0;
    if (pos < s.size()) {
        if (s[pos] != ':' || !digits(s, pos + 1, 2, sec)) return TimeParse::bad_shape;
        pos += 3;
        if (pos < s.size()) {
            if (s[pos] != '.') return TimeParse::bad_shape;
            ++pos;
            if (pos == s.size()) return TimeParse::bad_shape;
            int64_t scale = 100'000'000;
            for (; pos < s.size(); ++pos) {
                char c = s[pos];
                if (c < '0' || c > '9') return TimeParse::bad_shape;
                nanos += (c - '0') * scale;  // digits beyond nanoseconds add 0
                scale /= 10;
            }
        }
    }
    if (h > 23 || mi > 59 || sec > 59) return TimeParse::impossible;
    out = std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec} + Duration{nanos};
    return TimeParse::ok;
}

TimeParse parse_iso_date_time(std::string_view s, LocalTime& out, bool& utc) noexcept {
    if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return TimeParse::bad_shape;
    utc = s.back() == 'Z';
    if (utc) s.remove_suffix(1);
    date::local_days day;
    Duration in_day{};
    auto d = parse_iso_date(s.substr(0, 10), day);
    if (d == TimeParse::bad_shape) return d;
    auto t = parse_clock_time(s.substr(11), in_day);
    if (t == TimeParse::bad_shape) return t;
    if (d != TimeParse::ok) return d;
    if (t != TimeParse::ok) return t;
    out = LocalTime{day} + in_day;
    return TimeParse::ok;
}

TimeParse parse_us_date_time(std::string_view s, LocalTime& out) noexcept {
    unsigned m, d, y;
    if (s.size() < 16 || !digits(s, 0, 2, m) || s[2] != '/' || !digits(s, 3, 2, d) || s[5] != '/' ||
        !digits(s, 6, 4, y) || s[10] != ' ')
        return TimeParse::bad_shape;
    Duration in_day{};
    auto t = parse_clock_time(s.substr(11), in_day);
    if (t == TimeParse::bad_shape) return t;
    date::local_days day;
    auto dd = make_days(y, m, d, day);
    if (dd != TimeParse::ok) return dd;
    if (t != TimeParse::ok) return t;
    out = LocalTime{day} + in_day;
    return TimeParse::ok;
}

}  // namespace robo::data
