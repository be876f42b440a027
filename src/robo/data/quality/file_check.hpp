// data/quality/file_check.hpp — the quality of one market-data file as read by data/files:
// the reader's rejected rows, the verdicts of the causal row gate (row_gate.hpp, the same gate
// backtest, run, import and features apply, so a row gets the same verdict everywhere), and the
// findings of the history checks (history.hpp: gaps, dividends, splits, two-sided spikes), with a
// quality score and an error rate, and the text `robo_trader validate` prints.
//
// Error = a row that cannot be used: rejected by the reader (unparseable, inconsistent
// OHLC, duplicate or earlier time) or quarantined by the row gate. Quality score = usable rows
// over rows read. Flagged rows (gaps, zero volume, ...) are usable and reported; so is a
// two-sided spike the causal gate let pass (it is only visible with the record after it).
// Which calendar: daily files use NYSE; intraday files use it only when at least
// `auto_min_in_hours` of their bars fall inside NYSE extended hours (the shared intraday
// files are European index data: their gaps are judged without a calendar).
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "robo/data/files/readers.hpp"
#include "robo/data/quality/history.hpp"
#include "robo/data/quality/row_gate.hpp"

namespace robo::data::quality {

struct FileCheckOptions {
    HistoryRules rules{};  // rules.gate, with its causal bands, is also the row gate's
    CalendarChoice calendar = CalendarChoice::automatic;
    double auto_min_in_hours = 0.99;
};

struct FileQuality {
    std::string path;
    Symbol symbol;
    std::string what;  // "bars 1d", "ticks", "quotes"
    bool calendar_used = false;
    std::string note;                // why the calendar was (not) used, when automatic
    size_t rows = 0;                 // rows read
    std::vector<RowIssue> rejected;  // by the reader
    std::vector<size_t> lines;       // 1-based file line of each record the reader kept
    GateVerdicts gate;               // the verdict per record: what a backtest would use
    HistoryReport report;            // information: gaps, dividends, splits, two-sided spikes

    uint64_t errors() const noexcept { return rejected.size() + gate.count(); }
    double error_rate() const noexcept {
        return rows == 0 ? 0.0 : static_cast<double>(errors()) / static_cast<double>(rows);
    }
    double quality_score() const noexcept { return 1.0 - error_rate(); }
};

FileQuality check_file(const BarFile& file, const FileCheckOptions& options, Timestamp now);
FileQuality check_file(const TickFile& file, const FileCheckOptions& options, Timestamp now);
FileQuality check_file(const QuoteFile& file, const FileCheckOptions& options, Timestamp now);

// The summary line (for a file without data rows: that it has none, no quality), then up to `max_lines`
// findings and rejected rows (file:line: ...), every split, and up to `max_dividends` dividends (the summary
// line counts them all).
void print_file_quality(std::ostream& out, const FileQuality& q, size_t max_lines, size_t max_dividends = 0);

}  // namespace robo::data::quality
