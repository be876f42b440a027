// risk/correlation.hpp — rolling correlation of returns between symbols, kept current
// incrementally as bars arrive.
//
// Closes are fed per symbol with their timestamp; all closes with the same timestamp form
// one row (a cross-section), committed when a later timestamp arrives or on flush(). A
// symbol's return in a row is close / previous close - 1 (simple return, as pandas'
// pct_change); a symbol with no close at a timestamp has no return in that row, and its
// next return spans the gap. The window holds the last `window` rows (default 60).
//
// Correlations are pairwise-complete: each pair uses the rows where both symbols have a
// return, and is unknown (NaN) with fewer than `min_observations` such rows (default 30)
// or when either side is constant. Running sums per pair (count, sum x, sum x^2, sum xy)
// are updated with one rank-2 update per committed row (add the new row, remove the one
// leaving the window), one pass over the sums: O(n^2) per row, never a recomputation. The sums are
// rebuilt from the buffered window every `rebuild_every` rows to keep floating-point drift
// bounded (amortised, still O(n^2) per row).
//
// Never throws on bad input: a close that is not a positive finite number, a timestamp
// older than the row being built, or a duplicate in a row is quarantined and counted.
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "robo/core/symbol.hpp"
#include "robo/core/symbol_map.hpp"
#include "robo/core/time.hpp"

namespace robo::risk {

struct CorrelationOptions {
    int window = 60;
    int min_observations = 30;
    int rebuild_every = 600;  // rows between exact rebuilds of the running sums; 0 = never
};

struct CorrelatedPair {
    Symbol a, b;
    double correlation = 0;
    int observations = 0;
};

class CorrelationTracker {
public:
    explicit CorrelationTracker(CorrelationOptions options = {});

    // Registers a symbol (idempotent) and returns its index.
    int add_symbol(Symbol symbol);
    std::optional<int> index_of(Symbol symbol) const;
    Symbol symbol_at(int index) const { return symbols_[static_cast<size_t>(index)]; }
    int size() const noexcept { return n_; }

    // Feeds one close. Returns false when the value was quarantined (see header comment).
    bool on_close(Symbol symbol, Timestamp time, double close);
    // Commits the row being built, if any.
    void flush();

    // NaN when unknown (too few shared observations or a constant series).
    double correlation(int i, int j) const noexcept;
    std::optional<double> correlation(Symbol a, Symbol b) const;
    int observations(int i, int j) const noexcept;

    // The full n x n matrix (diagonal 1 where the symbol has enough returns; NaN unknown).
    Eigen::MatrixXd matrix() const;
    // Recomputes the running sums from the buffered window (the "full" computation).
    void rebuild();

    // Pairs with |correlation| strictly beyond `threshold`, most correlated first.
    std::vector<CorrelatedPair> high_pairs(double threshold) const;
    // Effective number of independent bets among `symbols` (all symbols when empty):
    // exp(entropy) of the correlation matrix's eigenvalues normalised to sum to 1, unknown
    // correlations counted as 0. n uncorrelated symbols give n; n identical ones give 1.
    double effective_bets(std::span<const Symbol> symbols = {}) const;
    // sum_{i<j} |w_i||w_j| rho_ij / sum_{i<j} |w_i||w_j| over pairs with a known
    // correlation; NaN when there is no such pair. Weights are usually exposures.
    double weighted_average_correlation(std::span<const std::pair<Symbol, double>> weights) const;

    int64_t rows_committed() const noexcept { return rows_committed_; }
    // Changes whenever a correlation may have changed (a row committed, a rebuild): a
    // caller may keep correlation(i, j) while it stays the same.
    uint64_t generation() const noexcept { return generation_; }
    int64_t quarantined() const noexcept { return quarantined_; }
    int window() const noexcept { return options_.window; }
    int min_observations() const noexcept { return options_.min_observations; }
    int rows_in_window() const noexcept { return count_; }

private:
    void commit();
    void grow(int capacity);
    Eigen::MatrixXd matrix_of(const std::vector<int>& indices) const;
    // Moves the columns whose case in the row being committed differs from their class's
    // into copies of it (see class_of_).
    void split_classes(const double* m, const double* mo, bool evict);
    // Groups the rebuilt columns into classes of equal bits.
    void classify(const Eigen::MatrixXd& n_full, const Eigen::MatrixXd& sx_full,
                  const Eigen::MatrixXd& sxx_full);
    double from_sums(double n, double sx, double sy, double sxx, double syy, double sxy) const noexcept;

    CorrelationOptions options_;
    int n_ = 0;
    int capacity_ = 0;
    std::vector<Symbol> symbols_;
    SymbolMap<int> index_;

    std::vector<double> last_close_;  // NaN until the first close
    Eigen::VectorXd pending_x_, pending_m_;
    Timestamp pending_time_{};
    bool has_pending_ = false;

    // Ring of the last `window` rows: column k holds one row's returns (0 when missing)
    // and its presence mask.
    Eigen::MatrixXd ring_x_, ring_m_;
    int head_ = 0;   // next column to write
    int count_ = 0;  // rows held
    int since_rebuild_ = 0;

    // Running sums over the window. For symbols i, j:
    //   N(i,j) = rows where both present, SX(i,j) = sum of x_i over those rows,
    //   SXX(i,j) = sum of x_i^2 over those rows, SXY(i,j) = sum x_i x_j.
    //
    // N, SX and SXX depend on column j only through j's presence in each row, so symbols
    // present in the same rows have columns with the same bits: on a day when every symbol
    // trades, all of them. Those sums are kept once per class of equal columns (class_of_:
    // symbol -> class, a column of N_, SX_, SXX_), updated once per row; a symbol whose
    // presence differs from its class's in a row moves to a copy of the class, and a rebuild
    // regroups the columns by their bits. Every entry still gets the same operations in the
    // same order as its own column would, so the sums have the same bits. SXY is per pair, and
    // symmetric: only its upper triangle (i <= j) is kept current.
    Eigen::MatrixXd N_, SX_, SXX_, SXY_;
    std::vector<int> class_of_;
    int classes_ = 0;
    std::vector<double> inc_;  // commit()'s per-row increments (kept to avoid reallocating)
    std::vector<int> col_case_, tally_, class_case_, split_to_;  // commit()'s scratch
    Eigen::MatrixXd full_n_, full_sx_, full_sxx_;                // rebuild()'s scratch

    int64_t rows_committed_ = 0;
    int64_t quarantined_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace robo::risk
