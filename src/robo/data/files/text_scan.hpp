// data/files/text_scan.hpp — the low-level pieces of the CSV readers: lines, fields, dates.
//
// Everything works on std::string_view into one buffer holding the whole file: no
// allocation per line or field, no exceptions. No CSV quoting: none of our sources quote
// fields, so a quote character simply fails the number or date it sits in, with a clear
// message. Internal to data/files; other components use readers.hpp.
#pragma once
#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>

#include <date/date.h>

#include "robo/core/decimal.hpp"
#include "robo/core/time.hpp"
#include "robo/data/files/layout.hpp"

namespace robo::data {

// Exchange-local wall time (no zone attached yet), in nanoseconds.
using LocalTime = date::local_time<Duration>;

inline std::string_view strip_bom(std::string_view s) noexcept {
    return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s;
}
// Removes a trailing "\r" (CRLF files) and any "\n".
inline std::string_view strip_line_end(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
inline std::string_view trim_spaces(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
// Drops trailing blank lines (and trailing spaces): empty lines at the end are not rows.
inline std::string_view trim_trailing_blank(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}
inline std::string_view first_line(std::string_view s) noexcept {
    auto nl = s.find('\n');
    return strip_line_end(nl == std::string_view::npos ? s : s.substr(0, nl));
}

// Hands out the lines of a text one at a time, numbering them, without the line ending.
class LineCursor {
public:
    LineCursor(std::string_view text, size_t first_number) noexcept
        : rest_(text), next_number_(first_number) {}
    bool next(std::string_view& line, size_t& number) noexcept {
        if (done_) return false;
        const char* nl = static_cast<const char*>(std::memchr(rest_.data(), '\n', rest_.size()));
        if (nl == nullptr) {
            line = rest_;
            done_ = true;
        } else {
            auto len = static_cast<size_t>(nl - rest_.data());
            line = rest_.substr(0, len);
            rest_.remove_prefix(len + 1);
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        number = next_number_++;
        return true;
    }

private:
    std::string_view rest_;
    size_t next_number_;
    bool done_ = false;
};

// Splits one line on commas. Keeps the first kMax fields and counts all of them, so a row
// with extra columns is reported with its true count.
class FieldSplit {
public:
    static constexpr size_t kMax = 24;  // the widest exports (Alpha Vantage, IBKR) have 9-12
    explicit FieldSplit(std::string_view line) noexcept {
        const char* p = line.data();
        const char* end = p + line.size();
        while (true) {
            const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
            const char* stop = comma ? comma : end;
            if (count_ < kMax) fields_[count_] = std::string_view(p, static_cast<size_t>(stop - p));
            ++count_;
            if (!comma) break;
            p = comma + 1;
        }
    }
    size_t count() const noexcept { return count_; }
    // Only for i < min(count(), kMax).
    std::string_view operator[](size_t i) const noexcept { return fields_[i]; }

private:
    std::array<std::string_view, kMax> fields_;  // only [0, min(count_, kMax)) are set
    size_t count_ = 0;
};

// The value of eight ASCII digits in memory order (as loaded little-endian), or nothing when
// any byte is not '0'..'9'. Three multiply-and-shift steps instead of eight dependent ones.
inline constexpr uint64_t kEightZeros = 0x3030303030303030ULL;  // "00000000"
// Whether all eight bytes are '0'..'9': the high nibble is 3, and adding 6 does not carry into it.
inline bool are_eight_digits(uint64_t bytes) noexcept {
    constexpr uint64_t high_nibbles = 0xF0F0F0F0F0F0F0F0ULL;
    return (bytes & high_nibbles) == kEightZeros &&
           ((bytes + 0x0606060606060606ULL) & high_nibbles) == kEightZeros;
}
inline std::optional<uint32_t> eight_digits(uint64_t bytes) noexcept {
    static_assert(std::endian::native == std::endian::little);
    if (!are_eight_digits(bytes)) return std::nullopt;
    uint64_t v = bytes - kEightZeros;                   // each byte 0..9, first digit lowest
    v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;    // pairs: 0..99 in 16 bits
    v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;  // fours: 0..9999 in 32 bits
    return static_cast<uint32_t>((v * 10000 + (v >> 32)) & 0xFFFFFFFFULL);
}

// decimal_detail::parse_scaled(text, places, round=true), faster for the common shape of
// market data ("112.62999725341797": no sign, at most 10 integer digits): the value is
// built in uint64 instead of 128 bits. Same result and status for every input (tested
// against parse_scaled); anything else goes to parse_scaled itself.
inline decimal_detail::ParseStatus parse_rounded_fast(std::string_view s, int places, int64_t& out) noexcept {
    const char* p = s.data();
    const char* end = p + s.size();
    uint64_t value = 0;
    int int_digits = 0;
    while (p != end && static_cast<unsigned>(*p - '0') < 10u) {
        value = value * 10 + static_cast<unsigned>(*p - '0');
        ++p;
        ++int_digits;
    }
    if (int_digits == 0 || int_digits > 10 || places > 8)
        return decimal_detail::parse_scaled(s, places, true, out);
    int frac_digits = 0;
    bool round_up = false;
    if (p != end) {
        if (*p != '.')
            return decimal_detail::parse_scaled(s, places, true, out);  // an error: let it say which
        ++p;
        if (places == 8 && end - p >= 8) {  // a price's eight places in one go, when all are digits
            uint64_t eight;
            std::memcpy(&eight, p, 8);
            if (auto digits = eight_digits(eight)) {
                value = value * 100'000'000 + *digits;
                p += 8;
                frac_digits = 8;
                if (const std::ptrdiff_t tail = end - p; tail >= 1 && tail <= 8) {
                    // The digits past the places ("7341797" of "112.62999725341797") in one word:
                    // the 8 bytes ending the text, whose first 8 - tail are places just read.
                    uint64_t last;
                    std::memcpy(&last, end - 8, 8);
                    if (!are_eight_digits(last)) return decimal_detail::parse_scaled(s, places, true, out);
                    const uint64_t d = last - kEightZeros;
                    const int skip = int(8 - tail);
                    const unsigned first = unsigned(d >> (8 * skip)) & 0xFFu;            // rounds
                    const bool rest_nonzero = tail > 1 && (d >> (8 * (skip + 1))) != 0;  // breaks a tie
                    round_up = first > 5 || (first == 5 && (rest_nonzero || (value & 1) != 0));
                    out = static_cast<int64_t>(value + (round_up ? 1 : 0));
                    return decimal_detail::ParseStatus::ok;
                }
            }
        }
        for (; p != end && frac_digits < places; ++p, ++frac_digits) {
            unsigned d = static_cast<unsigned>(*p - '0');
            if (d >= 10u) return decimal_detail::parse_scaled(s, places, true, out);
            value = value * 10 + d;
        }
        if (p != end) {
            // Beyond `places`: the first extra digit rounds, the rest only break a tie; half to even.
            unsigned first = static_cast<unsigned>(*p - '0');
            if (first >= 10u) return decimal_detail::parse_scaled(s, places, true, out);
            bool rest_nonzero = false;
            for (++p; p != end; ++p) {
                unsigned d = static_cast<unsigned>(*p - '0');
                if (d >= 10u) return decimal_detail::parse_scaled(s, places, true, out);
                rest_nonzero |= d != 0;
            }
            round_up = first > 5 || (first == 5 && (rest_nonzero || (value & 1) != 0));
        }
    }
    for (; frac_digits < places; ++frac_digits) value *= 10;
    out = static_cast<int64_t>(value + (round_up ? 1 : 0));  // < 10^18 + 1: fits
    return decimal_detail::ParseStatus::ok;
}

// Outcome of reading a date or time field: the shape is wrong ("2015/01/12"), the shape
// is right but names no real date or time ("2015-02-30", "25:00:00"), or the year is
// outside kMinYear..kMaxYear (what a nanosecond Timestamp holds, with margin).
enum class TimeParse { ok, bad_shape, impossible, out_of_range };
inline constexpr unsigned kMinYear = 1800;
inline constexpr unsigned kMaxYear = 2200;

// "YYYY-MM-DD".
TimeParse parse_iso_date(std::string_view text, date::local_days& out) noexcept;
// "HH:MM" or "HH:MM:SS[.fraction]" (00:00:00 to 23:59:59.999999999).
TimeParse parse_clock_time(std::string_view text, Duration& out) noexcept;
// "YYYY-MM-DDTHH:MM:SS[.fraction][Z]" (or a space instead of T). `utc` tells whether it
// ended in Z (already UTC) or is a wall-clock time.
TimeParse parse_iso_date_time(std::string_view text, LocalTime& out, bool& utc) noexcept;
// US style "MM/DD/YYYY HH:MM:SS[.fraction]" (the bid/ask file).
TimeParse parse_us_date_time(std::string_view text, LocalTime& out) noexcept;

// The ways a bar file may write its time column (one per file: the first row decides, every
// other row must follow it). UTC instants: epoch numbers, and ISO date-times ending in Z or
// an offset (+02:00, -0500); all others are wall-clock times of the file's zone.
enum class TimeFormat : uint8_t {
    unknown,
    iso_date,           // 2015-01-12
    iso_date_time,      // 2015-01-12T09:30:00[.fff][Z|+02:00] (or a space instead of T)
    compact_date,       // 20150112
    compact_date_time,  // 20150112 09:30:00 (IBKR)
    epoch_seconds,      // 1421020800 (9 to 11 digits)
    epoch_millis,       // 1421020800000 (12 to 14 digits)
    month_first,        // 01/12/2015[ 09:30[:00]] with DateOrder::month_first
    day_first,          // 12/01/2015[ 09:30[:00]] with DateOrder::day_first
    slashed_unordered,  // 01/12/2015 without a DateOrder: refused, the reader asks for one
};

// The format `text` is written in (unknown when none fits).
TimeFormat time_format_of(std::string_view text, DateOrder order) noexcept;
// Reads `text` in `format`: `utc` tells whether `out` is already a UTC instant, `has_clock`
// whether the text carried a time of day.
TimeParse parse_time_as(TimeFormat format, std::string_view text, LocalTime& out, bool& utc,
                        bool& has_clock) noexcept;
// "YYYY-MM-DD" and an example ("2015-01-12"), for messages and docs.
std::string_view format_name(TimeFormat format) noexcept;
std::string_view format_example(TimeFormat format) noexcept;

}  // namespace robo::data
