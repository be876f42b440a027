// ibkr/sim/market.cpp — see market.hpp.
#include "robo/ibkr/sim/market.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace robo::ibkr::sim {

namespace {
uint64_t mix(uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
uint64_t hash_symbol(std::string_view s) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
}
double unit(uint64_t h) { return static_cast<double>(h >> 11) / 9007199254740992.0; }
double cents(double v) { return std::round(v * 100.0) / 100.0; }
}  // namespace

SyntheticMarket::SyntheticMarket(std::vector<std::string> symbols, int64_t start_time)
    : symbols_(std::move(symbols)), start_time_(start_time) {}

void SyntheticMarket::add_replay(const std::string& symbol, std::vector<ReplayPoint> points) {
    if (points.empty()) return;
    if (!knows(symbol)) symbols_.push_back(symbol);
    // Timed when every record says when it is published (load_replay stamps them all).
    const bool timed =
        std::all_of(points.begin(), points.end(), [](const ReplayPoint& p) { return p.at > 0; });
    if (timed) {
        std::stable_sort(points.begin(), points.end(), [](auto& a, auto& b) { return a.at < b.at; });
        for (auto& p : points) timeline_.push_back(p.at);
        std::sort(timeline_.begin(), timeline_.end());
        timeline_.erase(std::unique(timeline_.begin(), timeline_.end()), timeline_.end());
    }
    timed_ = timed && (replay_.empty() || timed_);
    replay_[symbol] = std::move(points);
}

std::span<const ReplayPoint> SyntheticMarket::records(std::string_view symbol) const {
    auto it = replay_.find(symbol);
    if (it == replay_.end()) return {};
    return it->second;
}

std::span<const ReplayPoint> SyntheticMarket::published(std::string_view symbol, int64_t second) const {
    auto it = replay_.find(symbol);
    if (!timed_ || it == replay_.end()) return {};
    const auto& pts = it->second;
    auto [lo, hi] = std::equal_range(pts.begin(), pts.end(), ReplayPoint{.at = second},
                                     [](const ReplayPoint& a, const ReplayPoint& b) { return a.at < b.at; });
    return {pts.data() + (lo - pts.begin()), static_cast<std::size_t>(hi - lo)};
}

bool SyntheticMarket::replayed(std::string_view symbol) const {
    return replay_.find(symbol) != replay_.end();
}

const ReplayPoint* SyntheticMarket::replay_at(std::string_view symbol, int64_t second) const {
    auto it = replay_.find(symbol);
    if (it == replay_.end()) return nullptr;
    const auto& pts = it->second;
    if (timed_) {
        // The last record published by `second`; before the first, the first (its price
        // is the best guess of what the symbol traded at before the data begins).
        auto after = std::upper_bound(pts.begin(), pts.end(), second,
                                      [](int64_t s, const ReplayPoint& p) { return s < p.at; });
        return after == pts.begin() ? &pts.front() : &*(after - 1);
    }
    int64_t n = static_cast<int64_t>(pts.size());
    int64_t i = std::clamp<int64_t>(n / 2 + (second - start_time_), 0, n - 1);
    return &pts[static_cast<std::size_t>(i)];
}

bool SyntheticMarket::knows(std::string_view symbol) const {
    return std::find(symbols_.begin(), symbols_.end(), symbol) != symbols_.end();
}

int64_t SyntheticMarket::con_id(std::string_view symbol) const {
    return static_cast<int64_t>(100000 + hash_symbol(symbol) % 900000);
}

double SyntheticMarket::mid(std::string_view symbol, int64_t second) const {
    if (auto* p = replay_at(symbol, second)) return (p->bid + p->ask) / 2;
    uint64_t h = hash_symbol(symbol);
    double base = 20.0 + static_cast<double>(h % 48000) / 100.0;
    double phase = unit(mix(h)) * 2 * std::numbers::pi;
    double t = static_cast<double>(second);
    double swing = 0.03 * std::sin(2 * std::numbers::pi * t / 23400.0 + phase);
    double wave = 0.004 * std::sin(2 * std::numbers::pi * t / 600.0 + 2 * phase);
    double noise = 0.0008 * (unit(mix(h ^ static_cast<uint64_t>(second))) - 0.5);
    return std::max(1.0, cents(base * (1.0 + swing + wave + noise)));
}

