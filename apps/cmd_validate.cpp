// apps/cmd_validate.cpp — `robo_trader validate --data DIR`: reads every market-data file
// under DIR (data/files), runs the quality checks on it (data/quality/file_check.hpp) and
// prints each file's findings and quality score, then a total.
// Exit status: 0 when every file's error rate is at most --max-error-rate; 1 when a file
// exceeds it or cannot be read at all; 2 when DIR itself cannot be read.
#include <fmt/format.h>

#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/file_check.hpp"

namespace robo::apps {
namespace {

struct ValidateArgs {
    std::string data_dir;           // default DATA_DIR
    double max_error_rate = 0.001;  // the 99.9 % data-quality bar
    std::string calendar = "auto";
    std::string time_zone;  // default DATA_TIMEZONE
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
    data::ReadOptions read;
    read.time_zone = a.time_zone.empty() ? cfg.config.data.timezone : a.time_zone;
    data::LoadedData loaded;
    try {
        loaded = data::load_data_directory(data_dir, read);
    } catch (const data::DataFileError& e) {
        std::cerr << "robo_trader validate: " << e.what() << "\n";
        return 2;
    }
    if (loaded.files_read() + loaded.failures.size() == 0) {
        std::cerr << "robo_trader validate: " << data_dir << ": no market-data files (*.csv) found\n";
        return 2;
    }

    const Timestamp now = wall_now();
    size_t rows = 0, errors = 0, over = 0, files = 0;
    auto report = [&](const FileQuality& q) {
        print_file_quality(std::cout, q, a.show, a.dividends);
        rows += q.rows;
        errors += q.errors();
        ++files;
        if (q.error_rate() > a.max_error_rate) {
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
        "total: {} files, {} rows, {} errors, quality {:.3f}%; {} file(s) over the "
        "threshold, {} unreadable\n",
        files, rows, errors, 100.0 * (1.0 - rate), over, loaded.failures.size());
    return over == 0 && loaded.failures.empty() ? 0 : 1;
}

CommandRegistration validate_command{
    "validate", "Check market-data files: findings and quality score per file", [](CLI::App& cmd) {
        auto args = std::make_shared<ValidateArgs>();
        cmd.add_option("--data", args->data_dir, "Folder of market-data files (*.csv, searched recursively)");
        cmd.add_option("--max-error-rate", args->max_error_rate,
                       "Largest share of unusable rows a file may have (default 0.001 = 99.9% quality)")
            ->check(CLI::Range(0.0, 1.0));
        cmd.add_option("--calendar", args->calendar,
                       "Market hours for intraday gaps: auto (NYSE when the data fits its hours), nyse, none")
            ->check(CLI::IsMember({"auto", "nyse", "none"}));
        cmd.add_option("--time-zone", args->time_zone, "Exchange time zone of the files' wall-clock times");
        cmd.add_option("--show", args->show, "Findings listed per file (default 10)");
        cmd.add_option("--dividends", args->dividends, "Dividends listed per file (default 0: counted only)");
        add_config_flags(cmd, args->config);
        return [args]() -> int { return validate(*args); };
    }};

}  // namespace
}  // namespace robo::apps
