#include "robo/report/metrics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "robo/data/calendar.hpp"

namespace robo::report {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDaysPerYear = 252.0;
double days_between(Timestamp a, Timestamp b) {
    return std::chrono::duration<double>(b - a).count() / 86400.0;
}
}  // namespace

std::string percent(double x, int decimals) {
    if (!std::isfinite(x)) return "-";
    std::string text = fmt::format("{:.{}f}%", x * 100.0, decimals);
    // A tiny loss rounds to "-0.00%"; show it as the zero it displays.
    if (text.front() == '-' && text.find_first_not_of("-0.%") == std::string::npos) text.erase(0, 1);
    return text;
}

std::string number(double x, int decimals) {
    if (std::isnan(x)) return "-";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return fmt::format("{:.{}f}", x, decimals);
}

Metrics compute_metrics(const exec::Portfolio& p) {
    Metrics m;
    const auto& curve = p.equity_curve();
    m.initial_equity = p.initial_cash();
    m.final_equity = p.equity();
    m.commissions = p.commissions();
    m.realized_pnl = p.realized_pnl();
    m.unrealized_pnl = p.unrealized_pnl();
    m.books_dividends = p.books_dividends();
    m.dividends = p.dividends();
    m.dividend_bookings = static_cast<int64_t>(p.dividend_bookings().size());
    const double initial = m.initial_equity.to_double();
    const double final_eq = m.final_equity.to_double();
    m.total_return = initial > 0 ? final_eq / initial - 1 : kNaN;
    if (curve.empty()) {
        m.cagr = m.volatility = m.sharpe = m.sortino = m.calmar = kNaN;
    } else {
        m.start = curve.front().time;
        m.end = curve.back().time;
        // Daily series: last point of each New York date.
        const auto& cal = data::ExchangeCalendar::nyse();
        for (const auto& pt : curve) {
            auto d = cal.local_date(pt.time);
            if (!m.daily.empty() && cal.local_date(m.daily.back().day) == d)
                m.daily.back() = {pt.time, pt.equity.to_double()};
            else
                m.daily.push_back({pt.time, pt.equity.to_double()});
        }
        const double years = days_between(m.start, m.end) / 365.25;
        m.cagr =
            years > 0 && initial > 0 && final_eq > 0 ? std::pow(final_eq / initial, 1.0 / years) - 1 : kNaN;
        std::vector<double> r;
        double prev = initial;
        for (const auto& d : m.daily) {
            if (prev > 0) r.push_back(d.equity / prev - 1);
            prev = d.equity;
        }
        if (r.size() >= 2) {
            double mean = 0;
            for (double x : r) mean += x;
            mean /= double(r.size());
            double var = 0, down = 0;
            for (double x : r) {
                var += (x - mean) * (x - mean);
                down += std::min(x, 0.0) * std::min(x, 0.0);
            }
            const double sd = std::sqrt(var / double(r.size() - 1));
            const double dd = std::sqrt(down / double(r.size()));
            m.volatility = sd * std::sqrt(kDaysPerYear);
            m.sharpe = sd > 0 ? mean / sd * std::sqrt(kDaysPerYear) : kNaN;
            m.sortino = dd > 0 ? mean / dd * std::sqrt(kDaysPerYear) : kNaN;
        } else {
            m.volatility = m.sharpe = m.sortino = kNaN;
        }
        // Drawdown on every point of the curve (intraday lows count).
        double peak = curve.front().equity.to_double();
        Timestamp peak_time = curve.front().time;
        Timestamp dd_peak = peak_time;
        for (const auto& pt : curve) {
            double e = pt.equity.to_double();
            if (e >= peak) {
                peak = e;
                peak_time = pt.time;
            }
            double dd = peak > 0 ? 1 - e / peak : 0;
            if (dd > m.max_drawdown) {
                m.max_drawdown = dd;
                dd_peak = peak_time;
                m.max_drawdown_trough = pt.time;
            }
        }
        m.max_drawdown_peak = dd_peak;
        m.max_drawdown_recovery = m.end;
        if (m.max_drawdown > 0) {
            double peak_equity = 0;
            for (const auto& pt : curve)
                if (pt.time == dd_peak) peak_equity = pt.equity.to_double();
            for (const auto& pt : curve)
                if (pt.time > m.max_drawdown_trough && pt.equity.to_double() >= peak_equity) {
                    m.max_drawdown_recovery = pt.time;
                    m.recovered = true;
                    break;
                }
            m.max_drawdown_days = days_between(m.max_drawdown_peak, m.max_drawdown_recovery);
        }
        m.calmar = m.max_drawdown > 0 && std::isfinite(m.cagr) ? m.cagr / m.max_drawdown : kNaN;
        // Exposure and turnover.
        size_t invested = 0;
        double gross_share = 0, equity_sum = 0;
        for (const auto& pt : curve) {
            double e = pt.equity.to_double();
            invested += !pt.gross_exposure.is_zero();
            if (e > 0) gross_share += pt.gross_exposure.to_double() / e;
            equity_sum += e;
        }
        m.exposure = double(invested) / double(curve.size());
        m.average_gross_exposure = gross_share / double(curve.size());
        const double avg_equity = equity_sum / double(curve.size());
        m.turnover = avg_equity > 0 ? p.traded_value().to_double() / avg_equity : kNaN;
        m.turnover_per_year = years > 0 ? m.turnover / years : kNaN;
    }
    for (const auto& t : p.closed_trades()) {
        ++m.trades;
        if (t.pnl.is_positive()) {
            ++m.wins;
            m.gross_profit += t.pnl;
        } else {
            ++m.losses;
            m.gross_loss -= t.pnl;
        }
    }
    m.win_rate = m.trades > 0 ? double(m.wins) / double(m.trades) : kNaN;
    m.profit_factor = m.gross_loss.is_positive()     ? m.gross_profit.to_double() / m.gross_loss.to_double()
                      : m.gross_profit.is_positive() ? std::numeric_limits<double>::infinity()
                                                     : kNaN;
    std::map<std::string, SymbolStats> by_symbol;
    for (const auto& b : p.books()) {
        auto& s = by_symbol[b.symbol.str()];
        s.symbol = b.symbol;
        s.fills = b.fills;
        s.commissions = b.commissions;
        s.traded_value = b.traded_value;
        s.final_position = b.quantity;
        s.net_pnl = b.realized_pnl - b.commissions + b.unrealized_pnl() + b.dividends;
        m.fills += b.fills;
    }
    for (const auto& t : p.closed_trades()) {
        auto& s = by_symbol[t.symbol.str()];
        ++s.trades;
        s.wins += t.pnl.is_positive();
    }
    for (auto& [name, s] : by_symbol) m.symbols.push_back(s);
    return m;
}

std::vector<MonthlyReturn> monthly_returns(const Metrics& m) {
    std::vector<MonthlyReturn> out;
    const auto& cal = data::ExchangeCalendar::nyse();
    double base = m.initial_equity.to_double(), last = base;
    int year = 0;
    unsigned month = 0;
    for (const auto& d : m.daily) {
        auto ymd = cal.local_date(d.day);
        int y = int(ymd.year());
        unsigned mo = unsigned(ymd.month());
        if (!out.empty() && (y != year || mo != month)) base = last;
        if (out.empty() || y != year || mo != month) out.push_back({y, mo, 0});
        year = y;
        month = mo;
        last = d.equity;
        out.back().value = base > 0 ? last / base - 1 : std::numeric_limits<double>::quiet_NaN();
    }
    return out;
}

}  // namespace robo::report
