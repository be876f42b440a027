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

namespace {

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "1/2/2015", "01/02/2015", "01-02-2015", "01.02.2015": two numbers of one or two digits and a
// four-digit year. Returns the two leading numbers, the year and where the date ends.
bool split_slashed(std::string_view s, unsigned& a, unsigned& b, unsigned& y, size_t& end) noexcept {
    size_t p = 0;
    auto number = [&](unsigned& out, size_t min_digits, size_t max_digits) {
        size_t start = p;
        unsigned v = 0;
        while (p < s.size() && p - start < max_digits && s[p] >= '0' && s[p] <= '9')
            v = v * 10 + static_cast<unsigned>(s[p++] - '0');
        out = v;
        return p - start >= min_digits;
    };
    if (!number(a, 1, 2) || p >= s.size()) return false;
    const char sep = s[p];
    if (sep != '/' && sep != '-' && sep != '.') return false;
    ++p;
    if (!number(b, 1, 2) || p >= s.size() || s[p] != sep) return false;
    ++p;
    if (!number(y, 4, 4)) return false;
    end = p;
    return end == s.size() || s[end] == ' ' || s[end] == 'T';
}

// The clock part after a date ("09:30", "09:30:00.5") with an optional zone suffix; `utc`
// and the offset are set when the suffix names one.
TimeParse clock_with_zone(std::string_view s, Duration& in_day, bool& utc,
                          std::chrono::minutes& offset) noexcept {
    utc = false;
    offset = std::chrono::minutes{0};
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
        utc = true;
        s.remove_suffix(1);
    } else if (s.size() > 8) {
        // +HH:MM, +HHMM or +HH after the seconds (a '-' before position 5 belongs to no clock).
        size_t sign = s.find_last_of("+-");
        if (sign != std::string_view::npos && sign >= 5) {
            std::string_view zone = s.substr(sign + 1);
            unsigned h = 0, m = 0;
            bool ok = false;
            if (zone.size() == 5 && zone[2] == ':' && digits(zone, 0, 2, h) && digits(zone, 3, 2, m))
                ok = true;
            if (zone.size() == 4 && digits(zone, 0, 2, h) && digits(zone, 2, 2, m)) ok = true;
            if (zone.size() == 2 && digits(zone, 0, 2, h)) ok = true;
            if (!ok) return TimeParse::bad_shape;
            if (h > 23 || m > 59) return TimeParse::impossible;
            offset = std::chrono::minutes{static_cast<int>(h * 60 + m)} * (s[sign] == '-' ? -1 : 1);
            utc = true;
            s = s.substr(0, sign);
        }
    }
    return parse_clock_time(s, in_day);
}

TimeParse date_then_clock(date::local_days day, TimeParse day_status, std::string_view rest, LocalTime& out,
                          bool& utc, bool& has_clock) noexcept {
    Duration in_day{};
    std::chrono::minutes offset{0};
    has_clock = !rest.empty();
    utc = false;
    if (has_clock) {
        auto t = clock_with_zone(rest, in_day, utc, offset);
        if (t == TimeParse::bad_shape) return t;
        if (day_status != TimeParse::ok) return day_status;
        if (t != TimeParse::ok) return t;
    } else if (day_status != TimeParse::ok) {
        return day_status;
    }
    out = LocalTime{day} + in_day - offset;  // an offset names local = UTC + offset
    return TimeParse::ok;
}

}  // namespace

TimeFormat time_format_of(std::string_view s, DateOrder order) noexcept {
    if (all_digits(s)) {
        if (s.size() == 8) return TimeFormat::compact_date;
        if (s.size() >= 9 && s.size() <= 11) return TimeFormat::epoch_seconds;
        if (s.size() >= 12 && s.size() <= 14) return TimeFormat::epoch_millis;
        return TimeFormat::unknown;
    }
    unsigned v;
    if (s.size() >= 10 && digits(s, 0, 4, v) && s[4] == '-')
        return s.size() == 10 ? TimeFormat::iso_date : TimeFormat::iso_date_time;
    if (s.size() > 9 && digits(s, 0, 8, v) && s[8] == ' ') return TimeFormat::compact_date_time;
    unsigned a, b, y;
    size_t end;
    if (split_slashed(s, a, b, y, end)) {
        if (order == DateOrder::month_first) return TimeFormat::month_first;
        if (order == DateOrder::day_first) return TimeFormat::day_first;
        return TimeFormat::slashed_unordered;
    }
    return TimeFormat::unknown;
}

