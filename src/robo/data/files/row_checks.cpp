#include "robo/data/files/row_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace robo::data::detail {

namespace {

const char* kind_of(std::filesystem::file_type t) {
    using std::filesystem::file_type;
    switch (t) {
        case file_type::fifo:
            return "fifo";
        case file_type::socket:
            return "socket";
        case file_type::block:
            return "block device";
        case file_type::character:
            return "character device";
        case file_type::directory:
            return "directory";
        default:
            return "unknown type";
    }
}

const char* kind_of(mode_t m) {
    using std::filesystem::file_type;
    return kind_of(S_ISFIFO(m)   ? file_type::fifo
                   : S_ISSOCK(m) ? file_type::socket
                   : S_ISBLK(m)  ? file_type::block
                   : S_ISCHR(m)  ? file_type::character
                   : S_ISDIR(m)  ? file_type::directory
                                 : file_type::unknown);
}

[[noreturn]] void not_regular(const std::filesystem::path& path, const char* kind) {
    throw DataFileError({path.string(), 0, 0, std::string("not a regular file (") + kind + ")"});
}

}  // namespace

FilePtr open_regular_file(const std::filesystem::path& path) {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
        not_regular(path, kind_of(st.type()));
    // Non-blocking, so that a FIFO swapped in after the check cannot block the open either.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw DataFileError({path.string(), 0, 0, std::string("cannot open: ") + std::strerror(errno)});
    struct stat s {};
    if (::fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
        const mode_t mode = s.st_mode;
        ::close(fd);
        not_regular(path, kind_of(mode));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FilePtr file(::fdopen(fd, "rb"), &std::fclose);
    if (!file) {
        const int err = errno;
        ::close(fd);
        throw DataFileError({path.string(), 0, 0, std::string("cannot open: ") + std::strerror(err)});
    }
    return file;
}

std::string read_whole_file(const std::filesystem::path& path) {
    FilePtr file = open_regular_file(path);
    // One read straight into the buffer when the size is known, then whatever follows (a
    // file that grew, or a pipe with no size) in chunks.
    std::string text;
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec) {
        text.resize(static_cast<size_t>(size));
        text.resize(std::fread(text.data(), 1, text.size(), file.get()));
    }
    char chunk[1 << 16];
    size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) text.append(chunk, got);
    if (std::ferror(file.get()))
        throw DataFileError({path.string(), 0, 0, std::string("cannot read: ") + std::strerror(errno)});
    return text;
}

FileBody open_body(std::string_view name, std::string_view text, const ColumnMap& columns) {
    FileLayout layout = detect_layout_of_text(name, text, columns);
    text = strip_bom(text);
    auto nl = text.find('\n');
    std::string_view rows = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    rows = trim_trailing_blank(rows);
    // memchr per line, not a byte-wise count: the count went byte by byte (3 instructions a byte).
    size_t lines = rows.empty() ? 0 : 1;
    for (const char *p = rows.data(), *end = p + rows.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)))) != nullptr; ++p)
        ++lines;
    return {layout, first_line(text), rows, lines};
}

void require_layout(std::string_view name, FileLayout layout, std::span<const FileLayout> accepted) {
    if (std::find(accepted.begin(), accepted.end(), layout) != accepted.end()) return;
    const char* reader = layout == FileLayout::ticks     ? "read_tick_file"
                         : layout == FileLayout::bid_ask ? "read_quote_file"
                                                         : "read_bar_file";
    throw DataFileError({std::string(name), 1, 1,
                         "this file holds " + std::string(to_string(layout)) + "; read it with " + reader});
}

Symbol symbol_for(std::string_view name, const ReadOptions& options) {
    if (options.symbol && !options.symbol->empty()) {
        if (!symbol_is_path_safe(*options.symbol))
            throw DataFileError({std::string(name), 0, 0,
                                 "symbol \"" + options.symbol->str() +
                                     "\" holds path characters ('/' or a leading '.'): refused"});
        return *options.symbol;
    }
    if (auto from_name = symbol_from_file_name(name)) return *from_name;
    throw DataFileError(
        {std::string(name), 0, 0,
         "cannot tell the symbol from the file name and the file has no Symbol column; "
         "pass one with --symbol (ReadOptions::symbol) or name the file after it (AAPL.csv)"});
}

LocalClock clock_for(std::string_view name, const ReadOptions& options) {
    try {
        return LocalClock(options.time_zone);
    } catch (const std::invalid_argument& e) {
        throw DataFileError({std::string(name), 0, 0, e.what()});
    }
}

