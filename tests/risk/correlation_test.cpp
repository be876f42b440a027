// The rolling correlation tracker: incremental running sums agree with a plain two-pass
// computation (synthetic data with gaps, and the 60 shared daily symbols), the minimum
// observation rule on both sides, and the diversification measures.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <string>

#include "robo/data/files/readers.hpp"
#include "robo/risk/correlation.hpp"
#include "support/paths.hpp"

namespace robo::risk::test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "S0", "S1", ... (fmt rather than string + to_string: g++ 12 warns falsely on the latter).
Symbol nth(size_t i) { return Symbol(fmt::format("S{}", i)); }

Timestamp day(int i) { return from_civil(2020, 1, 1) + std::chrono::hours(24) * i; }

// Plain two-pass Pearson correlation over rows [first, last) of a returns table (NaN =
// missing), using the rows where both are present; NaN below min_obs or when constant.
double two_pass(const std::vector<std::vector<double>>& r, size_t i, size_t j, size_t first, size_t last,
                int min_obs) {
    std::vector<std::pair<double, double>> xy;
    for (size_t t = first; t < last; ++t)
        if (!std::isnan(r[t][i]) && !std::isnan(r[t][j])) xy.emplace_back(r[t][i], r[t][j]);
    if (static_cast<int>(xy.size()) < min_obs) return kNaN;
    double mx = 0, my = 0;
    for (auto [x, y] : xy) mx += x, my += y;
    mx /= static_cast<double>(xy.size());
    my /= static_cast<double>(xy.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (auto [x, y] : xy) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx), syy += (y - my) * (y - my);
    if (sxx == 0 || syy == 0) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

// Returns as the tracker defines them: close / previous observed close - 1.
std::vector<std::vector<double>> returns_of(const std::vector<std::vector<double>>& closes) {
    size_t n = closes.empty() ? 0 : closes[0].size();
    std::vector<double> prev(n, kNaN);
    std::vector<std::vector<double>> out;
    for (const auto& row : closes) {
        std::vector<double> r(n, kNaN);
        for (size_t i = 0; i < n; ++i) {
            if (std::isnan(row[i])) continue;
            if (!std::isnan(prev[i])) r[i] = row[i] / prev[i] - 1;
            prev[i] = row[i];
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<Symbol> names(size_t n) {
    std::vector<Symbol> s;
    for (size_t i = 0; i < n; ++i) s.push_back(nth(i));
    return s;
}

// Feeds a table of closes (rows = days, NaN = no bar) and checks every pair against the
// two-pass reference before each new row.
void expect_matches_two_pass(const std::vector<std::vector<double>>& closes, const std::vector<Symbol>& syms,
                             CorrelationOptions opt, size_t check_every, double tol) {
    CorrelationTracker tracker(opt);
    auto r = returns_of(closes);
    size_t checked = 0;
    for (size_t t = 0; t <= closes.size(); ++t) {
        // Rows commit when a later timestamp arrives; at a checkpoint flush() commits row
        // t-1 so that rows 0..t-1 are in.
        if (t > 0 && (t % check_every == 0 || t == closes.size())) {
            tracker.flush();
            size_t first = t > static_cast<size_t>(opt.window) ? t - static_cast<size_t>(opt.window) : 0;
            for (size_t i = 0; i < syms.size(); ++i)
                for (size_t j = 0; j < syms.size(); ++j) {
                    auto ti = tracker.index_of(syms[i]), tj = tracker.index_of(syms[j]);
                    double got = ti && tj ? tracker.correlation(*ti, *tj) : kNaN;
                    double want = i == j && !std::isnan(two_pass(r, i, j, first, t, opt.min_observations))
                                      ? 1.0
                                      : two_pass(r, i, j, first, t, opt.min_observations);
                    if (std::isnan(want)) {
                        EXPECT_TRUE(std::isnan(got))
                            << "row " << t << " pair " << i << "," << j << " got " << got;
                    } else {
                        ASSERT_NEAR(got, want, tol)
                            << "row " << t << " pair " << syms[i].view() << "," << syms[j].view();
                    }
                    ++checked;
                }
        }
        if (t == closes.size()) break;
        for (size_t i = 0; i < syms.size(); ++i)
            if (!std::isnan(closes[t][i])) tracker.on_close(syms[i], day(static_cast<int>(t)), closes[t][i]);
    }
    EXPECT_GT(checked, 0u);
}

std::vector<std::vector<double>> random_walks(size_t rows, size_t n, double missing, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> shock(0, 0.01);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> price(n, 100);
    std::vector<std::vector<double>> out;
    for (size_t t = 0; t < rows; ++t) {
        double market = shock(rng);
        std::vector<double> row(n);
        for (size_t i = 0; i < n; ++i) {
            double beta = 0.3 + 0.1 * static_cast<double>(i % 7);
            price[i] *= 1 + beta * market + shock(rng);
            row[i] = u(rng) < missing ? kNaN : price[i];
        }
        out.push_back(std::move(row));
    }
    return out;
}

TEST(Correlation, IncrementalSumsMatchTwoPassOnRandomWalksWithGaps) {
    auto closes = random_walks(400, 12, 0.08, 7);
    expect_matches_two_pass(closes, names(12), {60, 30, 600}, 7, 1e-10);
}

TEST(Correlation, WithoutPeriodicRebuildTheDriftStaysNegligible) {
    auto closes = random_walks(3000, 6, 0.05, 11);
    expect_matches_two_pass(closes, names(6), {60, 30, 0}, 500, 1e-9);
}

// The tracker's sums written the plain way: four full n x n matrices, every entry updated by
// its own column's case in every committed row, rebuilt by the same products. The tracker
// keeps N, SX and SXX once per class of equal columns and SXY's upper triangle only; its
// correlations must have exactly these bits (both are economies, not approximations).
class PlainSums {
public:
    explicit PlainSums(CorrelationOptions o) : o_(o), ring_x_(0, o.window), ring_m_(0, o.window) {}
    void add_row(const std::vector<double>& x, const std::vector<double>& m) {  // m: 0 or 1
        const auto n = static_cast<Eigen::Index>(x.size());
        if (n > N_.rows()) {
            for (auto* a : {&N_, &SX_, &SXX_, &SXY_}) a->conservativeResizeLike(Eigen::MatrixXd::Zero(n, n));
            for (auto* a : {&ring_x_, &ring_m_})
                a->conservativeResizeLike(Eigen::MatrixXd::Zero(n, o_.window));
        }
        const bool evict = count_ == o_.window;
        const double e = evict ? 1.0 : 0.0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const double mj = m[size_t(j)], moj = evict ? ring_m_(j, head_) : 0.0;
            if (mj == 0.0 && moj == 0.0) continue;
            const double xj = x[size_t(j)], xoj = ring_x_(j, head_);
            for (Eigen::Index i = 0; i < n; ++i) {
                const double mi = m[size_t(i)], xi = x[size_t(i)], xoi = ring_x_(i, head_),
                             moi = ring_m_(i, head_);
                const double exo = -e * xoi, emo = -e * moi;
                N_(i, j) += mi * mj + emo * moj;
                SX_(i, j) += xi * mj + exo * moj;
                SXX_(i, j) += xi * xi * mj + exo * xoi * moj;
                SXY_(i, j) += xi * xj + exo * xoj;
            }
        }
        for (Eigen::Index i = 0; i < n; ++i)
            ring_x_(i, head_) = x[size_t(i)], ring_m_(i, head_) = m[size_t(i)];
        head_ = (head_ + 1) % o_.window;
        if (!evict) ++count_;
        if (o_.rebuild_every > 0 && ++since_ >= o_.rebuild_every) {
            since_ = 0;
            auto X = ring_x_.topRows(n);
            auto M = ring_m_.topRows(n);
            N_.topLeftCorner(n, n).noalias() = M * M.transpose();
            SX_.topLeftCorner(n, n).noalias() = X * M.transpose();
            SXX_.topLeftCorner(n, n).noalias() = X.cwiseProduct(X) * M.transpose();
            SXY_.topLeftCorner(n, n).noalias() = X * X.transpose();
        }
    }
    // The tracker's formula (CorrelationTracker::from_sums), with SXY read from its upper
    // triangle: a rebuild's product X X^T is not always symmetric to the bit, and the tracker
    // reads (min, max) so that correlation(i, j) and (j, i) are one number.
    double correlation(Eigen::Index i, Eigen::Index j) const {
        const double n = std::round(N_(i, j));
        if (n < o_.min_observations) return kNaN;
        const double sx = SX_(i, j), sy = SX_(j, i), sxx = SXX_(i, j), syy = SXX_(j, i);
        const double vx = n * sxx - sx * sx, vy = n * syy - sy * sy;
        if (!(vx > 1e-12 * n * sxx) || !(vy > 1e-12 * n * syy)) return kNaN;
        const double sxy = SXY_(std::min(i, j), std::max(i, j));
        return std::clamp((n * sxy - sx * sy) / std::sqrt(vx * vy), -1.0, 1.0);
    }
    double observations(Eigen::Index i, Eigen::Index j) const { return N_(i, j); }

private:
    CorrelationOptions o_;
    Eigen::MatrixXd N_, SX_, SXX_, SXY_, ring_x_, ring_m_;
    int head_ = 0, count_ = 0, since_ = 0;
};

// Symbols present in the same rows share their sums; gaps, late symbols and one that stops
// split them, rebuilds regroup them. Every correlation keeps the plain sums' bits.
TEST(Correlation, SumsKeptPerClassOfEqualColumnsHaveThePlainSumsBits) {
    for (const CorrelationOptions o :
         {CorrelationOptions{60, 30, 600}, CorrelationOptions{10, 5, 7}, CorrelationOptions{20, 10, 0}}) {
        const size_t n = 16;
        CorrelationTracker tracker(o);
        PlainSums plain(o);
        std::mt19937_64 rng(5);
        std::normal_distribution<double> shock(0, 0.01);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<double> price(n, 100.0), last(n, kNaN);
        size_t compared = 0;
        for (int t = 0; t < 900; ++t) {
            std::vector<double> x(n, 0.0), m(n, 0.0);
            for (size_t i = 0; i < n; ++i) {
                const bool late = i >= 12 && t < 100 + 40 * int(i - 12);
                const bool stopped = i == 3 && t > 600;
                const bool gap = t > 300 && t < 500 && u(rng) < 0.05;
                if (late || stopped || gap) continue;
                price[i] *= 1 + shock(rng);
                ASSERT_TRUE(tracker.on_close(nth(i), day(t), price[i]));
                if (!std::isnan(last[i])) x[i] = price[i] / last[i] - 1.0, m[i] = 1.0;
                last[i] = price[i];
            }
            tracker.flush();
            // The plain sums index symbols as the tracker does (in order of first close).
            std::vector<double> xs(size_t(tracker.size()), 0.0), ms(size_t(tracker.size()), 0.0);
            for (int k = 0; k < tracker.size(); ++k) {
                const size_t i = std::stoul(std::string(tracker.symbol_at(k).view().substr(1)));
                xs[size_t(k)] = x[i];
                ms[size_t(k)] = m[i];
            }
            plain.add_row(xs, ms);
            if (t % 91 == 0) {  // the whole matrix: the same numbers (the diagonal says 1 when known)
                const Eigen::MatrixXd all = tracker.matrix();
                for (int i = 0; i < tracker.size(); ++i)
                    for (int j = 0; j < tracker.size(); ++j) {
                        const double want =
                            i == j && !std::isnan(plain.correlation(i, i)) ? 1.0 : plain.correlation(i, j);
                        ASSERT_TRUE(std::isnan(want) ? std::isnan(all(i, j)) : all(i, j) == want)
                            << "matrix at row " << t << " pair " << i << "," << j;
                    }
            }
            if (t % 13 != 0) continue;
            for (int i = 0; i < tracker.size(); ++i)
                for (int j = 0; j < tracker.size(); ++j) {
                    const double got = tracker.correlation(i, j), want = plain.correlation(i, j);
                    ASSERT_TRUE(std::isnan(want) ? std::isnan(got) : got == want)
                        << "window " << o.window << " rebuild every " << o.rebuild_every << ", row " << t
                        << " pair " << i << "," << j << ": " << got << " vs " << want;
                    ASSERT_EQ(tracker.observations(i, j), int(std::lround(plain.observations(i, j))));
                    const double back = tracker.correlation(j, i);  // one number per pair
                    ASSERT_TRUE(std::isnan(got) ? std::isnan(back)
                                                : std::memcmp(&got, &back, sizeof got) == 0);
                    ++compared;
                }
        }
        EXPECT_GT(compared, 10'000u);
    }
}

TEST(Correlation, AFullRebuildGivesTheSameMatrixAsTheRunningSums) {
    auto closes = random_walks(150, 8, 0.1, 3);
    auto syms = names(8);
    CorrelationTracker tracker;
    for (size_t t = 0; t < closes.size(); ++t)
        for (size_t i = 0; i < syms.size(); ++i)
            if (!std::isnan(closes[t][i])) tracker.on_close(syms[i], day(static_cast<int>(t)), closes[t][i]);
    tracker.flush();
    Eigen::MatrixXd incremental = tracker.matrix();
    tracker.rebuild();
    Eigen::MatrixXd full = tracker.matrix();
    for (Eigen::Index i = 0; i < full.rows(); ++i)
        for (Eigen::Index j = 0; j < full.cols(); ++j) EXPECT_NEAR(incremental(i, j), full(i, j), 1e-12);
}

// --- the 60 shared daily symbols ---------------------------------------------------------

struct DailyCloses {
    std::vector<Symbol> symbols;
    std::vector<Timestamp> dates;
    std::vector<std::vector<double>> closes;  // [date][symbol], NaN when missing
};

// The 60 shared daily files through the project's CSV reader (long-* files skipped),
// joined on the bar's start (an outer join, as pandas does).
DailyCloses load_shared_daily() {
    auto dir = robo::test::shared_data_dir() / "daily";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        auto name = e.path().filename().string();
        if (e.path().extension() == ".csv" && name.rfind("long-", 0) != 0) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::map<Timestamp, std::map<size_t, double>> by_date;
    DailyCloses out;
    for (size_t k = 0; k < files.size(); ++k) {
        data::BarFile f = data::read_bar_file(files[k]);
        // A row the reader cannot use (one in DIS.csv) is quarantined, not dropped silently.
        EXPECT_EQ(f.bars.size() + f.rejected.size(), f.rows_read) << files[k];
        out.symbols.push_back(f.symbol);
        for (const Bar& bar : f.bars) by_date[bar.start][k] = bar.close.to_double();
    }
    for (auto& [date, row] : by_date) {
        out.dates.push_back(date);
        std::vector<double> r(files.size(), kNaN);
        for (auto [k, c] : row) r[k] = c;
        out.closes.push_back(std::move(r));
    }
    return out;
}

const DailyCloses& shared_daily() {
    static const DailyCloses d = load_shared_daily();
    return d;
}

TEST(Correlation, MatchesTwoPassOnTheSixtySharedDailySymbols) {
    ROBO_REQUIRE_SHARED_DATA();
    const DailyCloses& d = shared_daily();
    ASSERT_EQ(d.symbols.size(), 60u);
    ASSERT_EQ(d.dates.size(), 1259u);  // 2015-01-12 .. 2020-01-10, outer join on Date
    expect_matches_two_pass(d.closes, d.symbols, {60, 30, 600}, 97, 1e-10);
}

TEST(Correlation, SharedDataHasKnownHighlyCorrelatedPairs) {
    ROBO_REQUIRE_SHARED_DATA();
    const DailyCloses& d = shared_daily();
    CorrelationTracker tracker;
    for (size_t t = 0; t < d.dates.size(); ++t)
        for (size_t i = 0; i < d.symbols.size(); ++i)
            if (!std::isnan(d.closes[t][i])) tracker.on_close(d.symbols[i], d.dates[t], d.closes[t][i]);
    tracker.flush();
    auto pairs = tracker.high_pairs(0.7);
    ASSERT_FALSE(pairs.empty());
    for (size_t k = 1; k < pairs.size(); ++k)
        EXPECT_GE(std::abs(pairs[k - 1].correlation), std::abs(pairs[k].correlation));
    // Banks move together: the most correlated pairs of the last 60 days include two of them.
    bool banks = false;
    auto bank = [](Symbol s) {
        return s == Symbol("JPM") || s == Symbol("BAC") || s == Symbol("C") || s == Symbol("WFC") ||
               s == Symbol("GS") || s == Symbol("MS");
    };
    for (const auto& p : pairs) banks |= bank(p.a) && bank(p.b);
    EXPECT_TRUE(banks);
    double bets = tracker.effective_bets();
    EXPECT_GT(bets, 1.0);
    EXPECT_LT(bets, 60.0);
}

// The pandas peer (../shared/peers/pandas/pandas_corr.py, K=50) prints the mean
// off-diagonal correlation of prices.pct_change().tail(60).corr() over the first 50 files:
// 0.1419610855. To compare like with like, the input is made what pandas sees: the
// project's reader quarantines DIS's last row (2020-01-10: High 145.5 below Open 146.47),
// whose Close pandas keeps, so that close is put back; and pct_change() pads missing days
// (JNJ lacks 2019-11-19, -20 and -22, inside the window), so closes are carried forward.
TEST(Correlation, AgreesWithThePandasPeerOnTheFirstFiftySymbols) {
    ROBO_REQUIRE_SHARED_DATA();
    DailyCloses d = shared_daily();
    const size_t dis =
        static_cast<size_t>(std::find(d.symbols.begin(), d.symbols.end(), Symbol("DIS")) - d.symbols.begin());
    ASSERT_LT(dis, 50u);
    ASSERT_EQ(format_date(d.dates.back()), "2020-01-10");
    ASSERT_TRUE(std::isnan(d.closes.back()[dis]));
    d.closes.back()[dis] = 144.6199951171875;
    for (size_t t = 1; t < d.closes.size(); ++t)
        for (size_t i = 0; i < d.symbols.size(); ++i)
            if (std::isnan(d.closes[t][i])) d.closes[t][i] = d.closes[t - 1][i];
    CorrelationTracker tracker;
    for (size_t t = 0; t < d.dates.size(); ++t)
        for (size_t i = 0; i < 50; ++i)
            if (!std::isnan(d.closes[t][i])) tracker.on_close(d.symbols[i], d.dates[t], d.closes[t][i]);
    tracker.flush();
    Eigen::MatrixXd c = tracker.matrix();
    ASSERT_EQ(c.rows(), 50);
    ASSERT_FALSE(c.hasNaN());
    const double mean_offdiag = (c.sum() - c.trace()) / (50.0 * 49.0);
    EXPECT_NEAR(mean_offdiag, 0.1419610855, 5e-11);
}

// --- rules ---------------------------------------------------------------------------------

// Feeds two symbols whose returns are given, one row per return.
void feed_returns(CorrelationTracker& t, const std::vector<double>& ra, const std::vector<double>& rb) {
    double a = 100, b = 100;
    t.on_close(Symbol("A"), day(0), a);
    t.on_close(Symbol("B"), day(0), b);
    for (size_t k = 0; k < ra.size(); ++k) {
        a *= 1 + ra[k];
        b *= 1 + rb[k];
        t.on_close(Symbol("A"), day(static_cast<int>(k) + 1), a);
        t.on_close(Symbol("B"), day(static_cast<int>(k) + 1), b);
    }
    t.flush();
}

std::vector<double> noise(size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> d(0, 0.01);
    std::vector<double> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

TEST(Correlation, ExactlyMinObservationsIsEnoughAndOneFewerIsUnknown) {
    auto ra = noise(30, 1);
    std::vector<double> rb = ra;
    CorrelationTracker at_min({60, 30, 600});
    feed_returns(at_min, ra, rb);
    EXPECT_EQ(at_min.observations(0, 1), 30);
    ASSERT_TRUE(at_min.correlation(Symbol("A"), Symbol("B")));
    EXPECT_NEAR(*at_min.correlation(Symbol("A"), Symbol("B")), 1.0, 1e-12);

    CorrelationTracker below({60, 30, 600});
    feed_returns(below, std::vector<double>(ra.begin(), ra.end() - 1),
                 std::vector<double>(rb.begin(), rb.end() - 1));
    EXPECT_EQ(below.observations(0, 1), 29);
    EXPECT_FALSE(below.correlation(Symbol("A"), Symbol("B")));
}

TEST(Correlation, OppositeReturnsGiveMinusOne) {
    auto ra = noise(60, 2);
    std::vector<double> rb;
    for (double x : ra) rb.push_back(-x);
    CorrelationTracker t;
    feed_returns(t, ra, rb);
    EXPECT_NEAR(*t.correlation(Symbol("A"), Symbol("B")), -1.0, 1e-12);
}

TEST(Correlation, AConstantSeriesHasNoCorrelation) {
    CorrelationTracker t;
    feed_returns(t, noise(60, 3), std::vector<double>(60, 0.0));
    EXPECT_FALSE(t.correlation(Symbol("A"), Symbol("B")));
    EXPECT_TRUE(std::isnan(t.matrix()(1, 1)));
}

TEST(Correlation, TheWindowKeepsOnlyTheLastRows) {
    CorrelationTracker t({60, 30, 600});
    feed_returns(t, noise(200, 4), noise(200, 5));
    EXPECT_EQ(t.rows_in_window(), 60);
    EXPECT_EQ(t.observations(0, 1), 60);
    EXPECT_EQ(t.rows_committed(), 201);
}

TEST(Correlation, BadClosesAndLateTimestampsAreQuarantinedAndCounted) {
    CorrelationTracker t;
    EXPECT_TRUE(t.on_close(Symbol("A"), day(5), 100));
    EXPECT_FALSE(t.on_close(Symbol("A"), day(4), 101));  // older than the row being built
    EXPECT_FALSE(t.on_close(Symbol("B"), day(5), -1));   // not a price
    EXPECT_FALSE(t.on_close(Symbol("B"), day(5), NAN));  // not a number
    EXPECT_FALSE(t.on_close(Symbol("A"), day(5), 102));  // second close in the same row
    EXPECT_EQ(t.quarantined(), 4);
}

TEST(Correlation, EffectiveBetsCountIndependentAndIdenticalSymbols) {
    CorrelationTracker t;
    std::vector<std::vector<double>> rs;
    for (unsigned s = 0; s < 4; ++s) rs.push_back(noise(80, 100 + s));
    std::vector<double> p(4, 100);
    for (size_t k = 0; k <= 80; ++k)
        for (size_t s = 0; s < 4; ++s) {
            if (k > 0) p[s] *= 1 + rs[s][k - 1];
            t.on_close(nth(s), day(static_cast<int>(k)), p[s]);
        }
    t.flush();
    EXPECT_NEAR(t.effective_bets(), 4.0, 0.3);  // sample noise keeps it a little under 4

    CorrelationTracker same;
    auto r = noise(80, 9);
    double q = 100;
    for (size_t k = 0; k <= 80; ++k) {
        if (k > 0) q *= 1 + r[k - 1];
        for (int s = 0; s < 4; ++s) same.on_close(nth(s), day(static_cast<int>(k)), q);
    }
    same.flush();
    EXPECT_NEAR(same.effective_bets(), 1.0, 1e-6);
}

TEST(Correlation, WeightedAverageCorrelationWeighsPairsByExposure) {
    CorrelationTracker t;
    auto ra = noise(60, 20);
    std::vector<double> rb;
    for (double x : ra) rb.push_back(-x);
    feed_returns(t, ra, rb);  // A and B: -1
    std::vector<std::pair<Symbol, double>> w{{Symbol("A"), 1000}, {Symbol("B"), -500}, {Symbol("ZZZ"), 7}};
    EXPECT_NEAR(t.weighted_average_correlation(w), -1.0, 1e-12);  // ZZZ unknown: ignored
    std::vector<std::pair<Symbol, double>> alone{{Symbol("A"), 1000}};
    EXPECT_TRUE(std::isnan(t.weighted_average_correlation(alone)));
}

TEST(Correlation, ASymbolAddedLateUsesOnlyItsOwnRows) {
    CorrelationTracker t;
    auto ra = noise(100, 30);
    double a = 100, b = 50;
    for (size_t k = 0; k < ra.size(); ++k) {
        a *= 1 + ra[k];
        t.on_close(Symbol("A"), day(static_cast<int>(k)), a);
        if (k >= 60) {
            b *= 1 + ra[k];
            t.on_close(Symbol("B"), day(static_cast<int>(k)), b);
        }
    }
    t.flush();
    EXPECT_EQ(t.observations(0, 1), 39);  // B's first close has no return
    EXPECT_NEAR(*t.correlation(Symbol("A"), Symbol("B")), 1.0, 1e-12);
}

}  // namespace
}  // namespace robo::risk::test
