// data/quality/validate_files.cpp — see validate_files.hpp.
#include "robo/data/quality/validate_files.hpp"

#include <fmt/format.h>

#include <ostream>
#include <stdexcept>
#include <string>

namespace robo::data::quality {

CalendarChoice parse_calendar_choice(std::string_view text) {
    if (text == "auto") return CalendarChoice::automatic;
    if (text == "nyse") return CalendarChoice::nyse;
    if (text == "none") return CalendarChoice::none;
    throw std::invalid_argument(fmt::format("calendar \"{}\": expected auto, nyse or none", text));
}

ValidateTotals validate_files(const LoadedData& loaded, const ValidateOptions& options, Timestamp now,
                              std::ostream& out) {
    ValidateTotals t;
    auto judge = [&](const FileQuality& q) {
        print_file_quality(out, q, options.show, options.dividends);
        t.rows += q.rows;
        t.errors += q.errors();
        ++t.files;
        if (q.rows == 0) {
            ++t.without_rows;
            out << "  FAIL: no data rows to judge\n";
        } else if (q.error_rate() > options.max_error_rate) {
            ++t.over_limit;
            out << fmt::format("  FAIL: error rate {:.4f}% is above --max-error-rate {:.4f}%\n",
                               100.0 * q.error_rate(), 100.0 * options.max_error_rate);
        }
    };
    for (const auto& f : loaded.bar_files) judge(check_file(f, options.check, now));
    for (const auto& f : loaded.tick_files) judge(check_file(f, options.check, now));
    for (const auto& f : loaded.quote_files) judge(check_file(f, options.check, now));
    for (const auto& f : loaded.failures) out << f.message << "\n  FAIL: file could not be read\n";
    t.unreadable = loaded.failures.size();

    const double rate = t.rows == 0 ? 0.0 : static_cast<double>(t.errors) / static_cast<double>(t.rows);
    out << fmt::format(
        "total: {} files, {} rows, {} errors, {}; {} file(s) over the threshold, {} without rows, {} "
        "unreadable\n",
        t.files, t.rows, t.errors,
        t.rows == 0 ? std::string("no rows") : fmt::format("quality {:.3f}%", 100.0 * (1.0 - rate)),
        t.over_limit, t.without_rows, t.unreadable);
    return t;
}

}  // namespace robo::data::quality
