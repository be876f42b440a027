// apps/cmd_features.cpp — `robo_trader features (--data FILE | --db [DB] --symbols S,...)
// [--timeframe 5m] [--from DAY] [--to DAY] [--spec TEXT] --out features.csv`: computes the
// features of bar series, one row per bar, one column per feature (empty while a feature
// warms up).
//
// --data reads one bar file; --db reads the bars of the chosen symbols from the database
// (default DATA_DB_PATH), giving the same rows as the files they were imported from. Bars
// already on the requested timeframe go straight to the indicators; finer intraday bars
// (e.g. 1m to 5m) are first aggregated by the bar builder in New York time. --from/--to
// keep the bars of those days (UTC, `to` included), as in `backtest`. Rows the reader
// rejected, and rows of a file the quality gate quarantines (data/quality/row_gate.hpp, the
// verdicts `validate` and a backtest give), are counted and the first few printed on stderr;
// they are never used. DATA_ON_BAD_ROW=stop makes the first of them an error "FILE:LINE: reason".
// Exit status: 0 written, 1 the data could not be read or written (or a bad row under stop),
// 2 bad arguments.
#include <fmt/format.h>
#include <fmt/os.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/data/files/readers.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "robo/features/feature_engine.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/as_loaded_data.hpp"

namespace robo::apps {
namespace {

struct FeaturesArgs {
    std::string data, out, timeframe, spec{features::kDefaultFeatureSpec};
    std::optional<std::string> db;
    std::vector<std::string> symbols;
    std::string from, to;
    ConfigFlags config;
};

struct BadArgument : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::optional<Timestamp> day(const std::string& text, const char* flag) {
    if (text.empty()) return std::nullopt;
    Timestamp t;
    if (text.size() != 10 || !try_parse_timestamp(text, t))
        throw BadArgument(std::string(flag) + " \"" + text + "\": expected a date YYYY-MM-DD");
    return t;
}

// Whether bars of `have` can become bars of `want` (the same, or aggregated from finer
// intraday bars).
bool can_make(Timeframe want, Timeframe have) {
    if (want == have) return true;
    const bool intraday_in = have != Timeframe::day && have != Timeframe::session;
    return intraday_in && (want == Timeframe::day || want == Timeframe::session ||
                           timeframe_seconds(want) >= timeframe_seconds(have));
}

// The series of one symbol to compute `want` from: that timeframe itself, else the finest
// intraday series that can be aggregated to it; with no --timeframe, the only series.
const data::BarFile& pick_series(const std::vector<const data::BarFile*>& series, Symbol symbol,
                                 const std::optional<Timeframe>& want, const std::string& db) {
    std::string have;
    for (const auto* f : series) have += (have.empty() ? "" : ", ") + std::string(to_string(f->timeframe));
    if (!want) {
        if (series.size() == 1) return *series.front();
        throw BadArgument(fmt::format("{} holds several bar series of {} ({}): choose one with --timeframe",
                                      db, symbol.view(), have));
    }
    const data::BarFile* best = nullptr;
    for (const auto* f : series) {
        if (f->timeframe == *want) return *f;
        if (can_make(*want, f->timeframe) &&
            (!best || timeframe_seconds(f->timeframe) < timeframe_seconds(best->timeframe)))
            best = f;
    }
    if (!best)
        throw BadArgument(fmt::format("{}: cannot make {} bars of {} from its series ({})", db,
                                      to_string(*want), symbol.view(), have));
    return *best;
}

int run_features(const FeaturesArgs& args) {
    const config::LoadResult cfg = load_config(args.config, "features");
    std::optional<Timeframe> want;
    std::optional<Timestamp> from, to;
    std::vector<data::BarFile> loaded;  // owns what `files` points to
    std::vector<const data::BarFile*> files;
    std::string source;
    try {
        if (!args.timeframe.empty()) {
            want = parse_timeframe(args.timeframe);
            if (!want)
                throw BadArgument("--timeframe " + args.timeframe +
                                  ": expected 1s 5s 1m 5m 15m 30m 1h 1d or session");
        }
        from = day(args.from, "--from");
        to = day(args.to, "--to");
        if (args.db && !args.data.empty()) throw BadArgument("give --data FILE or --db, not both");
        if (!args.db && args.data.empty()) throw BadArgument("give --data FILE, or --db with --symbols");
        std::vector<Symbol> symbols;
        for (const auto& s : args.symbols) {
            Symbol sym;
            if (!s.empty() && !Symbol::try_make(s, sym))
                throw BadArgument("--symbols \"" + s + "\": expected a ticker such as AAPL");
            if (!s.empty()) symbols.push_back(sym);
        }
        if (args.db) {
            if (symbols.empty()) throw BadArgument("--db needs --symbols (one or more)");
            const auto db = session::database_or_configured(cfg, *args.db);
            source = db.string();
            store::DatabaseSelection sel;
            sel.symbols = symbols;
            sel.ticks = sel.quotes = false;  // the range is applied below, on the series chosen
            try {
                loaded = store::load_from_database(db, sel).bar_files;
            } catch (const std::exception& e) {
                std::cerr << "robo_trader features: " << e.what() << "\n";
                return 1;
            }
            for (Symbol s : symbols) {
                std::vector<const data::BarFile*> series;
                for (const auto& f : loaded)
                    if (f.symbol == s) series.push_back(&f);
                if (series.empty())
                    throw BadArgument(source + ": no bars of " + s.str() + " (see `robo_trader db status`)");
                files.push_back(&pick_series(series, s, want, source));
            }
        } else {
            source = args.data;
            try {
                data::ReadOptions read;
                const bool stop = cfg.config.data.on_bad_row == config::BadRowPolicy::stop;
                if (stop) read.on_bad_row = data::OnBadRow::stop;
                auto file = data::read_bar_file(args.data, read);
                // The quality gate: quarantined bars never reach the indicators.
                auto verdicts = data::quality::gate_rows(file, wall_now());
                if (stop && verdicts.count() > 0)
                    throw std::runtime_error(verdicts.quarantined.front().text + " (DATA_ON_BAD_ROW=stop)");
                for (size_t i = 0; i < verdicts.quarantined.size() && i < 5; ++i)
                    std::cerr << "robo_trader features: " << verdicts.quarantined[i].text
                              << " (row not used)\n";
                if (verdicts.count() > 0) {
                    std::cerr << "robo_trader features: " << verdicts.count() << " of " << file.rows_read
                              << " rows quarantined by the quality gate ("
                              << data::quality::format_reasons(verdicts.by_reason) << ")\n";
                    std::vector<Bar> kept;
                    kept.reserve(file.bars.size());
                    for (size_t i = 0; i < file.bars.size(); ++i)
                        if (verdicts.usable[i]) kept.push_back(file.bars[i]);
                    file.bars = std::move(kept);
                    file.adjusted_close.clear();  // not used here; no longer parallel to bars
                }
                loaded.push_back(std::move(file));
            } catch (const std::exception& e) {
                std::cerr << "robo_trader features: " << e.what() << "\n";
                return 1;
            }
            const auto& file = loaded.back();
            if (!symbols.empty() && std::find(symbols.begin(), symbols.end(), file.symbol) == symbols.end())
                throw BadArgument(args.data + " holds " + file.symbol.str() +
                                  ", not the --symbols asked for");
            files.push_back(&file);
        }
        for (const auto* f : files) {
            if (want && !can_make(*want, f->timeframe))
                throw BadArgument(
                    fmt::format("cannot make {} bars from the {} bars of {} (expected --timeframe {} "
                                "or longer)",
                                to_string(*want), to_string(f->timeframe), source, to_string(f->timeframe)));
        }
    } catch (const BadArgument& e) {
        std::cerr << "robo_trader features: " << e.what() << "\n";
        return 2;
    }
    for (const auto* file : files) {
        for (size_t i = 0; i < file->rejected.size() && i < 5; ++i)
            std::cerr << "robo_trader features: " << data::to_string(file->rejected[i])
                      << " (row not used)\n";
        if (!file->rejected.empty())
            std::cerr << "robo_trader features: " << file->rejected.size() << " of " << file->rows_read
                      << " rows rejected by the reader\n";
    }
    const Timeframe tf = want.value_or(files.front()->timeframe);

    std::FILE* out = std::fopen(args.out.c_str(), "w");
    if (!out) {
        std::cerr << "robo_trader features: cannot write " << args.out << ": " << std::strerror(errno)
                  << "\n";
        return 1;
    }
    size_t rows = 0;
    bool header = false;
    auto write_row = [&](const features::FeatureSnapshot& s) {
        // Bars before --from only warm the indicators up (features --from 2016-01-01 starts warm).
        if (from && s.bar.start < *from) return;
        if (!header) {
            fmt::print(out, "time,symbol,timeframe,open,high,low,close,volume,partial");
            for (const auto& name : s.features.names()) fmt::print(out, ",{}", name);
            fmt::print(out, "\n");
            header = true;
        }
        const Bar& b = s.bar;
        fmt::print(out, "{},{},{},{},{},{},{},{},{}", format_iso_micros(b.start), b.symbol.view(),
                   to_string(b.timeframe), b.open.to_string(), b.high.to_string(), b.low.to_string(),
                   b.close.to_string(), b.volume.to_string(), b.partial ? 1 : 0);
        for (double v : s.features.values()) {
            if (std::isnan(v))
                fmt::print(out, ",");
            else
                fmt::print(out, ",{}", v);  // shortest text that reads back to the same double
        }
        fmt::print(out, "\n");
        ++rows;
    };

    std::unique_ptr<features::FeatureEngine> engine;
    try {
        engine = std::make_unique<features::FeatureEngine>(features::FeatureEngineConfig{args.spec, {tf}},
                                                           write_row);
    } catch (const std::exception& e) {
        std::fclose(out);
        std::cerr << "robo_trader features: " << e.what() << "\n";
        return 2;
    }
    size_t input = 0;
    for (const auto* file : files) {
        const bool direct = tf == file->timeframe;
        for (const Bar& bar : file->bars) {
            if (to && bar.start >= *to + std::chrono::days(1)) continue;
            ++input;
            const bool ok = direct ? engine->on_bar(bar) : engine->on_minute_bar(bar);
            if (!ok) std::cerr << "robo_trader features: " << engine->last_error() << "\n";
        }
    }
    engine->flush();
    const bool write_failed = std::ferror(out) != 0;
    if (std::fclose(out) != 0 || write_failed) {
        std::cerr << "robo_trader features: writing " << args.out << " failed\n";
        return 1;
    }
    std::string symbols;
    for (const auto* f : files) symbols += (symbols.empty() ? "" : ",") + f->symbol.str();
    const auto* first = engine->features(files.front()->symbol, tf);
    std::cout << fmt::format(
        "robo_trader features: {} {} bars of {} ({} input bars, {} refused) -> {} ({} "
        "features)\n",
        rows, to_string(tf), symbols, input, engine->rejected(), args.out, first ? first->names().size() : 0);
    return 0;
}

CommandRegistration features_command{
    "features", "Compute indicator features of bar series (a file or the database), one row per bar",
    [](CLI::App& cmd) {
        auto args = std::make_shared<FeaturesArgs>();
        add_config_flags(cmd, args->config);
        cmd.add_option("--data", args->data, "Bar file (daily or intraday CSV)");
        cmd.add_option("--db", args->db, "SQLite database to read bars from (no value: DATA_DB_PATH)")
            ->expected(0, 1)
            ->default_str("");
        cmd.add_option("--symbols", args->symbols, "Symbols (with --db; space or comma separated)")
            ->delimiter(',');
        cmd.add_option("--from", args->from, "First day (YYYY-MM-DD)");
        cmd.add_option("--to", args->to, "Last day, included (YYYY-MM-DD)");
        cmd.add_option("--out", args->out, "Output CSV")->required();
        cmd.add_option("--timeframe", args->timeframe,
                       "Bar timeframe to compute on (default: the series' own; finer bars are aggregated)");
        cmd.add_option("--spec", args->spec, "Feature spec, e.g. \"rsi:14 macd:12,26,9 bbands:20,2\"")
            ->default_str(std::string(features::kDefaultFeatureSpec));
        return [args]() -> int { return run_features(*args); };
    }};

}  // namespace
}  // namespace robo::apps
