#include "robo/risk/correlation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace robo::risk {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

CorrelationTracker::CorrelationTracker(CorrelationOptions options) : options_(options) {
    if (options_.window < 2) throw std::invalid_argument("correlation: window must be at least 2");
    if (options_.min_observations < 2 || options_.min_observations > options_.window)
        throw std::invalid_argument("correlation: min_observations must be between 2 and the window");
    ring_x_.resize(0, options_.window);
    ring_m_.resize(0, options_.window);
    grow(16);
}

void CorrelationTracker::grow(int capacity) {
    if (capacity <= capacity_) return;
    auto widen_square = [&](Eigen::MatrixXd& m) {
        m.conservativeResizeLike(Eigen::MatrixXd::Zero(capacity, capacity));
    };
    widen_square(N_);
    widen_square(SX_);
    widen_square(SXX_);
    widen_square(SXY_);
    ring_x_.conservativeResizeLike(Eigen::MatrixXd::Zero(capacity, options_.window));
    ring_m_.conservativeResizeLike(Eigen::MatrixXd::Zero(capacity, options_.window));
    pending_x_.conservativeResizeLike(Eigen::VectorXd::Zero(capacity));
    pending_m_.conservativeResizeLike(Eigen::VectorXd::Zero(capacity));
    capacity_ = capacity;
}

int CorrelationTracker::add_symbol(Symbol symbol) {
    if (const int* i = index_.find(symbol)) return *i;
    if (n_ == capacity_) grow(capacity_ * 2);
    symbols_.push_back(symbol);
    last_close_.push_back(kNaN);
    // Its own class, all zeros: no row has held it yet. (A class id past the last rebuild's
    // may hold stale sums.)
    const int k = classes_++;
    N_.col(k).setZero();
    SX_.col(k).setZero();
    SXX_.col(k).setZero();
    class_of_.push_back(k);
    index_.try_emplace(symbol, n_);
    return n_++;
}

std::optional<int> CorrelationTracker::index_of(Symbol symbol) const {
    const int* i = index_.find(symbol);
    if (!i) return std::nullopt;
    return *i;
}

bool CorrelationTracker::on_close(Symbol symbol, Timestamp time, double close) {
    if (!std::isfinite(close) || close <= 0) {
        ++quarantined_;
        return false;
    }
    if (has_pending_ && time < pending_time_) {
        ++quarantined_;
        return false;
    }
    if (has_pending_ && time > pending_time_) commit();
    int i = add_symbol(symbol);
    if (!has_pending_) {
        has_pending_ = true;
        pending_time_ = time;
    }
    if (pending_m_[i] != 0.0) {  // second close for the same symbol and timestamp
        ++quarantined_;
        return false;
    }
    double& last = last_close_[static_cast<size_t>(i)];
    if (!std::isnan(last)) {
        pending_x_[i] = close / last - 1.0;
        pending_m_[i] = 1.0;
    } else {
        pending_m_[i] = -1.0;  // seen in this row (duplicate guard) but no return yet
    }
    last = close;
    return true;
}

void CorrelationTracker::flush() {
    if (has_pending_) commit();
}

