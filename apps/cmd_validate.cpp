// apps/cmd_validate.cpp — `robo_trader validate --data DIR|FILE`: reads every market-data file
// under DIR (or the one FILE) (data/files), runs the quality checks on it
// (data/quality/file_check.hpp) and prints each file's findings and quality score, then a total.
// Exit status: 0 when every file's error rate is at most --max-error-rate; 1 when a file
// exceeds it, has no data rows or cannot be read at all; 2 when DIR itself cannot be read or
// holds no market-data file (the message names what it passed over).
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"
#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/validate_files.hpp"

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
    data::quality::ValidateOptions options;
    options.check.calendar = data::quality::parse_calendar_choice(a.calendar);
    options.max_error_rate = a.max_error_rate;
    options.show = a.show;
    options.dividends = a.dividends;
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
    return data::quality::validate_files(loaded, options, wall_now(), std::cout).passed() ? 0 : 1;
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
