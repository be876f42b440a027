// tests/quality/fault_injection_test.cpp — faults injected into copies of the real shared
// data are found, and the untouched data raises (almost) nothing.
//
// Each copy remembers where every fault went and which finding should name it:
//   spike      one record's prices multiplied by exp(+-U(a, b))      -> outlier
//   duplicate  a record repeated right after itself                 -> duplicate
//   swap       High<->Low of a bar, price<->size of a trade,
//              bid<->ask of a quote                                 -> ohlc_inconsistent / outlier /
//              crossed_quote
//   deletion   a record removed (not at a day boundary intraday)   -> gap (at the next record)
//   split      prices before a day multiplied by a split ratio and
//              volumes divided by it (a split un-adjusted back in)  -> split
// Recall = faults with their finding / faults. Precision = found faults / (found faults +
// findings that neither sit on a fault nor were already present in the untouched data).
// False-positive rate = findings on the untouched data, other than gaps that really are in
// the files and informational dividends, over its records. All seeded: deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "robo/data/quality/history.hpp"
#include "shared_csv.hpp"
#include "support/paths.hpp"

namespace robo::data::quality {
namespace {

enum class Fault { spike, duplicate, swap, deletion, split };

struct Injected {
    Fault kind;
    size_t at;  // index in the faulted copy where the finding should be
    Check expect;
};

template <class Record>
struct Faulted {
    std::vector<Record> records;
    std::vector<double> adj;   // daily only
    std::vector<long> origin;  // index in the untouched data, -1 for an inserted copy
    std::vector<Injected> faults;
};

struct Score {
    uint64_t injected = 0, found = 0, unexplained = 0;
    uint64_t clean_records = 0, clean_findings = 0, clean_gaps = 0;
    std::map<Fault, std::pair<uint64_t, uint64_t>> by_kind;  // found, injected
    std::vector<std::string> misses, false_alarms;

