// report/metrics.hpp — the numbers of a finished run, from the ledger alone.
//
// Conventions (stated because every backtester differs):
//   * Returns are daily: the equity curve is sampled at the last point of each New York
//     calendar day, so intraday and daily runs are annualised alike, with 252 days.
//   * Volatility: sample standard deviation of daily returns x sqrt(252).
//   * Sharpe: mean daily return / its standard deviation x sqrt(252); risk-free rate 0.
//   * Sortino: mean daily return / downside deviation x sqrt(252), where downside
//     deviation = sqrt(mean(min(r, 0)^2)) over all days.
//   * CAGR over calendar time between the first and last equity points (365.25 days).
//   * Maximum drawdown: largest fall from a running peak, as a fraction of the peak; its
//     duration runs from that peak to the recovery of the peak (or the end of the data).
//   * Calmar: CAGR / maximum drawdown.
//   * Trades are round trips (flat to flat); win rate and profit factor are over their
//     P&L net of commissions. Profit factor = gross wins / gross losses (inf without losses).
//   * Exposure: share of equity points with an open position; average gross exposure as a
//     share of equity. Turnover: traded value / average equity, and per year.
// A quantity that cannot be computed (one day of data, no trades) is NaN and shown as "-".
#pragma once
#include <string>
#include <vector>

#include "robo/exec/portfolio.hpp"

namespace robo::report {

struct SymbolStats {
    Symbol symbol;
    int64_t trades = 0, wins = 0, fills = 0;
    Money net_pnl;  // realized - commissions (+ unrealized of an open position)
    Money commissions;
    Money traded_value;
    Quantity final_position;
};

struct DailyPoint {
    Timestamp day;  // the last equity point of the day
    double equity;
};

struct Metrics {
    Timestamp start, end;
    Money initial_equity, final_equity;
    double total_return = 0, cagr = 0, volatility = 0, sharpe = 0, sortino = 0;
    double max_drawdown = 0;
    Timestamp max_drawdown_peak, max_drawdown_trough, max_drawdown_recovery;  // recovery == end if none
    bool recovered = false;
    double max_drawdown_days = 0;
    double calmar = 0;
    int64_t trades = 0, wins = 0, losses = 0, fills = 0;
    double win_rate = 0, profit_factor = 0;
    Money gross_profit, gross_loss;
    double exposure = 0, average_gross_exposure = 0;
    double turnover = 0, turnover_per_year = 0;
    Money commissions, realized_pnl, unrealized_pnl;
    // DATA_DIVIDENDS=cash: net cash dividends booked (received less paid) and how many bookings;
    // shown in the summaries only when the run books dividends.
    bool books_dividends = false;
    Money dividends;
    int64_t dividend_bookings = 0;
    std::vector<SymbolStats> symbols;  // by symbol name
    std::vector<DailyPoint> daily;     // the daily equity series used above
};

Metrics compute_metrics(const exec::Portfolio& portfolio);

struct MonthlyReturn {
    int year;
    unsigned month;  // 1-12
    double value;    // month-end equity / previous month-end (or initial) equity - 1
};
// From the daily series, by New York month.
std::vector<MonthlyReturn> monthly_returns(const Metrics& m);

// "12.34%" / "-" for NaN.
std::string percent(double x, int decimals = 2);
std::string number(double x, int decimals = 2);

}  // namespace robo::report
