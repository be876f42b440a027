// session/data_commands.cpp — see data_commands.hpp.
#include "robo/session/data_commands.hpp"

#include <chrono>
#include <filesystem>
#include <ostream>
#include <span>
#include <stdexcept>

#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/validate_files.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/import.hpp"

namespace robo::session {

data::ReadOptions read_options(const DataFormat& format, const config::Config& config) {
    data::ReadOptions options;
    const auto& cfg = config.data;
    options.time_zone = format.time_zone.empty() ? cfg.timezone : format.time_zone;
    data::apply_format_settings(options, format.columns.empty() ? cfg.columns : format.columns,
                                format.date_format.empty() ? cfg.date_format : format.date_format);
    if (!format.symbol.empty()) {
        Symbol s;
        if (!Symbol::try_make(format.symbol, s) || !data::symbol_is_path_safe(s))
            throw std::invalid_argument(
                "--symbol \"" + format.symbol +
                "\": expected a ticker such as AAPL (letters, digits, . - ^ _; no '/' "
                "and no leading '.')");
        options.symbol = s;
    }
    return options;
}

int validate_market_data(const config::LoadResult& config, const ValidateRequest& request, std::ostream& out,
                         std::ostream& err) {
    data::quality::ValidateOptions options;
    const std::string data_dir = request.data.empty() ? config.config.data.dir.string() : request.data;
    data::LoadedData loaded;
    try {
        options.check.calendar = data::quality::parse_calendar_choice(request.calendar);
        options.max_error_rate = request.max_error_rate;
        options.show = request.show;
        options.dividends = request.dividends;
        loaded = data::load_data_path(data_dir, read_options(request.format, config.config));
    } catch (const std::exception& e) {
        err << "robo_trader validate: " << e.what() << "\n";
        return 2;
    }
    if (loaded.files_read() + loaded.failures.size() == 0) {
        err << "robo_trader validate: " << data::explain_nothing_read(loaded) << "\n";
        return 2;
    }
    return data::quality::validate_files(loaded, options, wall_now(), out).passed() ? 0 : 1;
}

int inspect_data_file(const config::LoadResult& config, const std::string& file, const DataFormat& format,
                      bool stop_at_bad_row, std::ostream& out, std::ostream& err) {
    data::ReadOptions options = read_options(format, config.config);
    options.on_bad_row = stop_at_bad_row ? data::OnBadRow::stop : data::OnBadRow::quarantine;
    const std::filesystem::path path = file;
    auto loaded = data::load_data_files(std::span(&path, 1), options);
    data::print_file_report(out, loaded);
    if (!loaded.failures.empty()) {
        err << "robo_trader data inspect: " << loaded.failures.front().message << "\n";
        return 1;
    }
    out << loaded.rows_read() << " rows read, " << loaded.rows_read() - loaded.rows_rejected()
        << " accepted, " << loaded.rows_rejected() << " rejected\n";
    return 0;
}

int import_market_data(const config::LoadResult& config, const std::string& data, const std::string& db_flag,
                       const DataFormat& format, std::ostream& out, std::ostream& err) {
    const std::string db = database_or_configured(config, db_flag).string();
    data::ReadOptions options = read_options(format, config.config);
    if (config.config.data.on_bad_row == config::BadRowPolicy::stop)
        options.on_bad_row = data::OnBadRow::stop;
    // Check the folder before creating a database file for nothing.
    if (!std::filesystem::exists(data))
        throw std::runtime_error(
            data +
            ": not a folder (nor a file): expected a folder of market-data *.csv files, or "
            "one file");
    {
        // Nothing readable: say why, and leave no database behind.
        auto listed = data::load_data_path(data, options);
        if (auto why = data::explain_nothing_read(listed); !why.empty()) {
            err << "robo_trader import: " << why << "\n";
            return 1;
        }
    }
    store::WriterOptions writer_options;
    writer_options.block_timeout = std::chrono::minutes(5);  // an import waits; it never drops
    store::Writer writer(db, writer_options);
    auto report = store::import_directory(data, writer, options, [&out](const store::ImportedFile& f) {
        out << f.path << ": " << f.kind << " " << f.symbol.view() << ", " << f.rows << " rows";
        if (f.rejected > 0) out << ", " << f.rejected << " rejected (see quality_findings)";
        if (f.quarantined > 0)
            out << ", " << f.quarantined << " quarantined, not stored ("
                << data::quality::format_reasons(f.quarantined_by_reason) << "; see quality_findings)";
        out << "\n";
    });
    writer.close();
    for (const auto& failure : report.failures) err << failure.message << "\n";
    auto stats = writer.stats();
    auto bars = stats.tables[static_cast<size_t>(store::Table::bars)];
    auto ticks = stats.tables[static_cast<size_t>(store::Table::ticks)];
    auto quotes = stats.tables[static_cast<size_t>(store::Table::quotes)];
    out << "imported " << report.files.size() << " files into " << db << ": " << report.rows << " rows (bars "
        << bars.inserted << " new, " << bars.replaced << " replaced; ticks " << ticks.inserted << " new, "
        << ticks.ignored << " duplicate; quotes " << quotes.inserted << " new, " << quotes.ignored
        << " duplicate), " << report.rejected << " rejected, " << report.quarantined << " quarantined, "
        << report.failures.size() << " unreadable files\n";
    const uint64_t failed = stats.totals().failed;
    if (failed > 0) err << failed << " rows refused by the database; last: " << stats.last_row_error << "\n";
    return report.failures.empty() && failed == 0 ? 0 : 1;
}

}  // namespace robo::session
