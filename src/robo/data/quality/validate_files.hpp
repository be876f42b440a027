// data/quality/validate_files.hpp — `robo_trader validate` as a library call: every file of a
// loaded selection checked (file_check.hpp), its findings printed, each judged against the
// largest error rate allowed, and a total line. The command only parses flags and prints.
//
// A file fails when its error rate is above the limit, when it has no data rows to judge
// (a header-only file is not "quality 100 %"), or when it could not be read at all.
#pragma once
#include <iosfwd>
#include <string_view>

#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/file_check.hpp"

namespace robo::data::quality {

struct ValidateOptions {
    FileCheckOptions check{};
    double max_error_rate = 0.001;  // the 99.9 % data-quality bar
    size_t show = 10;               // findings listed per file
    size_t dividends = 0;           // dividends listed per file (all are counted)
};

struct ValidateTotals {
    size_t files = 0, rows = 0, errors = 0;
    size_t over_limit = 0, without_rows = 0, unreadable = 0;
    bool passed() const noexcept { return over_limit == 0 && without_rows == 0 && unreadable == 0; }
};

// "auto", "nyse" or "none"; anything else is an invalid_argument naming what was expected.
CalendarChoice parse_calendar_choice(std::string_view text);

// Checks and prints every file of `loaded` (bars, ticks, quotes, then the unreadable ones),
// then the total line.
ValidateTotals validate_files(const LoadedData& loaded, const ValidateOptions& options, Timestamp now,
                              std::ostream& out);

}  // namespace robo::data::quality
