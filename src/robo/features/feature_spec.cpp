#include "robo/features/feature_spec.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace robo::features {

namespace {

struct KindInfo {
    std::string_view name;
    IndicatorKind kind;
    std::vector<double> defaults;
};

const std::vector<KindInfo>& kinds() {
    static const std::vector<KindInfo> k{
        {"sma", IndicatorKind::sma, {20}},
        {"ema", IndicatorKind::ema, {20}},
        {"rsi", IndicatorKind::rsi, {14}},
        {"macd", IndicatorKind::macd, {12, 26, 9}},
        {"bbands", IndicatorKind::bbands, {20, 2}},
        {"atr", IndicatorKind::atr, {14}},
        {"obv", IndicatorKind::obv, {}},
        {"vwap", IndicatorKind::vwap, {}},
        {"std", IndicatorKind::stddev, {20}},
        {"ret", IndicatorKind::returns, {1}},
        {"logret", IndicatorKind::log_returns, {1}},
        {"zscore", IndicatorKind::zscore, {20}},
    };
    return k;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t end = text.find(sep, start);
        out.push_back(
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

[[noreturn]] void bad(std::string_view item, const std::string& why) {
    throw std::invalid_argument(fmt::format("feature spec: item \"{}\": {}", item, why));
}

IndicatorSpec parse_item(std::string_view item, const std::vector<Timeframe>& default_timeframes) {
    std::string_view head = item, tfs;
    if (const auto at = item.find('@'); at != std::string_view::npos) {
        head = item.substr(0, at);
        tfs = item.substr(at + 1);
        if (tfs.empty()) bad(item, "expected timeframes after '@' (e.g. @5m,1d)");
    }
    std::string_view name = head, params;
    const auto colon = head.find(':');
    if (colon != std::string_view::npos) {
        name = head.substr(0, colon);
        params = head.substr(colon + 1);
        if (params.empty()) bad(item, "expected parameters after ':' (e.g. rsi:14)");
    }
    const KindInfo* info = nullptr;
    for (const auto& k : kinds())
        if (k.name == name) info = &k;
    if (!info)
        bad(item,
            fmt::format("unknown indicator \"{}\"; expected one of sma, ema, rsi, macd, bbands, atr, obv, "
                        "vwap, std, ret, logret, zscore",
                        name));
    IndicatorSpec spec{info->kind, info->defaults, {}};
    if (!params.empty()) {
        std::vector<double> given;
        for (auto p : split(params, ',')) {
            double v = 0;
            auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
            if (ec != std::errc{} || end != p.data() + p.size() || !std::isfinite(v))
                bad(item, fmt::format("expected a number, found \"{}\"", p));
            given.push_back(v);
        }
        if (info->kind == IndicatorKind::vwap) {
            if (given.size() != 1) bad(item, "vwap takes no parameter (session) or one (rolling bars)");
            spec.kind = IndicatorKind::rolling_vwap;
        } else if (given.size() > info->defaults.size()) {
            bad(item, fmt::format("{} takes at most {} parameter(s), found {}", name, info->defaults.size(),
                                  given.size()));
        }
        for (size_t i = 0; i < given.size(); ++i) {
            const bool is_period = !(info->kind == IndicatorKind::bbands && i == 1);
            if (is_period && (given[i] != std::floor(given[i]) || given[i] < 1 || given[i] > 1e6))
                bad(item, fmt::format("expected a whole period between 1 and 1000000, found {}", given[i]));
        }
        if (spec.kind == IndicatorKind::rolling_vwap)
            spec.params = given;
        else
            for (size_t i = 0; i < given.size(); ++i) spec.params[i] = given[i];
    }
    if (tfs.empty()) {
        spec.timeframes = default_timeframes;
    } else {
        for (auto t : split(tfs, ',')) {
            const auto tf = parse_timeframe(t);
            if (!tf)
                bad(item,
                    fmt::format("unknown timeframe \"{}\"; expected 1s 5s 1m 5m 15m 30m 1h 1d session", t));
            spec.timeframes.push_back(*tf);
        }
    }
    return spec;
}

}  // namespace

std::vector<IndicatorSpec> parse_feature_spec(std::string_view text,
                                              const std::vector<Timeframe>& default_timeframes) {
    std::vector<IndicatorSpec> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ';' || text[i] == '\t' || text[i] == '\n'))
            ++i;
        size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != ';' && text[j] != '\t' && text[j] != '\n') ++j;
        if (j > i) out.push_back(parse_item(text.substr(i, j - i), default_timeframes));
        i = j;
    }
    if (out.empty()) throw std::invalid_argument("feature spec: no indicators given (e.g. \"rsi:14@5m\")");
    return out;
}

std::vector<std::string> output_names(const IndicatorSpec& s) {
    auto p = [&](size_t i) { return fmt::format("{}", s.params[i]); };
    switch (s.kind) {
        case IndicatorKind::sma:
            return {"sma_" + p(0)};
        case IndicatorKind::ema:
            return {"ema_" + p(0)};
        case IndicatorKind::rsi:
            return {"rsi_" + p(0)};
        case IndicatorKind::macd: {
            const std::string suffix = p(0) + "_" + p(1) + "_" + p(2);
            return {"macd_" + suffix, "macd_signal_" + suffix, "macd_hist_" + suffix};
        }
        case IndicatorKind::bbands: {
            const std::string suffix = p(0) + "_" + p(1);
            return {"bb_upper_" + suffix, "bb_middle_" + suffix, "bb_lower_" + suffix, "bb_pctb_" + suffix,
                    "bb_width_" + suffix};
        }
        case IndicatorKind::atr:
            return {"atr_" + p(0)};
        case IndicatorKind::obv:
            return {"obv"};
        case IndicatorKind::vwap:
            return {"vwap"};
        case IndicatorKind::rolling_vwap:
            return {"vwap_" + p(0)};
        case IndicatorKind::stddev:
            return {"std_" + p(0)};
        case IndicatorKind::returns:
            return {"ret_" + p(0)};
        case IndicatorKind::log_returns:
            return {"logret_" + p(0)};
        case IndicatorKind::zscore:
            return {"zscore_" + p(0)};
    }
    return {};
}

}  // namespace robo::features
