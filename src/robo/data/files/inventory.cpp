#include "robo/data/files/inventory.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <variant>

#include "robo/core/parallel.hpp"

namespace robo::data {

namespace fs = std::filesystem;

std::vector<fs::path> list_data_files(const fs::path& dir) {
    std::vector<std::string> ignored;
    return list_data_files(dir, ignored);
}

std::vector<fs::path> list_data_files(const fs::path& dir, std::vector<std::string>& passed_over) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw DataFileError(
            {dir.string(), 0, 0, "not a folder: expected a folder of market-data *.csv files"});
    std::vector<fs::path> files;
    // Error-code forms throughout: a folder that vanishes or refuses us mid-walk is a
    // DataFileError naming it, never an escaping filesystem_error.
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    auto shown = [&](const fs::path& p) {
        auto rel = p.lexically_relative(dir);
        return rel.empty() ? p.string() : rel.string();
    };
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code entry_ec;  // a broken link is skipped, not an error for the walk
        const auto st = it->status(entry_ec);
        std::string ext = it->path().extension().string();
        for (auto& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (entry_ec || !fs::exists(st)) {
            passed_over.push_back(shown(it->path()) + ": broken link");
            continue;
        }
        if (fs::is_directory(st)) {  // folders are walked into, unless we may not
            std::error_code probe;
            fs::directory_iterator inside(it->path(), probe);
            if (probe)
                passed_over.push_back(shown(it->path()) + ": folder not readable (" + probe.message() + ")");
            continue;
        }
        if (ext != ".csv") passed_over.push_back(shown(it->path()) + ": not *.csv");
        // A FIFO, socket or device named *.csv is listed too: the reader refuses it by name
        // ("not a regular file (fifo)") instead of it vanishing from the run unnoticed.
        if (ext == ".csv") files.push_back(it->path());
    }
    if (ec) throw DataFileError({dir.string(), 0, 0, "cannot list: " + ec.message()});
    std::sort(files.begin(), files.end());
    return files;
}

size_t LoadedData::rows_read() const noexcept {
    size_t n = 0;
    for (const auto& f : bar_files) n += f.rows_read;
    for (const auto& f : tick_files) n += f.rows_read;
    for (const auto& f : quote_files) n += f.rows_read;
    return n;
}

size_t LoadedData::rows_rejected() const noexcept {
    size_t n = 0;
    for (const auto& f : bar_files) n += f.rejected.size();
    for (const auto& f : tick_files) n += f.rejected.size();
    for (const auto& f : quote_files) n += f.rejected.size();
    return n;
}

LoadedData load_data_files(std::span<const fs::path> paths, const ReadOptions& options) {
    // Each file is read on its own core into its slot; the slots are then taken in the order
    // of `paths`, so the result is the same whatever the threads.
    using Read = std::variant<std::monostate, BarFile, TickFile, QuoteFile, FileFailure>;
    std::vector<Read> read(paths.size());
    parallel_for(paths.size(), [&](size_t i) {
        const auto& path = paths[i];
        try {
            std::visit([&](auto&& file) { read[i] = std::move(file); }, read_data_file(path, options));
        } catch (const DataFileError& e) {
            read[i] = FileFailure{path.string(), e.what()};
        }
    });
    LoadedData data;
    data.time_zone = options.time_zone;
    for (auto& r : read) {
        if (auto* f = std::get_if<BarFile>(&r)) data.bar_files.push_back(std::move(*f));
        if (auto* f = std::get_if<TickFile>(&r)) data.tick_files.push_back(std::move(*f));
        if (auto* f = std::get_if<QuoteFile>(&r)) data.quote_files.push_back(std::move(*f));
        if (auto* f = std::get_if<FileFailure>(&r)) data.failures.push_back(std::move(*f));
    }
    return data;
}

LoadedData load_data_directory(const fs::path& dir, const ReadOptions& options) {
    std::vector<std::string> passed_over;
    auto paths = list_data_files(dir, passed_over);
    LoadedData data = load_data_files(paths, options);
    data.root = dir;
    data.passed_over = std::move(passed_over);
    return data;
}

