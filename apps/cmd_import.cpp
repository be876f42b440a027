// apps/cmd_import.cpp — `robo_trader import --data DIR|FILE [--db FILE (default DATA_DB_PATH)]`:
// loads the market-data CSV files of DIR (or the one FILE) into the database (store/import.hpp):
// bars, ticks and quotes; rows the reader rejects and rows the quality gate quarantines are not
// stored and go to quality_findings. Prints one line per file and the totals. Exit status: 0 when
// every file was read and some row stored (rejected and quarantined rows are reported, not
// fatal); 1 when a file could not be read, when nothing at all was stored (the message says
// why: no *.csv files, header-only files, every row rejected), and at the first bad row under
// DATA_ON_BAD_ROW=stop ("FILE:LINE: reason").
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/import.hpp"

namespace robo::apps {
namespace {
CommandRegistration import_command{
    "import", "Load market-data CSV files (bars, ticks, quotes) into the SQLite database", [](CLI::App& cmd) {
        auto data_dir = std::make_shared<std::string>();
        auto db = std::make_shared<std::string>();
        auto format = std::make_shared<DataFormatFlags>();
        auto config = std::make_shared<ConfigFlags>();
        add_config_flags(cmd, *config);
        cmd.add_option("--data", *data_dir,
                       "Folder of market-data files (*.csv, searched recursively), or one file")
            ->required();
        cmd.add_option("--db", *db, "SQLite database file, created when absent (default DATA_DB_PATH)");
        add_data_format_flags(cmd, *format);
        return [data_dir, db, format, config]() -> int {
            const auto cfg = load_config(*config, "import");
            *db = session::database_or_configured(cfg, *db).string();
            data::ReadOptions options = read_options_from(*format, cfg.config);
            if (cfg.config.data.on_bad_row == config::BadRowPolicy::stop)
                options.on_bad_row = data::OnBadRow::stop;
            // Check the folder before creating a database file for nothing.
            if (!std::filesystem::exists(*data_dir))
                throw std::runtime_error(
                    *data_dir +
                    ": not a folder (nor a file): expected a folder of market-data *.csv files, or one file");
            {
                // Nothing readable: say why, and leave no database behind.
                auto listed = data::load_data_path(*data_dir, options);
                if (auto why = data::explain_nothing_read(listed); !why.empty()) {
                    std::cerr << "robo_trader import: " << why << "\n";
                    return 1;
                }
            }
            store::WriterOptions writer_options;
            writer_options.block_timeout = std::chrono::minutes(5);  // an import waits; it never drops
            store::Writer writer(*db, writer_options);
            auto report =
                store::import_directory(*data_dir, writer, options, [](const store::ImportedFile& f) {
                    std::cout << f.path << ": " << f.kind << " " << f.symbol.view() << ", " << f.rows
                              << " rows";
                    if (f.rejected > 0) std::cout << ", " << f.rejected << " rejected (see quality_findings)";
                    if (f.quarantined > 0)
                        std::cout << ", " << f.quarantined << " quarantined, not stored ("
                                  << data::quality::format_reasons(f.quarantined_by_reason)
                                  << "; see quality_findings)";
                    std::cout << "\n";
                });
            writer.close();
            for (const auto& failure : report.failures) std::cerr << failure.message << "\n";
            auto stats = writer.stats();
            auto bars = stats.tables[static_cast<size_t>(store::Table::bars)];
            auto ticks = stats.tables[static_cast<size_t>(store::Table::ticks)];
            auto quotes = stats.tables[static_cast<size_t>(store::Table::quotes)];
            std::cout << "imported " << report.files.size() << " files into " << *db << ": " << report.rows
                      << " rows (bars " << bars.inserted << " new, " << bars.replaced << " replaced; ticks "
                      << ticks.inserted << " new, " << ticks.ignored << " duplicate; quotes "
                      << quotes.inserted << " new, " << quotes.ignored << " duplicate), " << report.rejected
                      << " rejected, " << report.quarantined << " quarantined, " << report.failures.size()
                      << " unreadable files\n";
            uint64_t failed = stats.totals().failed;
            if (failed > 0)
                std::cerr << failed << " rows refused by the database; last: " << stats.last_row_error
                          << "\n";
            return report.failures.empty() && failed == 0 ? 0 : 1;
        };
    }};
}  // namespace
}  // namespace robo::apps