TimeParse parse_time_as(TimeFormat format, std::string_view s, LocalTime& out, bool& utc,
                        bool& has_clock) noexcept {
    utc = false;
    has_clock = false;
    date::local_days day{};
    switch (format) {
        case TimeFormat::iso_date: {
            const auto status = parse_iso_date(s, day);
            if (status == TimeParse::ok) out = LocalTime{day};
            return status;
        }
        case TimeFormat::iso_date_time: {
            if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return TimeParse::bad_shape;
            auto d = parse_iso_date(s.substr(0, 10), day);
            if (d == TimeParse::bad_shape) return d;
            return date_then_clock(day, d, s.substr(11), out, utc, has_clock);
        }
        case TimeFormat::compact_date:
        case TimeFormat::compact_date_time: {
            unsigned y, m, dd;
            if (s.size() < 8 || !digits(s, 0, 4, y) || !digits(s, 4, 2, m) || !digits(s, 6, 2, dd))
                return TimeParse::bad_shape;
            std::string_view rest = s.substr(8);
            if (format == TimeFormat::compact_date && !rest.empty()) return TimeParse::bad_shape;
            if (format == TimeFormat::compact_date_time) {
                if (rest.empty() || rest.front() != ' ') return TimeParse::bad_shape;
                while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);  // IBKR pads with two
                if (rest.empty()) return TimeParse::bad_shape;
            }
            // make_days fills `day` first: as one call's arguments, the order would be
            // unspecified (g++ happened to run make_days first, clang copies `day` first).
            const auto day_status = make_days(y, m, dd, day);
            return date_then_clock(day, day_status, rest, out, utc, has_clock);
        }
        case TimeFormat::epoch_seconds:
        case TimeFormat::epoch_millis: {
            if (!all_digits(s) || s.size() > 14) return TimeParse::bad_shape;
            int64_t v = 0;
            for (char c : s) v = v * 10 + (c - '0');
            const bool millis = format == TimeFormat::epoch_millis;
            if ((millis && s.size() < 12) || (!millis && (s.size() < 9 || s.size() > 11)))
                return TimeParse::bad_shape;
            const Duration since =
                millis ? Duration{std::chrono::milliseconds{v}} : Duration{std::chrono::seconds{v}};
            const auto ymd = date::year_month_day{date::floor<date::days>(date::sys_time<Duration>{since})};
            if (static_cast<int>(ymd.year()) > static_cast<int>(kMaxYear)) return TimeParse::out_of_range;
            out = LocalTime{since};
            utc = true;
            has_clock = true;
            return TimeParse::ok;
        }
        case TimeFormat::month_first:
        case TimeFormat::day_first: {
            unsigned a, b, y;
            size_t end;
            if (!split_slashed(s, a, b, y, end)) return TimeParse::bad_shape;
            std::string_view rest = end < s.size() ? s.substr(end + 1) : std::string_view{};
            if (end < s.size() && rest.empty()) return TimeParse::bad_shape;
            const bool mf = format == TimeFormat::month_first;
            const auto day_status = make_days(y, mf ? a : b, mf ? b : a, day);  // before `day` is read
            return date_then_clock(day, day_status, rest, out, utc, has_clock);
        }
        case TimeFormat::slashed_unordered:
        case TimeFormat::unknown:
            break;
    }
    return TimeParse::bad_shape;
}

std::string_view format_name(TimeFormat format) noexcept {
    switch (format) {
        case TimeFormat::iso_date:
            return "YYYY-MM-DD";
        case TimeFormat::iso_date_time:
            return "YYYY-MM-DDTHH:MM:SS";
        case TimeFormat::compact_date:
            return "YYYYMMDD";
        case TimeFormat::compact_date_time:
            return "YYYYMMDD HH:MM:SS";
        case TimeFormat::epoch_seconds:
            return "epoch seconds";
        case TimeFormat::epoch_millis:
            return "epoch milliseconds";
        case TimeFormat::month_first:
            return "MM/DD/YYYY";
        case TimeFormat::day_first:
            return "DD/MM/YYYY";
        case TimeFormat::slashed_unordered:
            return "MM/DD/YYYY or DD/MM/YYYY";
        case TimeFormat::unknown:
            break;
    }
    return "unknown";
}

std::string_view format_example(TimeFormat format) noexcept {
    switch (format) {
        case TimeFormat::iso_date:
            return "2015-01-12";
        case TimeFormat::iso_date_time:
            return "2015-01-12T09:30:00";
        case TimeFormat::compact_date:
            return "20150112";
        case TimeFormat::compact_date_time:
            return "20150112 09:30:00";
        case TimeFormat::epoch_seconds:
            return "1421020800";
        case TimeFormat::epoch_millis:
            return "1421020800000";
        case TimeFormat::month_first:
            return "01/12/2015";
        case TimeFormat::day_first:
            return "12/01/2015";
        case TimeFormat::slashed_unordered:
        case TimeFormat::unknown:
            break;
    }
    return "2015-01-12";
}

}  // namespace robo::data