    double recall() const { return injected ? double(found) / double(injected) : 1.0; }
    double precision() const {
        return found + unexplained ? double(found) / double(found + unexplained) : 1.0;
    }
    double false_positive_rate() const {
        return clean_records ? double(clean_findings) / double(clean_records) : 0.0;
    }
};

const char* name(Fault f) {
    switch (f) {
        case Fault::spike:
            return "spike";
        case Fault::duplicate:
            return "duplicate";
        case Fault::swap:
            return "swap";
        case Fault::deletion:
            return "deletion";
        case Fault::split:
            return "split";
    }
    return "?";
}

// Findings that describe the data rather than accuse a record.
bool informational(const Finding& f) { return f.check == Check::dividend; }

// Compares the findings on a faulted copy with the injected faults and the untouched baseline.
template <class Record>
void score(const Faulted<Record>& copy, const HistoryReport& faulted, const HistoryReport& clean, Score& s,
           const std::string& label) {
    std::set<std::pair<long, Check>> baseline;
    for (const auto& f : clean.findings.findings()) baseline.insert({f.index, f.check});
    std::map<size_t, std::vector<Check>> at;
    for (const auto& f : faulted.findings.findings()) at[static_cast<size_t>(f.index)].push_back(f.check);

    std::set<size_t> fault_rows;
    for (const auto& fault : copy.faults) {
        fault_rows.insert(fault.at);
        ++s.injected;
        ++s.by_kind[fault.kind].second;
        const auto& checks = at[fault.at];
        if (std::find(checks.begin(), checks.end(), fault.expect) != checks.end()) {
            ++s.found;
            ++s.by_kind[fault.kind].first;
        } else {
            s.misses.push_back(label + " " + name(fault.kind) + " at " + std::to_string(fault.at));
        }
    }
    for (const auto& f : faulted.findings.findings()) {
        const auto i = static_cast<size_t>(f.index);
        if (informational(f) || fault_rows.count(i)) continue;
        if (copy.origin[i] >= 0 && baseline.count({copy.origin[i], f.check})) continue;
        ++s.unexplained;
        s.false_alarms.push_back(label + " " + f.describe());
    }
}

void score_clean(const HistoryReport& clean, Score& s) {
    s.clean_records += clean.counts.total;
    for (const auto& f : clean.findings.findings()) {
        if (informational(f)) continue;
        if (f.check == Check::gap)
            ++s.clean_gaps;
        else
            ++s.clean_findings;
    }
}

// Picks `n` fault rows, at least `spacing` apart and `margin` from the ends, that `ok` accepts.
template <class Ok>
std::vector<size_t> pick_rows(std::mt19937_64& rng, size_t size, size_t n, size_t spacing, size_t margin,
                              Ok ok) {
    std::vector<size_t> rows;
    if (size <= 2 * margin) return rows;
    std::uniform_int_distribution<size_t> pick(margin, size - margin - 1);
    for (int tries = 0; rows.size() < n && tries < 10'000; ++tries) {
        const size_t r = pick(rng);
        bool far = ok(r);
        for (size_t x : rows) far = far && (r > x ? r - x : x - r) >= spacing;
        if (far) rows.push_back(r);
    }
    return rows;
}

double spike_factor(std::mt19937_64& rng, double lo, double hi) {
    std::uniform_real_distribution<double> mag(lo, hi);
    return std::exp(rng() % 2 ? mag(rng) : -mag(rng));
}

Price scaled(Price p, double f) { return Price::from_double(p.to_double() * f); }

// Builds a faulted copy of bars: kinds[i] is applied at rows[i]; a split (if any) first.
Faulted<Bar> fault_bars(const std::vector<Bar>& bars, const std::vector<double>& adj, std::mt19937_64& rng,
                        std::vector<std::pair<size_t, Fault>> plan, double spike_lo, double spike_hi,
                        std::optional<std::pair<size_t, double>> split) {
    std::vector<Bar> src = bars;
    if (split) {
        const auto [day, ratio] = *split;
        for (size_t i = 0; i < day; ++i) {
            src[i].open = scaled(src[i].open, ratio);
            src[i].high = scaled(src[i].high, ratio);
            src[i].low = scaled(src[i].low, ratio);
            src[i].close = scaled(src[i].close, ratio);
            src[i].volume = Quantity::from_double(src[i].volume.to_double() / ratio);
        }
    }
    std::map<size_t, Fault> at(plan.begin(), plan.end());
    Faulted<Bar> out;
    for (size_t i = 0; i < src.size(); ++i) {
        auto it = at.find(i);
        if (split && i == split->first)
            out.faults.push_back({Fault::split, out.records.size(), Check::split});
        if (it == at.end()) {
            out.records.push_back(src[i]);
            if (!adj.empty()) out.adj.push_back(adj[i]);
            out.origin.push_back(static_cast<long>(i));
            continue;
        }
        Bar b = src[i];
        double a = adj.empty() ? 0 : adj[i];
        switch (it->second) {
            case Fault::deletion:
                out.faults.push_back({Fault::deletion, out.records.size(), Check::gap});
                continue;
            case Fault::spike: {
                const double f = spike_factor(rng, spike_lo, spike_hi);
                b.open = scaled(b.open, f), b.high = scaled(b.high, f), b.low = scaled(b.low, f);
                b.close = scaled(b.close, f);
                a *= f;  // a vendor derives Adj Close from the bad close
                out.faults.push_back({Fault::spike, out.records.size(), Check::outlier});
                break;
            }
            case Fault::swap:
                std::swap(b.high, b.low);
                out.faults.push_back({Fault::swap, out.records.size(), Check::ohlc_inconsistent});
                break;
            case Fault::duplicate:
                out.records.push_back(b);
                if (!adj.empty()) out.adj.push_back(a);
                out.origin.push_back(static_cast<long>(i));
                out.faults.push_back({Fault::duplicate, out.records.size(), Check::duplicate});
                out.records.push_back(b);
                if (!adj.empty()) out.adj.push_back(a);
                out.origin.push_back(-1);
                continue;
            case Fault::split:
                break;
        }
        out.records.push_back(b);
        if (!adj.empty()) out.adj.push_back(a);
        out.origin.push_back(static_cast<long>(i));
    }
    return out;
}

std::vector<std::pair<size_t, Fault>> plan_of(const std::vector<size_t>& rows,
                                              std::initializer_list<Fault> kinds) {
    std::vector<std::pair<size_t, Fault>> plan;
    size_t k = 0;
    for (size_t r : rows) plan.push_back({r, *(kinds.begin() + (k++ % kinds.size()))});
    return plan;
}

void print(const char* what, const Score& s) {
    std::printf(
        "[fault injection] %s: %llu faults, recall %.4f, precision %.4f; untouched: %llu records, "
        "%llu findings (FPR %.5f), %llu real gaps\n",
        what, (unsigned long long)s.injected, s.recall(), s.precision(), (unsigned long long)s.clean_records,
        (unsigned long long)s.clean_findings, s.false_positive_rate(), (unsigned long long)s.clean_gaps);
    for (const auto& [kind, fi] : s.by_kind)
        std::printf("[fault injection]   %-9s %llu/%llu found\n", name(kind), (unsigned long long)fi.first,
                    (unsigned long long)fi.second);
    for (size_t i = 0; i < s.misses.size() && i < 10; ++i) std::printf("  missed: %s\n", s.misses[i].c_str());
    for (size_t i = 0; i < s.false_alarms.size() && i < 10; ++i)
        std::printf("  false alarm: %s\n", s.false_alarms[i].c_str());
}

const Timestamp now = from_civil(2030, 1, 1);

TEST(FaultInjection, DailyHistoriesSpikesDuplicatesSwapsDeletionsAndSplitsAreFound) {
    ROBO_REQUIRE_SHARED_DATA();
    std::mt19937_64 rng(20240611);
    const std::vector<double> ratios{2, 3, 4, 1.5, 7, 0.5, 0.2, 0.1};
    HistoryRules rules;
    Score s;
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(test::shared_data_dir() / "daily")) {
        const auto series = test::read_daily(e.path(), e.path().stem().string().substr(0, 15));
        const auto& bars = series.bars;
        const auto clean = validate_bars(bars, series.adj_close, rules, now);
        score_clean(clean, s);

        // The split sits mid-history; the other faults keep clear of it and of each other.
        const size_t split_day = bars.size() / 3 + static_cast<size_t>(rng() % (bars.size() / 3));
        const double ratio = ratios[rng() % ratios.size()];
        const auto rows = pick_rows(rng, bars.size(), 5, 8, 20, [&](size_t r) {
            return (r > split_day ? r - split_day : split_day - r) > 12 && bars[r].high > bars[r].low;
        });
        const auto copy = fault_bars(
            bars, series.adj_close, rng,
            plan_of(rows, {Fault::spike, Fault::duplicate, Fault::swap, Fault::deletion, Fault::spike}), 0.3,
            1.0, std::pair{split_day, ratio});
        const auto faulted = validate_bars(copy.records, copy.adj, rules, now);
        score(copy, faulted, clean, s, e.path().filename().string());
        ++files;
    }
    print("daily", s);
    EXPECT_GT(files, 60u);
    EXPECT_GE(s.recall(), 0.99);
    EXPECT_GE(s.precision(), 0.99);
    EXPECT_LE(s.false_positive_rate(), 0.001);
}

// The shared intraday bars are European index data stamped in local time: no calendar.
HistoryRules unknown_market() {
    HistoryRules rules;
    rules.gate.calendar = nullptr;
    return rules;
}

TEST(FaultInjection, IntradayBarsSpikesDuplicatesSwapsAndDeletionsAreFound) {
    ROBO_REQUIRE_SHARED_DATA();
    std::mt19937_64 rng(7);
    const auto rules = unknown_market();
    Score s;
    for (auto [file, tf, n] : {std::tuple{"index-future-2006-1min.csv", Timeframe::m1, size_t{160}},
                               std::tuple{"index-2006-5min.csv", Timeframe::m5, size_t{40}}}) {
        const auto bars = test::read_intraday_bars(test::shared_data_dir() / "intraday" / file, "FESX", tf);
        const auto clean = validate_bars(bars, {}, rules, now);
        score_clean(clean, s);
        // A deletion at a day's edge cannot be seen without the market's hours: stay inside days.
        const auto same_day = [&](size_t r) {
            using std::chrono::days;
            return std::chrono::floor<days>(bars[r - 1].start) ==
                       std::chrono::floor<days>(bars[r + 1].start) &&
                   bars[r].high > bars[r].low;
        };
        const auto rows = pick_rows(rng, bars.size(), n, 6, 10, same_day);
        const auto copy = fault_bars(
            bars, {}, rng, plan_of(rows, {Fault::spike, Fault::duplicate, Fault::swap, Fault::deletion}),
            0.01, 0.05, std::nullopt);
        score(copy, validate_bars(copy.records, {}, rules, now), clean, s, file);
    }
    print("intraday bars", s);
    EXPECT_GE(s.recall(), 0.99);
    EXPECT_GE(s.precision(), 0.99);
    EXPECT_LE(s.false_positive_rate(), 0.001);
}

// Trades: the real tick sample, and a denser trade stream made of the futures' minute closes.
TEST(FaultInjection, TradeSpikesDuplicatesAndSwappedPriceAndSizeAreFound) {
    ROBO_REQUIRE_SHARED_DATA();
    std::mt19937_64 rng(11);
    const auto rules = unknown_market();
    std::vector<std::vector<Tick>> streams{
        test::read_ticks(test::shared_data_dir() / "intraday" / "ticksample.csv", "FESX")};
    {
        std::vector<Tick> minute_trades;
        for (const auto& b : test::read_intraday_bars(
                 test::shared_data_dir() / "intraday" / "index-future-2006-1min.csv", "FESX", Timeframe::m1))
            if (b.volume.raw() > 0)
                minute_trades.push_back(
                    Tick{b.symbol, b.start + std::chrono::seconds(59), b.close, b.volume});
        streams.push_back(std::move(minute_trades));
    }
    Score s;
    for (const auto& ticks : streams) {
        const auto clean = validate_ticks(ticks, rules, now);
        score_clean(clean, s);
        const auto rows = pick_rows(rng, ticks.size(), ticks.size() < 1000 ? 9 : 150, 6, 10, [&](size_t r) {
            return std::fabs(ticks[r].size.to_double() / ticks[r].price.to_double() - 1) > 0.05;
        });
        Faulted<Tick> copy;
        std::map<size_t, Fault> plan;
        for (const auto& [r, k] : plan_of(rows, {Fault::spike, Fault::duplicate, Fault::swap})) plan[r] = k;
        for (size_t i = 0; i < ticks.size(); ++i) {
            Tick t = ticks[i];
            auto it = plan.find(i);
            if (it != plan.end() && it->second == Fault::spike) {
                t.price = scaled(t.price, spike_factor(rng, 0.01, 0.05));
                copy.faults.push_back({Fault::spike, copy.records.size(), Check::outlier});
            } else if (it != plan.end() && it->second == Fault::swap) {
                t.price = Price::from_double(ticks[i].size.to_double());
                t.size = Quantity::from_double(ticks[i].price.to_double());
                copy.faults.push_back({Fault::swap, copy.records.size(), Check::outlier});
            }
            copy.records.push_back(t);
            copy.origin.push_back(static_cast<long>(i));
            if (it != plan.end() && it->second == Fault::duplicate) {
                copy.faults.push_back({Fault::duplicate, copy.records.size(), Check::duplicate});
                copy.records.push_back(t);
                copy.origin.push_back(-1);
            }
        }
        score(copy, validate_ticks(copy.records, rules, now), clean, s, "ticks");
    }
    print("trades", s);
    EXPECT_GE(s.recall(), 0.99);
    EXPECT_GE(s.precision(), 0.99);
    EXPECT_LE(s.false_positive_rate(), 0.001);
}

// Quotes: one-point-wide quotes around the futures' minute closes (the shared bid/ask sample
// has 10 rows), with crossed (bid<->ask swapped), duplicated and spiked quotes.
TEST(FaultInjection, CrossedDuplicatedAndSpikedQuotesAreFound) {
    ROBO_REQUIRE_SHARED_DATA();
    std::mt19937_64 rng(13);
    const auto rules = unknown_market();
    std::vector<Quote> quotes;
    for (const auto& b : test::read_intraday_bars(
             test::shared_data_dir() / "intraday" / "index-future-2006-1min.csv", "FESX", Timeframe::m1))
        quotes.push_back(Quote{b.symbol, b.start + std::chrono::seconds(59), b.close,
                               b.close + Price::from_units(1), Quantity::from_units(10),
                               Quantity::from_units(12)});
    Score s;
    const auto clean = validate_quotes(quotes, rules, now);
    score_clean(clean, s);
    std::map<size_t, Fault> plan;
    for (const auto& [r, k] : plan_of(pick_rows(rng, quotes.size(), 150, 6, 10, [](size_t) { return true; }),
                                      {Fault::spike, Fault::duplicate, Fault::swap}))
        plan[r] = k;
    Faulted<Quote> copy;
    for (size_t i = 0; i < quotes.size(); ++i) {
        Quote q = quotes[i];
        auto it = plan.find(i);
        if (it != plan.end() && it->second == Fault::spike) {
            const double f = spike_factor(rng, 0.01, 0.05);
            q.bid = scaled(q.bid, f);
            q.ask = q.bid + Price::from_units(1);
            copy.faults.push_back({Fault::spike, copy.records.size(), Check::outlier});
        } else if (it != plan.end() && it->second == Fault::swap) {
            std::swap(q.bid, q.ask);
            copy.faults.push_back({Fault::swap, copy.records.size(), Check::crossed_quote});
        }
        copy.records.push_back(q);
        copy.origin.push_back(static_cast<long>(i));
        if (it != plan.end() && it->second == Fault::duplicate) {
            copy.faults.push_back({Fault::duplicate, copy.records.size(), Check::duplicate});
            copy.records.push_back(q);
            copy.origin.push_back(-1);
        }
    }
    score(copy, validate_quotes(copy.records, rules, now), clean, s, "quotes");
    print("quotes", s);
    EXPECT_GE(s.recall(), 0.99);
    EXPECT_GE(s.precision(), 0.99);
    EXPECT_LE(s.false_positive_rate(), 0.001);
}

}  // namespace
}  // namespace robo::data::quality

