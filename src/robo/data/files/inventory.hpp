// data/files/inventory.hpp — loads every market-data file of a folder and reports what it
// found: per file the layout, symbol, timeframe, rows, first and last date and rejected
// rows; totals at the end.
//
// This is the loading step of `robo_trader run` (and later of the paper session), kept
// here so that the command stays thin. A file that cannot be read at all (unknown header,
// cannot open) is listed as a failure with its one-line reason and never stops the others.
// Never prints anything itself unless asked (print_*), never exits the process.
#pragma once
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "robo/data/files/readers.hpp"

namespace robo::data {

// Every *.csv (any case) under `dir`, recursively, sorted by path: regular files and also FIFOs,
// sockets and devices with that name (the readers refuse those by name, see row_checks.hpp);
// folders are walked into, broken links skipped. Throws DataFileError when `dir` is not a
// readable directory.
std::vector<std::filesystem::path> list_data_files(const std::filesystem::path& dir);
// The same, also saying what was passed over and why ("notes.txt: not *.csv", "x.csv: broken link",
// "sub: permission denied"), so that "no files found" can name what was there instead.
std::vector<std::filesystem::path> list_data_files(const std::filesystem::path& dir,
                                                   std::vector<std::string>& passed_over);

// The file-format settings every data-reading command takes (--columns, --date-format; config
// DATA_COLUMNS, DATA_DATE_FORMAT) applied to `options`. Throws std::invalid_argument naming the
// setting and what it expects.
void apply_format_settings(ReadOptions& options, std::string_view columns, std::string_view date_format);

struct FileFailure {
    std::string path;
    std::string message;  // the DataFileError text: "path:1:1: unknown header ..."
};

struct LoadedData {
    std::filesystem::path root;                  // the folder given; paths are shown relative to it
    std::string time_zone = "America/New_York";  // first/last times are shown in it
    std::vector<BarFile> bar_files;
    std::vector<TickFile> tick_files;
    std::vector<QuoteFile> quote_files;
    std::vector<FileFailure> failures;
    std::vector<std::string> passed_over;  // entries of the folder that are no *.csv file, and why

    size_t files_read() const noexcept { return bar_files.size() + tick_files.size() + quote_files.size(); }
    size_t rows_read() const noexcept;
    size_t rows_rejected() const noexcept;
};

// Reads each file with the reader its header calls for. Options apply to every file
// (OnBadRow::stop turns a file's first bad row into a failure for that file).
LoadedData load_data_files(std::span<const std::filesystem::path> paths, const ReadOptions& options = {});
LoadedData load_data_directory(const std::filesystem::path& dir, const ReadOptions& options = {});

// A folder or one file: a path to a file reads that file alone.
LoadedData load_data_path(const std::filesystem::path& path, const ReadOptions& options = {});

// Why `data` holds no usable row, in one line, or "" when some row was read: no *.csv files
// (naming what was passed over), files that could not be read (the first reasons), files with
// no data rows (header only), or every row rejected (the first reasons).
std::string explain_nothing_read(const LoadedData& data, size_t max_reasons = 3);

// One line per file, the first `messages_per_file` rejected rows under it, then totals.
void print_inventory(std::ostream& out, const LoadedData& data, size_t messages_per_file = 3);

// Everything about one loaded file: the inventory line and every rejected row.
void print_file_report(std::ostream& out, const LoadedData& data);

}  // namespace robo::data
