// apps/cmd_features.cpp — `robo_trader features --data FILE [--timeframe 5m] [--spec TEXT]
// --out features.csv`: computes the features of one bar file, one row per bar, one column
// per feature (empty while a feature warms up).
//
// Bars already on the requested timeframe go straight to the indicators; finer intraday
// bars (e.g. 1m to 5m) are first aggregated by the bar builder in New York time. Rows the
// reader rejected are counted and the first few printed on stderr; they are never used.
// Exit status: 0 written, 1 the file could not be read or written, 2 bad arguments.
#include <fmt/format.h>
#include <fmt/os.h>

#include <cmath>
#include <iostream>

#include "command_registry.hpp"
#include "robo/data/files/readers.hpp"
#include "robo/features/feature_engine.hpp"

namespace robo::apps {
namespace {

struct FeaturesArgs {
    std::string data, out, timeframe, spec{features::kDefaultFeatureSpec};
};

int run_features(const FeaturesArgs& args) {
    data::BarFile file;
    try {
        file = data::read_bar_file(args.data, data::ReadOptions{});
    } catch (const std::exception& e) {
        std::cerr << "robo_trader features: " << e.what() << "\n";
        return 1;
    }
    for (size_t i = 0; i < file.rejected.size() && i < 5; ++i)
        std::cerr << "robo_trader features: " << data::to_string(file.rejected[i]) << " (row not used)\n";
    if (!file.rejected.empty())
        std::cerr << "robo_trader features: " << file.rejected.size() << " of " << file.rows_read
                  << " rows rejected by the reader\n";

    Timeframe tf = file.timeframe;
    if (!args.timeframe.empty()) {
        const auto parsed = parse_timeframe(args.timeframe);
        if (!parsed) {
            std::cerr << "robo_trader features: --timeframe " << args.timeframe
                      << ": expected 1s 5s 1m 5m 15m 30m 1h 1d or session\n";
            return 2;
        }
        tf = *parsed;
    }
    const bool direct = tf == file.timeframe;
    const bool intraday_in = file.timeframe != Timeframe::day && file.timeframe != Timeframe::session;
    if (!direct && (!intraday_in || (tf != Timeframe::day && tf != Timeframe::session &&
                                     timeframe_seconds(tf) < timeframe_seconds(file.timeframe)))) {
        std::cerr << "robo_trader features: cannot make " << to_string(tf) << " bars from the "
                  << to_string(file.timeframe) << " bars of " << args.data << " (expected --timeframe "
                  << to_string(file.timeframe) << " or longer)\n";
        return 2;
    }

    std::FILE* out = std::fopen(args.out.c_str(), "w");
    if (!out) {
        std::cerr << "robo_trader features: cannot write " << args.out << ": " << std::strerror(errno)
                  << "\n";
        return 1;
    }
    size_t rows = 0;
    bool header = false;
    auto write_row = [&](const features::FeatureSnapshot& s) {
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
    for (const Bar& bar : file.bars) {
        const bool ok = direct ? engine->on_bar(bar) : engine->on_minute_bar(bar);
        if (!ok) std::cerr << "robo_trader features: " << engine->last_error() << "\n";
    }
    engine->flush();
    const bool write_failed = std::ferror(out) != 0;
    if (std::fclose(out) != 0 || write_failed) {
        std::cerr << "robo_trader features: writing " << args.out << " failed\n";
        return 1;
    }
    std::cout << fmt::format(
        "robo_trader features: {} {} bars of {} ({} input bars, {} refused) -> {} ({} "
        "features)\n",
        rows, to_string(tf), file.symbol.view(), file.bars.size(), engine->rejected(), args.out,
        engine->features(file.symbol, tf) ? engine->features(file.symbol, tf)->names().size() : 0);
    return 0;
}

CommandRegistration features_command{
    "features", "Compute indicator features of a bar file, one row per bar", [](CLI::App& cmd) {
        auto args = std::make_shared<FeaturesArgs>();
        cmd.add_option("--data", args->data, "Bar file (daily or intraday CSV)")->required();
        cmd.add_option("--out", args->out, "Output CSV")->required();
        cmd.add_option("--timeframe", args->timeframe,
                       "Bar timeframe to compute on (default: the file's own; finer bars are aggregated)");
        cmd.add_option("--spec", args->spec, "Feature spec, e.g. \"rsi:14 macd:12,26,9 bbands:20,2\"")
            ->default_str(std::string(features::kDefaultFeatureSpec));
        return [args]() -> int { return run_features(*args); };
    }};

}  // namespace
}  // namespace robo::apps
