// store/import.hpp — loads a folder of market-data CSV files into the database: bar files
// into bars, trade files into ticks, bid/ask files into quotes.
//
// Files are read with the data/files readers (their layouts, time zones and row checks
// apply unchanged) and written through a Writer, so an import is batched and safe to
// kill like any other write, and re-running it is harmless (bars are replaced, ticks and
// quotes are ignored as duplicates). Rows the quality gate quarantines (data/quality/row_gate.hpp,
// the verdicts `validate` and a backtest give) are not stored. Every row a reader rejected, every
// row the gate quarantined (kind: its reason) and every file that could not be read is recorded
// in quality_findings and counted: nothing is skipped silently. With OnBadRow::stop
// (DATA_ON_BAD_ROW=stop) the first rejected or quarantined row, or an unreadable file, ends the
// import with a DataFileError naming it ("FILE:LINE: reason"); the bad file stores nothing.
// Never prints; the caller reports.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "robo/store/writer.hpp"

namespace robo::store {

struct ImportedFile {
    std::string path;
    std::string kind;  // "bars 1d", "ticks", "quotes"
    Symbol symbol;
    size_t rows = 0;         // records submitted
    size_t rejected = 0;     // rows the reader rejected
    size_t quarantined = 0;  // rows the quality gate quarantined (not stored)
    data::quality::ReasonCounts quarantined_by_reason{};
};

struct ImportReport {
    std::vector<ImportedFile> files;
    std::vector<data::FileFailure> failures;  // files that could not be read at all
    std::vector<std::string> passed_over;     // folder entries that are no *.csv file, and why
    size_t rows = 0;
    size_t rejected = 0;
    size_t quarantined = 0;
    data::quality::ReasonCounts quarantined_by_reason{};
};

// Imports every *.csv under `dir` (or the one file `dir` names) through `writer` and flushes it.
// Throws StoreError when the writer refuses a record (it has failed) and data::DataFileError
// when `dir` is not a readable folder or file. `on_file` (optional) is called after each file.
// `passed_over` of the report lists what the folder held besides *.csv files.
ImportReport import_directory(const std::filesystem::path& dir, Writer& writer,
                              const data::ReadOptions& options = {},
                              const std::function<void(const ImportedFile&)>& on_file = {});

}  // namespace robo::store