SimQuote SyntheticMarket::quote(std::string_view symbol, int64_t second) const {
    if (auto* p = replay_at(symbol, second)) {
        uint64_t r = mix(hash_symbol(symbol) * 31 + static_cast<uint64_t>(second));
        SimQuote q;
        q.bid = p->bid, q.ask = p->ask, q.last = p->last;
        q.bid_size = static_cast<int>(1 + (r >> 8) % 20) * 100;
        q.ask_size = static_cast<int>(1 + (r >> 16) % 20) * 100;
        q.last_size = std::max(1, p->size);
        return q;
    }
    double m = mid(symbol, second);
    uint64_t r = mix(hash_symbol(symbol) * 31 + static_cast<uint64_t>(second));
    SimQuote q;
    q.bid = cents(m - 0.01);
    q.ask = cents(m + 0.01);
    q.last = (r & 1) ? q.ask : q.bid;
    q.bid_size = static_cast<int>(1 + (r >> 8) % 20) * 100;
    q.ask_size = static_cast<int>(1 + (r >> 16) % 20) * 100;
    q.last_size = static_cast<int>(1 + (r >> 24) % 5) * 100;
    return q;
}

HistoricalBar SyntheticMarket::bar(std::string_view symbol, int64_t start, int64_t seconds) const {
    HistoricalBar b;
    int64_t step = std::max<int64_t>(1, seconds / 600);
    b.open = mid(symbol, start);
    b.high = b.low = b.open;
    int samples = 0;
    for (int64_t t = start; t < start + seconds; t += step, ++samples) {
        double p = mid(symbol, t);
        b.high = std::max(b.high, p);
        b.low = std::min(b.low, p);
    }
    b.close = mid(symbol, start + seconds - 1);
    b.high = std::max(b.high, b.close);
    b.low = std::min(b.low, b.close);
    b.wap = cents((b.open + b.high + b.low + b.close) / 4);
    b.count = samples;
    b.volume = Quantity::from_units(100 * static_cast<int64_t>(samples) *
                                    static_cast<int64_t>(1 + mix(static_cast<uint64_t>(start)) % 7));
    return b;
}

int64_t bar_size_seconds(std::string_view text) {
    auto sp = text.find(' ');
    if (sp == std::string_view::npos) return 0;
    int64_t n = 0;
    auto num = text.substr(0, sp);
    if (std::from_chars(num.data(), num.data() + num.size(), n).ec != std::errc() || n <= 0) return 0;
    auto unit_text = text.substr(sp + 1);
    if (unit_text == "secs" || unit_text == "sec") return n;
    if (unit_text == "min" || unit_text == "mins") return n * 60;
    if (unit_text == "hour" || unit_text == "hours") return n * 3600;
    if (unit_text == "day" || unit_text == "days") return n * 86400;
    if (unit_text == "week" || unit_text == "weeks") return n * 7 * 86400;
    if (unit_text == "month" || unit_text == "months") return n * 30 * 86400;
    return 0;
}

int64_t duration_seconds(std::string_view text) {
    auto sp = text.find(' ');
    if (sp == std::string_view::npos || sp + 2 != text.size()) return 0;
    int64_t n = 0;
    if (std::from_chars(text.data(), text.data() + sp, n).ec != std::errc() || n <= 0) return 0;
    switch (text.back()) {
        case 'S':
            return n;
        case 'D':
            return n * 86400;
        case 'W':
            return n * 7 * 86400;
        case 'M':
            return n * 30 * 86400;
        case 'Y':
            return n * 365 * 86400;
        default:
            return 0;
    }
}

std::string tws_time(int64_t epoch_seconds, bool date_only) {
    int64_t days = epoch_seconds >= 0 ? epoch_seconds / 86400 : (epoch_seconds - 86399) / 86400;
    int64_t sod = epoch_seconds - days * 86400;
    // civil_from_days (H. Hinnant)
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[96];
    if (date_only)
        std::snprintf(buf, sizeof buf, "%04lld%02lld%02lld", static_cast<long long>(y),
                      static_cast<long long>(m), static_cast<long long>(d));
    else
        std::snprintf(buf, sizeof buf, "%04lld%02lld%02lld %02lld:%02lld:%02lld", static_cast<long long>(y),
                      static_cast<long long>(m), static_cast<long long>(d),
                      static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                      static_cast<long long>(sod % 60));
    return buf;
}

}  // namespace robo::ibkr::sim
