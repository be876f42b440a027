// apps/cmd_validate.cpp — `robo_trader validate --data DIR|FILE`: reads every market-data file
// under DIR (or the one FILE) (data/files), runs the quality checks on it
// (data/quality/file_check.hpp) and prints each file's findings and quality score, then a total.
// Exit status: 0 when every file's error rate is at most --max-error-rate; 1 when a file
// exceeds it, has no data rows or cannot be read at all; 2 when DIR itself cannot be read or
// holds no market-data file (the message names what it passed over).
#include <fmt/format.h>

#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"
#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/file_check.hpp"

namespace robo::apps {
namespace {

struct ValidateArgs {
    std::string data_dir;           // default DATA_DIR
    double max_error_rate = 0.001;  // the 99.9 % data-quality bar
    std::string calendar = "auto";
    DataFormatFlags format;
    size_t show = 10;
    size_t dividends = 0;
    ConfigFlags config;
};

int validate(const ValidateArgs& a) {
    using namespace data::quality;
    FileCheckOptions options;
    options.calendar = a.calendar == "nyse"   ? CalendarChoice::nyse
                       : a.calendar == "none" ? CalendarChoice::none
                                              : CalendarChoice::automatic;
    const config::LoadResult cfg = load_config(a.config, "validate");
    const std::string data_dir = a.data_dir.empty() ? cfg.config.data.dir.string() : a.data_dir;
    data::LoadedData loaded;
    try {
        loaded = data::load_data_path(data_dir, read_options_from(a.format, cfg.config));
    } catch (const std::exception& e) {
        std::cerr << "robo_trader validate: " << e.what() << "\n";
        return 2;
    }
    if (loaded.files_read() + loaded.failures.size() == 0) {
        std::cerr << "robo_trader validate: " << data::explain_nothing_read(loaded) << "\n";
        return 2;
    }

    const Timestamp now = wall_now();
    size_t rows = 0, errors = 0, over = 0, files = 0, without_rows = 0;
    auto report = [&](const FileQuality& q) {
        print_file_quality(std::cout, q, a.show, a.dividends);
        rows += q.rows;
        errors += q.errors();
        ++files;
        if (q.rows == 0) {
            ++without_rows;
            std::cout << "  FAIL: no data rows to judge\n";
        } else if (q.error_rate() > a.max_error_rate) {
            ++over;
            std::cout << fmt::format("  FAIL: error rate {:.4f}% is above --max-error-rate {:.4f}%\n",
                                     100.0 * q.error_rate(), 100.0 * a.max_error_rate);
        }
    };
    for (const auto& f : loaded.bar_files) report(check_file(f, options, now));
    for (const auto& f : loaded.tick_files) report(check_file(f, options, now));
    for (const auto& f : loaded.quote_files) report(check_file(f, options, now));
    for (const auto& f : loaded.failures) std::cout << f.message << "\n  FAIL: file could not be read\n";

    const double rate = rows == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(rows);
    std::cout << fmt::format(
        "total: {} files, {} rows, {} errors, {}; {} file(s) over the threshold, {} without rows, {} "
        "unreadable\n",
        files, rows, errors,
        rows == 0 ? std::string("no rows") : fmt::format("quality {:.3f}%", 100.0 * (1.0 - rate)), over,
        without_rows, loaded.failures.size());
    return over == 0 && without_rows == 0 && loaded.failures.empty() ? 0 : 1;
}

CommandRegistration validate_command{
    "validate", "Check market-data files: findings and quality score per file", [](CLI::App& cmd) {
        auto args = std::make_shared<ValidateArgs>();
        cmd.add_option("--data", args->data_dir,
                       "Folder of market-data files (*.csv, searched recursively), or one file");
        cmd.add_option("--max-error-rate", args->max_error_rate,
                       "Largest share of unusable rows a file may have (default 0.001 = 99.9% quality)")
            ->check(CLI::Range(0.0, 1.0));
        cmd.add_option("--calendar", args->calendar,
                       "Market hours for intraday gaps: auto (NYSE when the data fits its hours), nyse, none")
            ->check(CLI::IsMember({"auto", "nyse", "none"}));
        add_data_format_flags(cmd, args->format);
        cmd.add_option("--show", args->show, "Findings listed per file (default 10)");
        cmd.add_option("--dividends", args->dividends, "Dividends listed per file (default 0: counted only)");
        add_config_flags(cmd, args->config);
        return [args]() -> int { return validate(*args); };
    }};

}  // namespace
}  // namespace robo::apps