LoadedData load_data_path(const fs::path& path, const ReadOptions& options) {
    std::error_code ec;
    if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
        // One file (a FIFO or device too: the reader names it instead of waiting on it).
        std::vector<fs::path> one{path};
        return load_data_files(one, options);
    }
    return load_data_directory(path, options);  // throws DataFileError when unreadable
}

void apply_format_settings(ReadOptions& options, std::string_view columns, std::string_view date_format) {
    try {
        options.columns = parse_column_map(columns);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("--columns (DATA_COLUMNS): ") + e.what());
    }
    auto order = parse_date_order(date_format);
    if (!order)
        throw std::invalid_argument("--date-format (DATA_DATE_FORMAT) \"" + std::string(date_format) +
                                    "\": expected auto, mdy (03/04/2015 is March 4) or dmy (April 3)");
    options.date_order = *order;
}

std::string explain_nothing_read(const LoadedData& data, size_t max_reasons) {
    size_t accepted = data.rows_read() - data.rows_rejected();
    if (accepted > 0) return "";
    const std::string where = data.root.empty() ? std::string() : data.root.string() + ": ";
    if (data.files_read() == 0 && data.failures.empty()) {
        std::string out = where + "no market-data files (*.csv) found";
        if (data.passed_over.empty()) return out + " (the folder is empty)";
        out += "; passed over: ";
        for (size_t i = 0; i < data.passed_over.size() && i < max_reasons; ++i)
            out += (i ? "; " : "") + data.passed_over[i];
        if (data.passed_over.size() > max_reasons)
            out += fmt::format("; and {} more", data.passed_over.size() - max_reasons);
        return out;
    }
    std::vector<std::string> reasons;
    size_t empty_files = 0;
    auto note = [&](const auto& f) {
        if (f.rows_read == 0) {
            ++empty_files;
            reasons.push_back(f.path + ": no data rows (only a header)");
            return;
        }
        for (size_t i = 0; i < f.rejected.size() && i < max_reasons; ++i)
            reasons.push_back(to_string(f.rejected[i]));
    };
    for (const auto& f : data.failures) reasons.push_back(f.message);
    for (const auto& f : data.bar_files) note(f);
    for (const auto& f : data.tick_files) note(f);
    for (const auto& f : data.quote_files) note(f);
    const size_t files = data.files_read() + data.failures.size();
    std::string out = where + "no usable market data: ";
    if (data.files_read() == 0)
        out += fmt::format("{} of {} file(s) could not be read", data.failures.size(), files);
    else if (empty_files == data.files_read() && data.failures.empty())
        out += fmt::format("{} file(s) with no data rows", empty_files);
    else
        out += fmt::format("every row was rejected ({} rows in {} file(s); {} unreadable, {} without rows)",
                           data.rows_read(), files, data.failures.size(), empty_files);
    out += "; first reasons: ";
    for (size_t i = 0; i < reasons.size() && i < max_reasons; ++i) out += (i ? "; " : "") + reasons[i];
    return out;
}