void RowSink::reject(size_t line, size_t column, std::string message) {
    message += policy_ == OnBadRow::stop ? " (reading stopped)" : " (row quarantined)";
    RowIssue issue{std::string(file_), line, column, std::move(message)};
    if (policy_ == OnBadRow::stop) throw DataFileError(std::move(issue));
    rejected_.push_back(std::move(issue));
}

bool Row::fail(size_t col, std::string message) const {
    sink.reject(line, col + 1, std::move(message));
    return false;
}

bool Row::has_expected_columns() const {
    const size_t want = names.size(), got = fields.count();
    if (got < want)
        return fail(got, "missing column: expected " + std::to_string(want) + " columns (" +
                             fmt::format("{}", fmt::join(names, ",")) + "), found " + std::to_string(got));
    if (got > want)
        return fail(want, "extra column: expected " + std::to_string(want) + " columns (" +
                              fmt::format("{}", fmt::join(names, ",")) + "), found " + std::to_string(got));
    return true;
}

namespace {
template <class D>
bool read_decimal(const Row& row, size_t col, D& out, const char* kind) {
    std::string_view s = row.text(col);
    if (!s.empty() && s.front() == '$') s.remove_prefix(1);  // Nasdaq's exports: "$172.62"
    int64_t raw = 0;
    auto status = parse_rounded_fast(s, D::places, raw);
    switch (status) {
        case decimal_detail::ParseStatus::ok:
            out = D::from_raw(raw);
            return true;
        case decimal_detail::ParseStatus::overflow:
            return row.fail(
                col, std::string(row.names[col]) + " " + quote_found(s) + " is too large for a " + kind);
        case decimal_detail::ParseStatus::empty:
            if (s.empty())
                return row.fail(
                    col, "expected a number for " + std::string(row.names[col]) + ", found an empty field");
            [[fallthrough]];
        default:
            return row.fail(
                col, "expected a number for " + std::string(row.names[col]) + ", found " + quote_found(s));
    }
}
}  // namespace

bool Row::price(size_t col, Price& out) const {
    if (!read_decimal(*this, col, out, "price")) return false;
    if (!out.is_positive())
        return fail(col, "expected a positive price for " + std::string(names[col]) + ", found " +
                             quote_found(text(col)));
    return true;
}

bool Row::quantity(size_t col, Quantity& out) const {
    if (!read_decimal(*this, col, out, "quantity")) return false;
    if (out.is_negative())
        return fail(col, "expected zero or more for " + std::string(names[col]) + ", found " +
                             quote_found(text(col)));
    return true;
}

bool Row::number(size_t col) const {
    Quantity ignored;
    return read_decimal(*this, col, ignored, "number");
}

namespace {
bool time_failed(const Row& row, size_t col, TimeParse status, const char* example, const char* what) {
    if (status == TimeParse::ok) return true;  // the common case: no message built
    std::string name(row.names[col]);
    std::string found = quote_found(row.text(col));
    switch (status) {
        case TimeParse::bad_shape:
            return row.fail(col, "expected " + std::string(example) + " for " + name + ", found " + found);
        case TimeParse::impossible:
            return row.fail(col, name + " " + found + " is not a real " + what);
        case TimeParse::out_of_range:
            return row.fail(col, name + " " + found + " is outside the years " + std::to_string(kMinYear) +
                                     " to " + std::to_string(kMaxYear));
        case TimeParse::ok:
            break;
    }
    return true;
}
}  // namespace

bool Row::date(size_t col, date::local_days& out) const {
    return time_failed(*this, col, parse_iso_date(text(col), out), "a date like 2015-01-12", "calendar date");
}
bool Row::clock_time(size_t col, Duration& out) const {
    return time_failed(*this, col, parse_clock_time(text(col), out), "a time like 09:30:00", "time of day");
}
bool Row::iso_date_time(size_t col, LocalTime& out, bool& utc) const {
    return time_failed(*this, col, parse_iso_date_time(text(col), out, utc),
                       "a date-time like 2015-09-23T20:57:42.146", "date and time");
}
bool Row::us_date_time(size_t col, LocalTime& out) const {
    return time_failed(*this, col, parse_us_date_time(text(col), out), "a date-time like 02/03/2010 16:53:50",
                       "date and time");
}

bool Row::to_utc(LocalClock& clock, LocalTime local, size_t col, std::string_view date_text,
                 std::string_view time_text, Timestamp& out) const {
    if (clock.to_utc(local, out)) return true;
    return fail(col, shown_time(date_text, time_text) + " falls in the daylight-saving gap of " +
                         clock.zone_name() + ": that wall-clock time never happened");
}

std::string shown_time(std::string_view date_text, std::string_view time_text) {
    if (time_text.empty()) return quote_found(date_text);
    std::string both(date_text);
    both += ' ';
    both += time_text;
    return quote_found(both);
}

}  // namespace robo::data::detail