namespace robo::data::quality {
namespace {

// The live gate cannot look ahead: it judges each trade against the robust band of the
// trades before it (robust_band.hpp). Same faults, same data, measured the same way.
TEST(FaultInjection, TheCausalLiveGateFindsTradeFaultsToo) {
    ROBO_REQUIRE_SHARED_DATA();
    std::mt19937_64 rng(17);
    QualityRules rules;
    rules.calendar = nullptr;
    std::vector<Tick> ticks;
    for (const auto& b : test::read_intraday_bars(
             test::shared_data_dir() / "intraday" / "index-future-2006-1min.csv", "FESX", Timeframe::m1))
        if (b.volume.raw() > 0)
            ticks.push_back(Tick{b.symbol, b.start + std::chrono::seconds(59), b.close, b.volume});

    auto run = [&](const std::vector<Tick>& stream) {
        HistoryReport r;
        Validator gate(rules, &r.findings);
        for (const auto& t : stream) r.actions.push_back(gate.check(t, now));
        for (auto a : r.actions) r.counts.add(a);
        return r;
    };
    Score s;
    const auto clean = run(ticks);
    score_clean(clean, s);
    std::map<size_t, Fault> plan;
    for (const auto& [r, k] :
         plan_of(pick_rows(rng, ticks.size(), 150, 40, 40,
                           [&](size_t r) {
                               return std::fabs(ticks[r].size.to_double() / ticks[r].price.to_double() - 1) >
                                      0.05;
                           }),
                 {Fault::spike, Fault::duplicate, Fault::swap}))
        plan[r] = k;
    Faulted<Tick> copy;
    for (size_t i = 0; i < ticks.size(); ++i) {
        Tick t = ticks[i];
        auto it = plan.find(i);
        if (it != plan.end() && it->second == Fault::spike) {
            t.price = scaled(t.price, spike_factor(rng, 0.01, 0.05));
            copy.faults.push_back({Fault::spike, copy.records.size(), Check::outlier});
        } else if (it != plan.end() && it->second == Fault::swap) {
            t.price = Price::from_double(ticks[i].size.to_double());
            t.size = Quantity::from_double(ticks[i].price.to_double());
            copy.faults.push_back({Fault::swap, copy.records.size(), Check::outlier});
        }
        copy.records.push_back(t);
        copy.origin.push_back(static_cast<long>(i));
        if (it != plan.end() && it->second == Fault::duplicate) {
            copy.faults.push_back({Fault::duplicate, copy.records.size(), Check::duplicate});
            copy.records.push_back(t);
            copy.origin.push_back(-1);
        }
    }
    score(copy, run(copy.records), clean, s, "live trades");
    print("live gate, trades", s);
    // Minute closes move far more per step than consecutive real trades, and without look-
    // ahead a 1 % spike and a 1 % real move look the same: the bar here is 98 %, not 99 %.
    EXPECT_GE(s.recall(), 0.98);
    EXPECT_GE(s.precision(), 0.98);
    EXPECT_LE(s.false_positive_rate(), 0.0005);
}

}  // namespace
}  // namespace robo::data::quality
