#include "robo/features/feature_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace robo::features {

namespace {
size_t slot(Timeframe tf) { return static_cast<size_t>(tf); }
}  // namespace

FeatureEngine::FeatureEngine(FeatureEngineConfig config, OnFeatures on_features, OnQuote on_quote)
    : config_(std::move(config)), on_features_(std::move(on_features)), on_quote_(std::move(on_quote)) {
    for (const auto& spec : parse_feature_spec(config_.spec, config_.default_timeframes))
        for (Timeframe tf : spec.timeframes) {
            auto& list = specs_[slot(tf)];
            list.push_back(spec);
            list.back().timeframes = {tf};
            if (std::find(timeframes_.begin(), timeframes_.end(), tf) == timeframes_.end())
                timeframes_.push_back(tf);
        }
    std::sort(timeframes_.begin(), timeframes_.end());
    if (timeframes_.empty())
        throw std::invalid_argument(
            "features: no timeframe configured (give @tf in the spec or default timeframes)");
    for (Timeframe tf : timeframes_)
        FeatureSet check(specs_[slot(tf)]);  // bad periods fail here, not at bar 1
}

FeatureEngine::SymbolState& FeatureEngine::state(const Symbol& symbol) {
    auto it = states_.find(symbol);
    if (it != states_.end()) return *it->second;
    auto s = std::make_unique<SymbolState>();
    for (Timeframe tf : timeframes_) s->sets[slot(tf)] = std::make_unique<FeatureSet>(specs_[slot(tf)]);
    SymbolState* raw = s.get();
    BarBuilderConfig bc{timeframes_, config_.emit_empty_bars, config_.session_hours};
    s->builder =
        std::make_unique<BarBuilder>(symbol, bc, [this, raw](const Bar& bar) { handle_bar(*raw, bar); });
    return *states_.emplace(symbol, std::move(s)).first->second;
}

const FeatureEngine::SymbolState* FeatureEngine::find(const Symbol& symbol) const {
    auto it = states_.find(symbol);
    return it == states_.end() ? nullptr : it->second.get();
}

void FeatureEngine::handle_bar(SymbolState& s, const Bar& bar) {
    FeatureSet* set = s.sets[slot(bar.timeframe)].get();
    if (!set) return;  // a timeframe nobody asked for
    set->update(to_ohlcv(bar, clock_.local_day(bar.start)));
    if (on_features_) on_features_(FeatureSnapshot{bar, *set});
}

bool FeatureEngine::refuse(const std::exception& e) {
    ++rejected_;
    last_error_ = e.what();
    return false;
}

bool FeatureEngine::on_tick(const Tick& tick) {
    try {
        SymbolState& s = state(tick.symbol);
        Microstructure micro = s.micro;  // committed only if the builder accepts the tick too
        const TradeFeatures trade = micro.on_trade(tick);
        s.builder->add_tick(tick);
        s.micro = micro;
        s.last_trade = trade;
        return true;
    } catch (const std::invalid_argument& e) {
        return refuse(e);
    }
}

bool FeatureEngine::on_quote(const Quote& quote) {
    try {
        const QuoteFeatures f = state(quote.symbol).micro.on_quote(quote);
        if (on_quote_) on_quote_(QuoteSnapshot{quote.symbol, quote.time, f});
        return true;
    } catch (const std::invalid_argument& e) {
        return refuse(e);
    }
}

bool FeatureEngine::on_minute_bar(const Bar& bar) {
    try {
        state(bar.symbol).builder->add_bar(bar);
        return true;
    } catch (const std::invalid_argument& e) {
        return refuse(e);
    }
}

bool FeatureEngine::on_bar(const Bar& bar) {
    try {
        SymbolState& s = state(bar.symbol);
        if (!s.sets[slot(bar.timeframe)])
            throw std::invalid_argument(
                fmt::format("features: {} bar of {} at {} refused: no features configured "
                            "on {}",
                            to_string(bar.timeframe), bar.symbol.view(), format_iso_micros(bar.start),
                            to_string(bar.timeframe)));
        handle_bar(s, bar);
        return true;
    } catch (const std::invalid_argument& e) {
        return refuse(e);
    }
}

void FeatureEngine::advance_to(Timestamp now) {
    for (auto& [symbol, s] : states_) s->builder->advance_to(now);
}

void FeatureEngine::flush() {
    for (auto& [symbol, s] : states_) s->builder->flush();
}

const FeatureSet* FeatureEngine::features(const Symbol& symbol, Timeframe tf) const {
    const SymbolState* s = find(symbol);
    return s ? s->sets[slot(tf)].get() : nullptr;
}

std::optional<double> FeatureEngine::latest(const Symbol& symbol, Timeframe tf,
                                            std::string_view feature) const {
    const FeatureSet* set = features(symbol, tf);
    return set ? set->value(feature) : std::nullopt;
}

bool FeatureEngine::ready(const Symbol& symbol, Timeframe tf) const {
    const FeatureSet* set = features(symbol, tf);
    return set && set->ready();
}

std::optional<QuoteFeatures> FeatureEngine::latest_quote(const Symbol& symbol) const {
    const SymbolState* s = find(symbol);
    return s ? s->micro.last_quote() : std::nullopt;
}

std::optional<TradeFeatures> FeatureEngine::latest_trade(const Symbol& symbol) const {
    const SymbolState* s = find(symbol);
    return s ? s->last_trade : std::nullopt;
}

}  // namespace robo::features