namespace {

// One printable line, whichever kind of file it came from.
struct Entry {
    std::string path;
    std::string layout, symbol, timeframe;
    size_t rows = 0, accepted = 0;
    std::optional<Timestamp> first, last;
    bool dates_only = false;
    const std::vector<RowIssue>* rejected = nullptr;
    const FileFailure* failure = nullptr;
};

std::string shown_path(const LoadedData& data, const std::string& path) {
    if (data.root.empty()) return path;
    std::error_code ec;
    auto rel = fs::path(path).lexically_relative(data.root);
    return rel.empty() || rel.native().starts_with("..") ? path : rel.string();
}

template <class File, class Items>
Entry entry_of(const LoadedData& data, const File& f, const Items& items, std::string timeframe,
               bool dates_only) {
    Entry e;
    e.path = shown_path(data, f.path);
    e.layout = std::string(to_string(f.layout));
    e.symbol = f.symbol.str();
    e.timeframe = std::move(timeframe);
    e.rows = f.rows_read;
    e.accepted = items.size();
    e.dates_only = dates_only;
    e.rejected = &f.rejected;
    return e;
}

std::vector<Entry> entries_of(const LoadedData& data) {
    std::vector<Entry> entries;
    for (const auto& f : data.bar_files) {
        auto e =
            entry_of(data, f, f.bars, std::string(to_string(f.timeframe)), f.timeframe == Timeframe::day);
        if (!f.bars.empty()) e.first = f.bars.front().start, e.last = f.bars.back().start;
        entries.push_back(std::move(e));
    }
    for (const auto& f : data.tick_files) {
        auto e = entry_of(data, f, f.ticks, "tick", false);
        if (!f.ticks.empty()) e.first = f.ticks.front().time, e.last = f.ticks.back().time;
        entries.push_back(std::move(e));
    }
    for (const auto& f : data.quote_files) {
        auto e = entry_of(data, f, f.quotes, "quote", false);
        if (!f.quotes.empty()) e.first = f.quotes.front().time, e.last = f.quotes.back().time;
        entries.push_back(std::move(e));
    }
    for (const auto& failure : data.failures) {
        Entry e;
        e.path = shown_path(data, failure.path);
        e.failure = &failure;
        entries.push_back(std::move(e));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
    return entries;
}

// A time as the file's own wall clock shows it (dates only for daily bars).
std::string shown_time(const std::optional<Timestamp>& t, const date::time_zone* zone, bool dates_only) {
    if (!t) return "-";
    auto ms = std::chrono::floor<std::chrono::milliseconds>(*t);
    if (zone == nullptr) return dates_only ? format_date(*t) : format_iso_micros(*t);
    auto local = date::make_zoned(zone, ms).get_local_time();
    if (dates_only) return date::format("%F", date::floor<date::days>(local));
    if (ms.time_since_epoch().count() % 1000 == 0)
        return date::format("%F %T", date::floor<std::chrono::seconds>(local));
    return date::format("%F %T", local);
}

const date::time_zone* zone_or_null(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;  // times are then shown in UTC
    }
}

void print_entry(std::ostream& out, const Entry& e, const date::time_zone* zone, size_t messages,
                 size_t width) {
    if (e.failure) {
        out << fmt::format("{:<{}} UNREADABLE  {}\n", e.path, width, e.failure->message);
        return;
    }
    out << fmt::format("{:<{}} {:<17} {:<14} {:<6} {:>8} {:>8}  {:<23} {}\n", e.path, width, e.layout,
                       e.symbol, e.timeframe, e.rows, e.rows - e.accepted,
                       shown_time(e.first, zone, e.dates_only), shown_time(e.last, zone, e.dates_only));
    const auto& rejected = *e.rejected;
    for (size_t i = 0; i < rejected.size() && i < messages; ++i)
        out << "    " << to_string(rejected[i]) << "\n";
    if (rejected.size() > messages)
        out << fmt::format("    ... and {} more rejected rows (robo_trader data inspect {})\n",
                           rejected.size() - messages, e.path);
}

size_t path_width(const std::vector<Entry>& entries) {
    size_t width = 4;
    for (const auto& e : entries) width = std::max(width, e.path.size());
    return width;
}

void print_header(std::ostream& out, const LoadedData& data, size_t width) {
    out << fmt::format("{:<{}} {:<17} {:<14} {:<6} {:>8} {:>8}  {:<23} {}\n", "file", width, "layout",
                       "symbol", "tf", "rows", "rejected", "first (" + data.time_zone + ")", "last");
}

}  // namespace

void print_inventory(std::ostream& out, const LoadedData& data, size_t messages_per_file) {
    auto entries = entries_of(data);
    const date::time_zone* zone = zone_or_null(data.time_zone);
    const size_t width = path_width(entries);
    print_header(out, data, width);
    std::set<std::string> symbols;
    for (const auto& e : entries) {
        print_entry(out, e, zone, messages_per_file, width);
        if (!e.failure) symbols.insert(e.symbol);
    }
    out << fmt::format(
        "totals: {} files read, {} unreadable; {} symbols; {} rows read, {} accepted, {} rejected\n",
        data.files_read(), data.failures.size(), symbols.size(), data.rows_read(),
        data.rows_read() - data.rows_rejected(), data.rows_rejected());
}

void print_file_report(std::ostream& out, const LoadedData& data) {
    auto entries = entries_of(data);
    const date::time_zone* zone = zone_or_null(data.time_zone);
    const size_t width = path_width(entries);
    print_header(out, data, width);
    for (const auto& e : entries) print_entry(out, e, zone, static_cast<size_t>(-1), width);
}

}  // namespace robo::data