namespace {

// commit()'s arithmetic: the increments of the three presence cases, then each class of
// equal columns of N, SX and SXX gets its case's increments, and each column of SXY its own
// x_i x_j terms. It is compiled twice, for the baseline target (two doubles an instruction)
// and for AVX2 (four), and chosen at run time.
// Each entry gets the same operations in the same order either way and neither copy may
// contract a multiply and an add (no FMA is enabled in either), so the sums have the same
// bits on any CPU.
struct ColumnUpdate {
    int n = 0;
    Eigen::Index ld = 0;  // the sums' leading dimension (their capacity)
    bool evict = false;
    const double* x = nullptr;
    const double* m = nullptr;
    const double* xo = nullptr;
    const double* mo = nullptr;
    double* inc = nullptr;  // scratch of 11 n: the nine increment vectors of the three cases, -e xo, -e mo
    const int* class_case = nullptr;  // per column class: the case its columns are in, -1 none
    int classes = 0;
    double* N = nullptr;  // N, SX and SXX: one column per class
    double* SX = nullptr;
    double* SXX = nullptr;
    double* SXY = nullptr;
};

[[gnu::always_inline]] inline void update_columns_body(const ColumnUpdate& u) {
    const int n = u.n;
    const size_t sn = static_cast<size_t>(n);
    const double* __restrict x = u.x;  // the new row's returns, contiguous
    const double* __restrict m = u.m;
    const double* __restrict xo = u.xo;
    const double* __restrict mo = u.mo;
    const double e = u.evict ? 1.0 : 0.0;
    double* __restrict exo = u.inc + 9 * sn;  // -e * xo_i
    double* __restrict emo = exo + sn;        // -e * mo_i
    for (int i = 0; i < n; ++i) {
        exo[i] = -e * xo[i];
        emo[i] = -e * mo[i];
    }
    // Case c: (m_j, mo_j) = (1, 0), (0, 1), (1, 1); three vectors (N, SX, SXX) of n each.
    constexpr double kCase[3][2] = {{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
    bool n_moves[3] = {false, false, false};
    for (int c = 0; c < 3; ++c) {
        const double mj = kCase[c][0], moj = kCase[c][1];
        double* __restrict dn = u.inc + (3 * static_cast<size_t>(c) + 0) * sn;
        double* __restrict dsx = u.inc + (3 * static_cast<size_t>(c) + 1) * sn;
        double* __restrict dsxx = u.inc + (3 * static_cast<size_t>(c) + 2) * sn;
        int moved = 0;
        for (int i = 0; i < n; ++i) {
            const double mi = m[i], xi = x[i], xoi = xo[i];
            dn[i] = mi * mj + emo[i] * moj;
            dsx[i] = xi * mj + exo[i] * moj;
            dsxx[i] = xi * xi * mj + exo[i] * xoi * moj;
            moved += dn[i] != 0.0;
        }
        n_moves[c] = moved != 0;
    }
    // N, SX and SXX: one update per class of equal columns, with the increments of its case.
    for (int k = 0; k < u.classes; ++k) {
        const int c = u.class_case[k];
        if (c < 0) continue;  // absent from both rows: nothing moves
        const double* __restrict dn = u.inc + (3 * static_cast<size_t>(c) + 0) * sn;
        const double* __restrict dsx = u.inc + (3 * static_cast<size_t>(c) + 1) * sn;
        const double* __restrict dsxx = u.inc + (3 * static_cast<size_t>(c) + 2) * sn;
        const size_t col = static_cast<size_t>(k) * static_cast<size_t>(u.ld);
        double* __restrict nk = u.N + col;
        double* __restrict sxk = u.SX + col;
        double* __restrict sxxk = u.SXX + col;
        // Adding an increment of +0 leaves every entry as it is (N is never -0): the same
        // presence in the new and the evicted row leaves N alone.
        if (n_moves[c])
            for (int i = 0; i < n; ++i) nk[i] += dn[i];
        for (int i = 0; i < n; ++i) sxk[i] += dsx[i];
        for (int i = 0; i < n; ++i) sxxk[i] += dsxx[i];
    }
    // SXY: its own x_i x_j terms per column, the upper triangle only (i <= j). Entry (j, i)
    // would get the same increments with the same bits (x_i x_j = x_j x_i, and -e xo_i is
    // exact, e being 0 or 1), so it is read from (i, j).
    for (int j = 0; j < n; ++j) {
        const double mj = m[j], moj = u.evict ? mo[j] : 0.0, xj = x[j], xoj = xo[j];
        if (mj == 0.0 && moj == 0.0) {
            // Only the rows' own x_i * x_j terms could move, and they are 0 here too.
            continue;
        }
        double* __restrict sxyj = u.SXY + static_cast<size_t>(j) * static_cast<size_t>(u.ld);
        for (int i = 0; i <= j; ++i) sxyj[i] += x[i] * xj + exo[i] * xoj;
    }
}

void update_columns_baseline(const ColumnUpdate& u) { update_columns_body(u); }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void update_columns_avx2(const ColumnUpdate& u) { update_columns_body(u); }
#endif

void update_columns(const ColumnUpdate& u) {
#if defined(__x86_64__) || defined(__i386__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return update_columns_avx2(u);
#endif
    update_columns_baseline(u);
}

}  // namespace

void CorrelationTracker::commit() {
    has_pending_ = false;
    // First closes mark -1 only to catch duplicates; they carry no return.
    for (int i = 0; i < n_; ++i)
        if (pending_m_[i] < 0) pending_m_[i] = 0.0;
    const int n = n_;
    const int slot = head_;
    const bool evict = count_ == options_.window;

    auto x = pending_x_.head(n);
    auto m = pending_m_.head(n);
    auto xo = ring_x_.col(slot).head(n);
    auto mo = ring_m_.col(slot).head(n);
    // One rank-2 update per sum: + the new row, - the evicted row (nothing evicted yet: e = 0).
    // Entry (i, j) of each sum gets (new term + evicted term), the order in which Eigen's
    // product accumulated it; a symbol absent from both rows leaves its column untouched.
    // N, SX and SXX depend on column j only through its masks (m_j, mo_j), which are 0 or 1:
    // their increments are computed once per row for each of the three cases, with the same
    // expressions (so the same bits), and a class of equal columns adds the vector of its
    // case (split_classes first moves a column whose case differs from its class's). Only
    // SXY needs x_j. With masks 0/1, N and the mask products are exact.
    inc_.resize(11 * static_cast<size_t>(n));
    split_classes(m.data(), mo.data(), evict);
    update_columns({.n = n,
                    .ld = capacity_,
                    .evict = evict,
                    .x = x.data(),
                    .m = m.data(),
                    .xo = xo.data(),
                    .mo = mo.data(),
                    .inc = inc_.data(),
                    .class_case = class_case_.data(),
                    .classes = classes_,
                    .N = N_.data(),
                    .SX = SX_.data(),
                    .SXX = SXX_.data(),
                    .SXY = SXY_.data()});

    ring_x_.col(slot).head(n) = x;
    ring_m_.col(slot).head(n) = m;
    // Symbols registered after this ring slot was last written have zeros there already.
    head_ = (head_ + 1) % options_.window;
    if (!evict) ++count_;
    pending_x_.head(n).setZero();
    pending_m_.head(n).setZero();
    ++rows_committed_;
    ++generation_;
    if (options_.rebuild_every > 0 && ++since_rebuild_ >= options_.rebuild_every) rebuild();
}

void CorrelationTracker::split_classes(const double* m, const double* mo, bool evict) {
    // A column's case: -1 absent from both rows (nothing moves), 0 in the new row only, 1 in
    // the evicted row only, 2 in both. Equal columns in the same case stay equal.
    const int n = n_;
    const int before = classes_;
    col_case_.resize(static_cast<size_t>(n));
    tally_.assign(4 * static_cast<size_t>(before), 0);
    for (int j = 0; j < n; ++j) {
        const bool now = m[j] != 0.0, gone = evict && mo[j] != 0.0;
        const int c = now ? (gone ? 2 : 0) : (gone ? 1 : -1);
        col_case_[static_cast<size_t>(j)] = c;
        ++tally_[4 * static_cast<size_t>(class_of_[static_cast<size_t>(j)]) + static_cast<size_t>(c + 1)];
    }
    // Each class keeps the case most of its columns are in (ties: the lower case, so the
    // choice is the data's alone); the others leave it for a copy of it.
    class_case_.resize(static_cast<size_t>(before));
    for (int k = 0; k < before; ++k) {
        const int* t = &tally_[4 * static_cast<size_t>(k)];
        int best = 0;
        for (int c = 1; c < 4; ++c)
            if (t[c] > t[best]) best = c;
        class_case_[static_cast<size_t>(k)] = best - 1;
    }
    split_to_.assign(4 * static_cast<size_t>(before), -1);
    for (int j = 0; j < n; ++j) {
        const size_t sj = static_cast<size_t>(j);
        const int k = class_of_[sj], c = col_case_[sj];
        if (c == class_case_[static_cast<size_t>(k)]) continue;
        int& to = split_to_[4 * static_cast<size_t>(k) + static_cast<size_t>(c + 1)];
        if (to < 0) {  // a copy of the class as it is before this row
            to = classes_++;
            N_.col(to).head(n) = N_.col(k).head(n);
            SX_.col(to).head(n) = SX_.col(k).head(n);
            SXX_.col(to).head(n) = SXX_.col(k).head(n);
            class_case_.push_back(c);
        }
        class_of_[sj] = to;
    }
}

void CorrelationTracker::classify(const Eigen::MatrixXd& n_full, const Eigen::MatrixXd& sx_full,
                                  const Eigen::MatrixXd& sxx_full) {
    // Columns with the same bits (all three sums) share one class; a hash of their bits
    // finds the candidates.
    const int n = n_;
    const size_t bytes = static_cast<size_t>(n) * sizeof(double);
    auto same = [&](const double* a, const double* b) { return std::memcmp(a, b, bytes) == 0; };
    std::unordered_map<uint64_t, std::vector<int>> by_bits;
    classes_ = 0;
    for (int j = 0; j < n; ++j) {
        const double* cols[3] = {&n_full(0, j), &sx_full(0, j), &sxx_full(0, j)};
        uint64_t h = 1469598103934665603ULL;
        for (const double* col : cols)
            for (int i = 0; i < n; ++i) {
                uint64_t b;
                std::memcpy(&b, col + i, sizeof b);
                h = (h ^ b) * 1099511628211ULL;
            }
        int found = -1;
        auto& candidates = by_bits[h];
        for (int k : candidates)
            if (same(cols[0], &N_(0, k)) && same(cols[1], &SX_(0, k)) && same(cols[2], &SXX_(0, k))) {
                found = k;
                break;
            }
        if (found < 0) {
            found = classes_++;
            N_.col(found).head(n) = n_full.col(j);
            SX_.col(found).head(n) = sx_full.col(j);
            SXX_.col(found).head(n) = sxx_full.col(j);
            candidates.push_back(found);
        }
        class_of_[static_cast<size_t>(j)] = found;
    }
}

void CorrelationTracker::rebuild() {
    since_rebuild_ = 0;
    ++generation_;
    const int n = n_;
    // Unused ring columns are all zero, so the products over the whole ring are exact sums.
    auto X = ring_x_.topRows(n);
    auto M = ring_m_.topRows(n);
    // Into kept matrices: a fresh allocation of several MB is page faults, which cost more
    // than the products on a virtual machine.
    full_n_.resize(n, n);
    full_sx_.resize(n, n);
    full_sxx_.resize(n, n);
    full_n_.noalias() = M * M.transpose();
    full_sx_.noalias() = X * M.transpose();
    full_sxx_.noalias() = X.cwiseProduct(X) * M.transpose();
    SXY_.topLeftCorner(n, n).noalias() = X * X.transpose();  // only its upper triangle is read
    classify(full_n_, full_sx_, full_sxx_);
}

int CorrelationTracker::observations(int i, int j) const noexcept {
    return static_cast<int>(std::lround(N_(i, class_of_[static_cast<size_t>(j)])));
}

double CorrelationTracker::from_sums(double count, double sx, double sy, double sxx, double syy,
                                     double sxy) const noexcept {
    const double n = std::round(count);
    if (n < options_.min_observations) return kNaN;
    const double vx = n * sxx - sx * sx;
    const double vy = n * syy - sy * sy;
    // A constant series has zero variance; running sums leave rounding dust instead, so
    // anything below a relative 1e-12 counts as zero.
    if (!(vx > 1e-12 * n * sxx) || !(vy > 1e-12 * n * syy)) return kNaN;
    const double r = (n * sxy - sx * sy) / std::sqrt(vx * vy);
    return std::clamp(r, -1.0, 1.0);
}

double CorrelationTracker::correlation(int i, int j) const noexcept {
    const int ci = class_of_[static_cast<size_t>(i)], cj = class_of_[static_cast<size_t>(j)];
    return from_sums(N_(i, cj), SX_(i, cj), SX_(j, ci), SXX_(i, cj), SXX_(j, ci),
                     SXY_(std::min(i, j), std::max(i, j)));
}

std::optional<double> CorrelationTracker::correlation(Symbol a, Symbol b) const {
    auto i = index_of(a), j = index_of(b);
    if (!i || !j) return std::nullopt;
    double r = correlation(*i, *j);
    if (std::isnan(r)) return std::nullopt;
    return r;
}

Eigen::MatrixXd CorrelationTracker::matrix_of(const std::vector<int>& idx) const {
    const int k = static_cast<int>(idx.size());
    Eigen::MatrixXd c(k, k);
    for (int a = 0; a < k; ++a) {
        c(a, a) = std::isnan(correlation(idx[a], idx[a])) ? kNaN : 1.0;
        for (int b = a + 1; b < k; ++b) c(a, b) = c(b, a) = correlation(idx[a], idx[b]);
    }
    return c;
}

Eigen::MatrixXd CorrelationTracker::matrix() const {
    // correlation(i, j) for i <= j, walking each column in memory order; correlation(j, i) has
    // the same bits (from_sums is symmetric in its two sides, SXY is read from its upper
    // triangle), so the lower triangle is a mirror. The other side's SX and SXX, row j of
    // symbol i's class, are read from a transposed copy of the class columns instead of
    // striding.
    const Eigen::Index n = n_;
    const Eigen::MatrixXd SY = SX_.topLeftCorner(n, classes_).transpose();
    const Eigen::MatrixXd SYY = SXX_.topLeftCorner(n, classes_).transpose();
    Eigen::MatrixXd c(n, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const Eigen::Index cj = class_of_[static_cast<size_t>(j)];
        for (Eigen::Index i = 0; i <= j; ++i) {
            const Eigen::Index ci = class_of_[static_cast<size_t>(i)];
            c(i, j) = from_sums(N_(i, cj), SX_(i, cj), SY(ci, j), SXX_(i, cj), SYY(ci, j), SXY_(i, j));
        }
    }
    c.triangularView<Eigen::StrictlyLower>() = c.transpose();
    for (Eigen::Index i = 0; i < n; ++i)
        if (!std::isnan(c(i, i))) c(i, i) = 1.0;
    return c;
}

std::vector<CorrelatedPair> CorrelationTracker::high_pairs(double threshold) const {
    std::vector<CorrelatedPair> out;
    for (int i = 0; i < n_; ++i)
        for (int j = i + 1; j < n_; ++j) {
            double r = correlation(i, j);
            if (!std::isnan(r) && std::abs(r) > threshold)
                out.push_back({symbols_[static_cast<size_t>(i)], symbols_[static_cast<size_t>(j)], r,
                               observations(i, j)});
        }
    std::sort(out.begin(), out.end(), [](const CorrelatedPair& p, const CorrelatedPair& q) {
        if (std::abs(p.correlation) != std::abs(q.correlation))
            return std::abs(p.correlation) > std::abs(q.correlation);
        return std::pair(p.a, p.b) < std::pair(q.a, q.b);
    });
    return out;
}

double CorrelationTracker::effective_bets(std::span<const Symbol> symbols) const {
    std::vector<int> idx;
    if (symbols.empty()) {
        for (int i = 0; i < n_; ++i) idx.push_back(i);
    } else {
        for (Symbol s : symbols)
            if (auto i = index_of(s)) idx.push_back(*i);
    }
    if (idx.empty()) return 0;
    Eigen::MatrixXd c = matrix_of(idx);
    // Unknown correlations count as 0 (independent), as in the original tracker.
    for (Eigen::Index a = 0; a < c.rows(); ++a)
        for (Eigen::Index b = 0; b < c.cols(); ++b)
            if (std::isnan(c(a, b))) c(a, b) = a == b ? 1.0 : 0.0;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c, Eigen::EigenvaluesOnly);
    Eigen::VectorXd lambda = solver.eigenvalues().cwiseMax(0.0);
    const double total = lambda.sum();
    if (!(total > 0)) return 0;
    double entropy = 0;
    for (double l : lambda)
        if (l > 0) entropy -= (l / total) * std::log(l / total);
    return std::exp(entropy);
}

double CorrelationTracker::weighted_average_correlation(
    std::span<const std::pair<Symbol, double>> weights) const {
    std::vector<std::pair<int, double>> w;
    for (auto& [s, x] : weights)
        if (auto i = index_of(s)) w.emplace_back(*i, std::abs(x));
    double num = 0, den = 0;
    for (size_t a = 0; a < w.size(); ++a)
        for (size_t b = a + 1; b < w.size(); ++b) {
            double r = correlation(w[a].first, w[b].first);
            if (std::isnan(r)) continue;
            double ww = w[a].second * w[b].second;
            num += ww * r;
            den += ww;
        }
    return den > 0 ? num / den : kNaN;
}

}  // namespace robo::risk
