// session/feature_table.cpp — see feature_table.hpp.
#include "robo/session/feature_table.hpp"

#include <fmt/format.h>
#include <fmt/os.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <ostream>

#include "robo/data/files/readers.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "robo/features/feature_engine.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/as_loaded_data.hpp"
#include "robo/store/session_recorder.hpp"

namespace robo::session {
namespace {

std::optional<Timestamp> day(const std::string& text, const char* flag) {
    if (text.empty()) return std::nullopt;
    Timestamp t;
    if (text.size() != 10 || !try_parse_timestamp(text, t))
        throw BadFeatureRequest(std::string(flag) + " \"" + text + "\": expected a date YYYY-MM-DD");
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
// intraday series that can be aggregated to it; with no timeframe asked, the only series.
const data::BarFile& pick_series(const std::vector<const data::BarFile*>& series, Symbol symbol,
                                 const std::optional<Timeframe>& want, const std::string& db) {
    std::string have;
    for (const auto* f : series) {
        if (!have.empty()) have += ", ";
        have += to_string(f->timeframe);
    }
    if (!want) {
        if (series.size() == 1) return *series.front();
        throw BadFeatureRequest(fmt::format(
            "{} holds several bar series of {} ({}): choose one with --timeframe", db, symbol.view(), have));
    }
    const data::BarFile* best = nullptr;
    for (const auto* f : series) {
        if (f->timeframe == *want) return *f;
        if (can_make(*want, f->timeframe) &&
            (!best || timeframe_seconds(f->timeframe) < timeframe_seconds(best->timeframe)))
            best = f;
    }
    if (!best)
        throw BadFeatureRequest(fmt::format("{}: cannot make {} bars of {} from its series ({})", db,
                                            to_string(*want), symbol.view(), have));
    return *best;
}

std::vector<Symbol> symbols_of(const std::vector<std::string>& texts) {
    std::vector<Symbol> symbols;
    for (const auto& s : texts) {
        Symbol sym;
        if (!s.empty() && !Symbol::try_make(s, sym))
            throw BadFeatureRequest("--symbols \"" + s + "\": expected a ticker such as AAPL");
        if (!s.empty()) symbols.push_back(sym);
    }
    return symbols;
}

// One bar file through the reader and the quality gate: quarantined bars never reach the
// indicators.
data::BarFile read_gated(const std::string& path, bool stop_on_bad, std::vector<std::string>& notes) {
    data::ReadOptions read;
    if (stop_on_bad) read.on_bad_row = data::OnBadRow::stop;
    auto file = data::read_bar_file(path, read);
    auto verdicts = data::quality::gate_rows(file, wall_now());
    if (stop_on_bad && verdicts.count() > 0)
        throw std::runtime_error(verdicts.quarantined.front().text + " (DATA_ON_BAD_ROW=stop)");
    for (size_t i = 0; i < verdicts.quarantined.size() && i < 5; ++i)
        notes.push_back(verdicts.quarantined[i].text + " (row not used)");
    if (verdicts.count() > 0) {
        notes.push_back(fmt::format("{} of {} rows quarantined by the quality gate ({})", verdicts.count(),
                                    file.rows_read, data::quality::format_reasons(verdicts.by_reason)));
        std::vector<Bar> kept;
        kept.reserve(file.bars.size());
        for (size_t i = 0; i < file.bars.size(); ++i)
            if (verdicts.usable[i]) kept.push_back(file.bars[i]);
        file.bars = std::move(kept);
        file.adjusted_close.clear();  // not used here; no longer parallel to bars
    }
    return file;
}

struct CloseFile {
    void operator()(std::FILE* f) const noexcept {
        if (f) std::fclose(f);
    }
};

}  // namespace

FeatureTable write_feature_table(const config::LoadResult& cfg, const FeatureTableRequest& r) {
    FeatureTable result;
    std::optional<Timeframe> want;
    if (!r.timeframe.empty()) {
        want = parse_timeframe(r.timeframe);
        if (!want)
            throw BadFeatureRequest("--timeframe " + r.timeframe +
                                    ": expected 1s 5s 1m 5m 15m 30m 1h 1d or session");
    }
    const auto from = day(r.from, "--from");
    const auto to = day(r.to, "--to");
    if (r.db && !r.data.empty()) throw BadFeatureRequest("give --data FILE or --db, not both");
    if (!r.db && r.data.empty()) throw BadFeatureRequest("give --data FILE, or --db with --symbols");
    const std::vector<Symbol> symbols = symbols_of(r.symbols);

    std::vector<data::BarFile> loaded;  // owns what `files` points to
    std::vector<const data::BarFile*> files;
    std::string source;
    if (r.db) {
        if (symbols.empty()) throw BadFeatureRequest("--db needs --symbols (one or more)");
        const auto db = database_or_configured(cfg, *r.db);
        source = db.string();
        store::DatabaseSelection sel;
        sel.symbols = symbols;
        sel.ticks = sel.quotes = false;  // the range is applied below, on the series chosen
        loaded = store::load_from_database(db, sel).bar_files;
        for (Symbol s : symbols) {
            std::vector<const data::BarFile*> series;
            for (const auto& f : loaded)
                if (f.symbol == s) series.push_back(&f);
            if (series.empty())
                throw BadFeatureRequest(source + ": no bars of " + s.str() +
                                        " (see `robo_trader db status`)");
            files.push_back(&pick_series(series, s, want, source));
        }
    } else {
        source = r.data;
        loaded.push_back(
            read_gated(r.data, cfg.config.data.on_bad_row == config::BadRowPolicy::stop, result.notes));
        const auto& file = loaded.back();
        if (!symbols.empty() && std::find(symbols.begin(), symbols.end(), file.symbol) == symbols.end())
            throw BadFeatureRequest(r.data + " holds " + file.symbol.str() + ", not the --symbols asked for");
        files.push_back(&file);
    }
    for (const auto* f : files)
        if (want && !can_make(*want, f->timeframe))
            throw BadFeatureRequest(
                fmt::format("cannot make {} bars from the {} bars of {} (expected --timeframe {} or longer)",
                            to_string(*want), to_string(f->timeframe), source, to_string(f->timeframe)));
    for (const auto* file : files) {
        for (size_t i = 0; i < file->rejected.size() && i < 5; ++i)
            result.notes.push_back(data::to_string(file->rejected[i]) + " (row not used)");
        if (!file->rejected.empty())
            result.notes.push_back(
                fmt::format("{} of {} rows rejected by the reader", file->rejected.size(), file->rows_read));
    }
    const Timeframe tf = want.value_or(files.front()->timeframe);

    // The output file and the database are opened once the spec is known good (below): a
    // refused request leaves no empty file behind.
    std::unique_ptr<store::Writer> writer;  // with r.record; waits for room rather than lose a value
    auto record_row = [&](const features::FeatureSnapshot& s) {
        // A partial bar's values are not the bar's: never stored.
        if (writer && !s.bar.partial)
            result.recorded += store::submit_features(*writer, s, store::OnFull::block).accepted;
    };
    std::unique_ptr<std::FILE, CloseFile> out;
    bool header = false;
    auto write_row = [&](const features::FeatureSnapshot& s) {
        if (from && s.bar.start < *from) return;  // before --from: warm-up only
        if (!header) {
            fmt::print(out.get(), "time,symbol,timeframe,open,high,low,close,volume,partial");
            for (const auto& name : s.features.names()) fmt::print(out.get(), ",{}", name);
            fmt::print(out.get(), "\n");
            header = true;
        }
        const Bar& b = s.bar;
        fmt::print(out.get(), "{},{},{},{},{},{},{},{},{}", format_iso_micros(b.start), b.symbol.view(),
                   to_string(b.timeframe), b.open.to_string(), b.high.to_string(), b.low.to_string(),
                   b.close.to_string(), b.volume.to_string(), b.partial ? 1 : 0);
        for (double v : s.features.values()) {
            if (std::isnan(v))
                fmt::print(out.get(), ",");
            else
                fmt::print(out.get(), ",{}", v);  // shortest text that reads back to the same double
        }
        fmt::print(out.get(), "\n");
        ++result.rows;
        record_row(s);
    };
    std::unique_ptr<features::FeatureEngine> engine;
    try {
        engine =
            std::make_unique<features::FeatureEngine>(features::FeatureEngineConfig{r.spec, {tf}}, write_row);
    } catch (const std::invalid_argument& e) {
        throw BadFeatureRequest(e.what());
    }
    if (r.record) {
        const auto file = database_or_configured(cfg, r.record->empty() && r.db ? *r.db : *r.record);
        writer = std::make_unique<store::Writer>(file);
        result.recorded_into = file.string();
    }
    out.reset(std::fopen(r.out.c_str(), "w"));
    if (!out) throw std::runtime_error("cannot write " + r.out + ": " + std::strerror(errno));
    for (const auto* file : files) {
        const bool direct = tf == file->timeframe;
        for (const Bar& bar : file->bars) {
            if (to && bar.start >= *to + std::chrono::days(1)) continue;
            ++result.input_bars;
            const bool ok = direct ? engine->on_bar(bar) : engine->on_minute_bar(bar);
            if (!ok) result.notes.push_back(engine->last_error());
        }
    }
    engine->flush();
    if (writer) {
        writer->close();
        const auto stats = writer->stats();
        if (stats.failed) throw std::runtime_error(result.recorded_into + ": " + stats.failure);
        if (stats.totals().failed > 0)
            result.notes.push_back(fmt::format("{}: {} feature values refused (last: {})",
                                               result.recorded_into, stats.totals().failed,
                                               stats.last_row_error));
    }
    const bool write_failed = std::ferror(out.get()) != 0;
    if (std::fclose(out.release()) != 0 || write_failed)
        throw std::runtime_error("writing " + r.out + " failed");
    for (const auto* f : files) {
        if (!result.symbols.empty()) result.symbols += ',';
        result.symbols += f->symbol.view();
    }
    result.timeframe = std::string(to_string(tf));
    result.refused_bars = engine->rejected();
    const auto* first = engine->features(files.front()->symbol, tf);
    result.features = first ? first->names().size() : 0;
    return result;
}

int features_command(const config::LoadResult& config, const FeatureTableRequest& request, std::ostream& out,
                     std::ostream& err) {
    FeatureTable t;
    try {
        t = write_feature_table(config, request);
    } catch (const BadFeatureRequest& e) {
        err << "robo_trader features: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "robo_trader features: " << e.what() << "\n";
        return 1;
    }
    for (const auto& note : t.notes) err << "robo_trader features: " << note << "\n";
    out << fmt::format(
        "robo_trader features: {} {} bars of {} ({} input bars, {} refused) -> {} ({} features)\n", t.rows,
        t.timeframe, t.symbols, t.input_bars, t.refused_bars, request.out, t.features);
    if (request.record)
        out << fmt::format("  recorded {} feature values in {}\n", t.recorded, t.recorded_into);
    return 0;
}

}  // namespace robo::session
