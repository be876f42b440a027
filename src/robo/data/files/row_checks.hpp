// data/files/row_checks.hpp — the shared machinery of the readers: opening a file's text,
// walking its data rows, reading one field as a price, volume or time, and recording a bad
// row with file:line:column under the caller's OnBadRow policy. Internal to data/files.
//
// Every field reader returns false after recording exactly one issue for the row, so a
// row is either accepted or counted once in `rejected`.
#pragma once
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/units.hpp"
#include "robo/data/files/issues.hpp"
#include "robo/data/files/layout.hpp"
#include "robo/data/files/local_clock.hpp"
#include "robo/data/files/readers.hpp"
#include "robo/data/files/text_scan.hpp"

namespace robo::data::detail {

// A FILE* closed on destruction.
using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Opens `path` for reading when it is a regular file (a link to one is fine). Anything else is a
// DataFileError "PATH: not a regular file (fifo)" (socket, block device, character device,
// directory): the type is checked before opening, the file is opened non-blocking and checked
// again after, so a FIFO named *.csv can never make a reader wait for a writer.
FilePtr open_regular_file(const std::filesystem::path& path);

// The whole file in one buffer; throws DataFileError when it cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

// A file's text split into its layout and the data rows after the header.
struct FileBody {
    FileLayout layout;
    std::string_view header;  // the first line, without its ending
    std::string_view rows;    // trailing blank lines removed; empty for a header-only file
    size_t line_count;        // number of data lines in `rows`
};
FileBody open_body(std::string_view name, std::string_view text, const ColumnMap& columns = {});

// Throws DataFileError unless the file's layout is one of `accepted`, naming the reader to use.
void require_layout(std::string_view name, FileLayout layout, std::span<const FileLayout> accepted);

// The symbol for files without a Name column: options, else the file name; throws if neither.
Symbol symbol_for(std::string_view name, const ReadOptions& options);

// The wall clock of options.time_zone; an unknown zone is a DataFileError naming the file.
LocalClock clock_for(std::string_view name, const ReadOptions& options);

// Collects bad rows for one file.
class RowSink {
public:
    RowSink(std::string_view file, OnBadRow policy, std::vector<RowIssue>& rejected)
        : file_(file), policy_(policy), rejected_(rejected) {}
    // Records the issue (adding what happened next); throws DataFileError under stop.
    void reject(size_t line, size_t column, std::string message);
    std::string_view file() const noexcept { return file_; }

private:
    std::string_view file_;
    OnBadRow policy_;
    std::vector<RowIssue>& rejected_;
};

// One row being read: its fields, where it is, and the column names for messages.
struct Row {
    const FieldSplit& fields;
    size_t line;
    std::span<const std::string_view> names;
    RowSink& sink;

    std::string_view text(size_t col) const noexcept { return fields[col]; }
    // Always returns false, so field readers can `return row.fail(...)`.
    bool fail(size_t col, std::string message) const;

    // The column count matches the layout (else "missing column" / "extra column").
    bool has_expected_columns() const;
    bool price(size_t col, Price& out) const;        // positive
    bool quantity(size_t col, Quantity& out) const;  // zero or more
    bool number(size_t col) const;                   // any number, value unused (OpenInterest)
    bool date(size_t col, date::local_days& out) const;
    bool clock_time(size_t col, Duration& out) const;
    bool iso_date_time(size_t col, LocalTime& out, bool& utc) const;
    bool us_date_time(size_t col, LocalTime& out) const;
    // Wall time in the file's zone -> UTC; a time in a DST gap fails on `col`.
    // `date_text`/`time_text` name the row's time in the message (time_text may be empty).
    bool to_utc(LocalClock& clock, LocalTime local, size_t col, std::string_view date_text,
                std::string_view time_text, Timestamp& out) const;
};

// Walks the data rows (numbered from line 2), counting each in rows_read; a blank line is a
// rejected row. `on_row(const Row&)` reads one row and records any issue itself.
template <class OnRow>
void for_each_row(const FileBody& body, std::span<const std::string_view> names, RowSink& sink,
                  size_t& rows_read, OnRow&& on_row) {
    if (body.rows.empty()) return;
    LineCursor cursor(body.rows, 2);
    std::string_view line;
    size_t number = 0;
    while (cursor.next(line, number)) {
        ++rows_read;
        if (trim_spaces(line).empty()) {
            sink.reject(number, 1,
                        "blank line: expected a row of " + std::to_string(names.size()) + " columns");
            continue;
        }
        FieldSplit fields(line);
        Row row{fields, number, names, sink};
        if (!row.has_expected_columns()) continue;
        on_row(row);
    }
}

// "Date \"2015-01-13\"" or "\"2006-01-02 09:03:00\"" — how a row's time is named in order messages.
std::string shown_time(std::string_view date_text, std::string_view time_text);

}  // namespace robo::data::detail
