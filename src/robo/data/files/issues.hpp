// data/files/issues.hpp — how a market-data file reader reports what it could not read.
//
// A RowIssue names the file, the 1-based line and the 1-based column (field number, not
// character offset: column 5 of a daily file is Close), and says what was found and what
// was expected, in one line:
//   data/sample/AAPL.csv:1043:5: expected a number for Close, found "n/a" (row quarantined)
// File-level problems (cannot open, unknown header) use line 0 or 1 and column 0 or 1;
// line 0 is printed without line and column ("data/x.csv: cannot open: No such file").
// The caller chooses per read whether a bad row stops the read (DataFileError is thrown
// carrying the issue) or is quarantined: kept in the file's `rejected` list and counted.
// Never a row dropped without a count.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace robo::data {

struct RowIssue {
    std::string file;
    size_t line = 0;    // 1-based; 0 = the file as a whole
    size_t column = 0;  // 1-based field number; 0 = the row or file as a whole
    std::string message;
};

// "file:line:column: message" (or "file: message" for line 0).
std::string to_string(const RowIssue& issue);

enum class OnBadRow {
    stop,        // throw DataFileError at the first bad row
    quarantine,  // keep reading; the bad row goes to `rejected`
};

// Thrown when a file cannot be read at all, or at the first bad row under OnBadRow::stop.
class DataFileError : public std::runtime_error {
public:
    explicit DataFileError(RowIssue issue);
    const RowIssue& issue() const noexcept { return issue_; }

private:
    RowIssue issue_;
};

// Shows untrusted text inside a message: non-printable bytes as \xNN, quotes escaped, at
// most `max_chars` characters followed by "..." — so a binary file still gives one clean line.
std::string quote_found(std::string_view text, size_t max_chars = 40);

}  // namespace robo::data
