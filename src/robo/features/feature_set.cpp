#include "robo/features/feature_set.hpp"

#include <cmath>
#include <limits>

namespace robo::features {

namespace {

constexpr double kNotReady = std::numeric_limits<double>::quiet_NaN();

AnyIndicator make(const IndicatorSpec& s) {
    const auto n = [&](size_t i) { return static_cast<int>(s.params.at(i)); };
    switch (s.kind) {
        case IndicatorKind::sma:
            return Sma(n(0));
        case IndicatorKind::ema:
            return Ema(n(0));
        case IndicatorKind::rsi:
            return Rsi(n(0));
        case IndicatorKind::macd:
            return Macd(n(0), n(1), n(2));
        case IndicatorKind::bbands:
            return Bollinger(n(0), s.params.at(1));
        case IndicatorKind::atr:
            return Atr(n(0));
        case IndicatorKind::obv:
            return Obv();
        case IndicatorKind::vwap:
            return Vwap();
        case IndicatorKind::rolling_vwap:
            return RollingVwap(n(0));
        case IndicatorKind::stddev:
            return RollingStd(n(0));
        case IndicatorKind::returns:
            return Returns(n(0), ReturnKind::simple);
        case IndicatorKind::log_returns:
            return Returns(n(0), ReturnKind::log);
        case IndicatorKind::zscore:
            return ZScore(n(0));
    }
    throw std::invalid_argument("feature set: unknown indicator kind");
}

inline void put(double* out, const std::optional<double>& v) { out[0] = v ? *v : kNotReady; }
inline void put(double* out, const std::optional<MacdValue>& v) {
    out[0] = v ? v->line : kNotReady;
    out[1] = v ? v->signal : kNotReady;
    out[2] = v ? v->histogram : kNotReady;
}
inline void put(double* out, const std::optional<BollingerValue>& v) {
    out[0] = v ? v->upper : kNotReady;
    out[1] = v ? v->middle : kNotReady;
    out[2] = v ? v->lower : kNotReady;
    out[3] = v ? v->percent_b : kNotReady;
    out[4] = v ? v->bandwidth : kNotReady;
}

}  // namespace

FeatureSet::FeatureSet(const std::vector<IndicatorSpec>& specs) {
    for (const auto& s : specs) {
        slots_.push_back(Slot{make(s), static_cast<uint32_t>(names_.size())});
        for (auto& name : output_names(s)) names_.push_back(std::move(name));
    }
    values_.assign(names_.size(), kNotReady);
}

void FeatureSet::update(const Ohlcv& bar) {
    require_hlc("features", bar);
    require_price("features", "open", bar.open);
    require_volume("features", bar.volume);
    double* out = values_.data();
    for (auto& slot : slots_)
        std::visit([&](auto& ind) { put(out + slot.first, ind.update(bar)); }, slot.indicator);
    ++bars_;
}

bool FeatureSet::ready() const noexcept {
    for (double v : values_)
        if (std::isnan(v)) return false;
    return true;
}

std::optional<size_t> FeatureSet::index_of(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return i;
    return std::nullopt;
}

std::optional<double> FeatureSet::value(std::string_view name) const {
    const auto i = index_of(name);
    if (!i || std::isnan(values_[*i])) return std::nullopt;
    return values_[*i];
}

}  // namespace robo::features
