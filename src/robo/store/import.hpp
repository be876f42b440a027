// store/import.hpp — loads a folder of market-data CSV files into the database: bar files
// into bars, trade files into ticks, bid/ask files into quotes.
//
// Files are read with the data/files readers (their layouts, time zones and row checks
// apply unchanged) and written through a Writer, so an import is batched and safe to
// kill like any other write, and re-running it is harmless (bars are replaced, ticks and
// quotes are ignored as duplicates). Every row a reader rejected, and every file that
// could not be read, is recorded in quality_findings and counted: nothing is skipped
// silently. Never prints; the caller reports.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "robo/data/files/inventory.hpp"
#include "robo/store/writer.hpp"

namespace robo::store {

struct ImportedFile {
    std::string path;
    std::string kind;  // "bars 1d", "ticks", "quotes"
    Symbol symbol;
    size_t rows = 0;      // records submitted
    size_t rejected = 0;  // rows the reader quarantined
};

struct ImportReport {
    std::vector<ImportedFile> files;
    std::vector<data::FileFailure> failures;  // files that could not be read at all
    size_t rows = 0;
    size_t rejected = 0;
};

// Imports every *.csv under `dir` through `writer` and flushes it. Throws StoreError when
// the writer refuses a record (it has failed) and data::DataFileError when `dir` is not a
// readable folder. `on_file` (optional) is called after each file.
ImportReport import_directory(const std::filesystem::path& dir, Writer& writer,
                              const data::ReadOptions& options = {},
                              const std::function<void(const ImportedFile&)>& on_file = {});

}  // namespace robo::store
