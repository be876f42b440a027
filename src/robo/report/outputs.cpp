#include "robo/report/outputs.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "robo/data/calendar.hpp"

namespace robo::report {

std::string ny_date(Timestamp t) {
    const auto ymd = data::ExchangeCalendar::nyse().local_date(t);
    return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

namespace {

std::ofstream open_out(const std::filesystem::path& path) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path.string() + ": cannot open for writing");
    return out;
}

void close_out(std::ofstream& out, const std::filesystem::path& path) {
    out.flush();
    if (!out) throw std::runtime_error(path.string() + ": write failed (disk full?)");
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string money(Money m) { return fmt::format("{:.2f}", m.to_double()); }

// A line chart of (time, value) as an SVG, with y gridlines and first/last date labels.
struct Series {
    std::vector<double> x;  // days since start
    std::vector<double> y;
};

// A round step (1, 2 or 5 x 10^k) giving about `ticks` intervals over `span`.
double round_step(double span, int ticks) {
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (raw <= m * power) return m * power;
    return 10 * power;
}

// `other`: a second line drawn in grey under the first (the benchmark), named in `legend`.
std::string svg_chart(const Series& s, const std::string& title, bool fill_below_zero, bool as_percent,
                      const std::string& first_label, const std::string& last_label, const char* colour,
                      const Series* other = nullptr, const std::string& legend = {}) {
    const double W = 900, H = 260, left = 80, right = 20, top = 30, bottom = 30;
    std::ostringstream o;
    o << fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">)", W, H,
        html_escape(title));
    o << fmt::format(R"(<text x="{}" y="18" class="t">{}</text>)", left, html_escape(title));
    if (s.x.size() < 2) {
        o << R"(<text x="100" y="120">not enough data</text></svg>)";
        return o.str();
    }
    double x0 = s.x.front(), x1 = s.x.back();
    double y0 = *std::min_element(s.y.begin(), s.y.end()), y1 = *std::max_element(s.y.begin(), s.y.end());
    if (other && !other->y.empty()) {
        y0 = std::min(y0, *std::min_element(other->y.begin(), other->y.end()));
        y1 = std::max(y1, *std::max_element(other->y.begin(), other->y.end()));
    }
    if (fill_below_zero) y1 = 0;
    if (y1 - y0 < 1e-12) {
        y0 -= 1;
        y1 += 1;
    }
    // Ticks at round numbers; the axis spans whole steps.
    const double step = round_step(y1 - y0, 4);
    y0 = std::floor(y0 / step + 1e-9) * step;
    y1 = std::ceil(y1 / step - 1e-9) * step;
    if (x1 - x0 < 1e-12) x1 = x0 + 1;
    auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * (W - left - right); };
    auto Y = [&](double y) { return top + (y1 - y) / (y1 - y0) * (H - top - bottom); };
    const int decimals = as_percent ? std::max(0, -int(std::floor(std::log10(step * 100)))) : 0;
    for (double v = y0; v <= y1 + step * 1e-6; v += step) {
        o << fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" class="g"/>)", left,
                         W - right, Y(v), Y(v));
        std::string label =
            as_percent ? fmt::format("{:.{}f}%", v * 100, decimals) : fmt::format("{:.0f}", v);
        o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="a" text-anchor="end">{}</text>)", left - 6,
                         Y(v) + 4, label);
    }
    if (other && other->x.size() >= 2) {
        std::string opts;
        opts.reserve(other->x.size() * 12);
        for (size_t i = 0; i < other->x.size(); ++i)  // straight into the text: no string a point
            fmt::format_to(std::back_inserter(opts), "{:.1f},{:.1f} ", X(other->x[i]), Y(other->y[i]));
        o << fmt::format(R"(<polyline points="{}" fill="none" stroke="#999" stroke-width="1.2"/>)", opts);
        o << fmt::format(R"(<text x="{}" y="18" class="a" text-anchor="end">{}</text>)", W - right,
                         html_escape(legend));
    }
    o << fmt::format(R"(<text x="{}" y="{}" class="a">{}</text>)", left, H - 8, html_escape(first_label));
    o << fmt::format(R"(<text x="{}" y="{}" class="a" text-anchor="end">{}</text>)", W - right, H - 8,
                     html_escape(last_label));
    std::string pts;
    pts.reserve(s.x.size() * 16);
    for (size_t i = 0; i < s.x.size(); ++i)
        fmt::format_to(std::back_inserter(pts), "{:.1f},{:.1f} ", X(s.x[i]), Y(s.y[i]));
    if (fill_below_zero) {
        o << fmt::format(
            R"(<polygon points="{:.1f},{:.1f} {}{:.1f},{:.1f}" fill="{}" fill-opacity="0.35" stroke="{}"/>)",
            X(x0), Y(0), pts, X(x1), Y(0), colour, colour);
    } else {
        o << fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>)", pts,
                         colour);
    }
    o << "</svg>";
    return o.str();
}

// Years down, months across; each cell coloured by the month's return.
std::string svg_heatmap(const std::vector<MonthlyReturn>& months) {
    if (months.empty()) return "<p>No monthly returns.</p>";
    int first = months.front().year, last = months.back().year;
    const double cw = 62, ch = 24, left = 60, top = 40;
    const double W = left + 12 * cw + 80, H = top + (last - first + 1) * ch + 10;
    double scale = 0;
    for (auto& m : months)
        if (std::isfinite(m.value)) scale = std::max(scale, std::abs(m.value));
    if (scale <= 0) scale = 1;
    std::map<int, double> yearly;
    for (auto& m : months)
        yearly[m.year] = (1 + yearly[m.year]) * (1 + (std::isfinite(m.value) ? m.value : 0)) - 1;
    std::ostringstream o;
    o << fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="Monthly returns">)",
        W, H);
    o << R"(<text x="60" y="18" class="t">Monthly returns</text>)";
    static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i)
        o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="a" text-anchor="middle">{}</text>)",
                         left + i * cw + cw / 2, top - 6, names[i]);
    o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="a" text-anchor="middle">Year</text>)",
                     left + 12 * cw + 40, top - 6);
    for (int y = first; y <= last; ++y)
        o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="a" text-anchor="end">{}</text>)", left - 8,
                         top + (y - first) * ch + ch / 2 + 4, y);
    for (auto& m : months) {
        double x = left + (m.month - 1) * cw, y = top + (m.year - first) * ch;
        double v = std::isfinite(m.value) ? m.value : 0;
        double a = std::min(1.0, std::abs(v) / scale);
        // Green for gains, red for losses; intensity by size relative to the largest month.
        int r = v < 0 ? int(255 - a * 30) : int(255 - a * 170);
        int g = v < 0 ? int(255 - a * 170) : int(255 - a * 60);
        int b = int(255 - a * 170);
        o << fmt::format(
            R"svg(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="rgb({},{},{})"><title>{}-{:02}: {}</title></rect>)svg",
            x + 1, y + 1, cw - 2, ch - 2, r, g, b, m.year, m.month, percent(m.value));
        o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="c" text-anchor="middle">{}</text>)",
                         x + cw / 2, y + ch / 2 + 4, percent(m.value, 1));
    }
    for (auto& [y, v] : yearly)
        o << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="c" text-anchor="middle">{}</text>)",
                         left + 12 * cw + 40, top + (y - first) * ch + ch / 2 + 4, percent(v, 1));
    o << "</svg>";
    return o.str();
}

}  // namespace

void write_trades_csv(const std::filesystem::path& path, const exec::Portfolio& p) {
    auto out = open_out(path);
    out << "symbol,direction,opened,closed,quantity,entry_price,exit_price,pnl,commissions\n";
    for (const auto& t : p.closed_trades())
        out << t.symbol.view() << ',' << (t.direction > 0 ? "long" : "short") << ','
            << format_iso_micros(t.opened) << ',' << format_iso_micros(t.closed) << ','
            << t.quantity.to_string() << ',' << t.entry_price.to_string() << ',' << t.exit_price.to_string()
            << ',' << t.pnl.to_string(2) << ',' << t.commissions.to_string(2) << '\n';
    close_out(out, path);
}

void write_fills_csv(const std::filesystem::path& path, const exec::Portfolio& p) {
    auto out = open_out(path);
    out << "time,client_id,exec_id,symbol,side,quantity,price,commission\n";
    for (const auto& f : p.fills())
        out << format_iso_micros(f.time) << ',' << f.client_id << ',' << f.exec_id << ',' << f.symbol.view()
            << ',' << to_string(f.side) << ',' << f.quantity.to_string() << ',' << f.price.to_string() << ','
            << f.commission.to_string(2) << '\n';
    close_out(out, path);
}

void write_equity_csv(const std::filesystem::path& path, const exec::Portfolio& p) {
    auto out = open_out(path);
    out << "time,cash,market_value,equity,gross_exposure\n";
    for (const auto& e : p.equity_curve())
        out << format_iso_micros(e.time) << ',' << e.cash.to_string(2) << ',' << e.market_value.to_string(2)
            << ',' << e.equity.to_string(2) << ',' << e.gross_exposure.to_string(2) << '\n';
    close_out(out, path);
}

namespace {

nlohmann::json finite(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

// One metric as every output shows it: the terminal's and the report's row (label, text)
// and summary.json's entry (key, value, under "metrics" or its "benchmark"). A field with
// no label is in summary.json only; one with no key is a row only.
struct MetricField {
    bool benchmark = false;  // summary.json: under "benchmark"
    std::string key;
    std::string label;
    std::string text;
    nlohmann::json value;
};

// What the daily returns and the figures mean, said once for the report and summary.json.
constexpr std::string_view kConventions =
    "returns are daily on the New York calendar (the last equity point of each New York day); CAGR over "
    "calendar days between the first and last equity points, 365.25 days a year; volatility, Sharpe and "
    "Sortino over 252 trading days a year, risk-free rate 0; alpha and beta from daily returns against the "
    "buy-and-hold benchmark; trades are round trips, net of commissions; dates are New York dates";

// Every metric, in the order the rows are printed: the one list the summary, the report and
// summary.json are rendered from, so their labels and keys cannot drift apart.
std::vector<MetricField> metric_fields(const Metrics& m, const Benchmark* b) {
    std::vector<MetricField> f;
    auto add = [&](std::string key, std::string label, std::string text, nlohmann::json value) {
        f.push_back({false, std::move(key), std::move(label), std::move(text), std::move(value)});
    };
    auto ratio = [&](std::string key, std::string label, double x, bool as_percent) {
        add(std::move(key), std::move(label), as_percent ? percent(x) : number(x), finite(x));
    };
    add("period", "period", m.daily.empty() ? "-" : ny_date(m.start) + " .. " + ny_date(m.end),
        m.daily.empty() ? nlohmann::json(nullptr) : nlohmann::json{ny_date(m.start), ny_date(m.end)});
    add("initial_equity", "initial equity", money(m.initial_equity), m.initial_equity.to_string(2));
    add("final_equity", "final equity", money(m.final_equity), m.final_equity.to_string(2));
    ratio("total_return", "total return", m.total_return, true);
    ratio("cagr", "CAGR", m.cagr, true);
    if (b) {
        auto bench = [&](std::string key, std::string label, std::string text, nlohmann::json value) {
            f.push_back({true, std::move(key), std::move(label), std::move(text), std::move(value)});
        };
        bench("kind", "", "", "buy and hold, equal weight of the traded symbols, same commission plan");
        bench("symbols", "", "", b->symbols);
        bench("total_return",
              fmt::format("buy and hold, equal weight ({} symbols, same commissions): total return",
                          b->symbols),
              percent(b->total_return), finite(b->total_return));
        bench("cagr", "buy and hold: CAGR", percent(b->cagr), finite(b->cagr));
        bench("commissions", "", "", b->commissions.to_string(2));
        bench("alpha", "alpha (annual, vs buy and hold)", percent(b->alpha), finite(b->alpha));
        bench("beta", "beta (vs buy and hold)", number(b->beta), finite(b->beta));
        bench("information_ratio", "information ratio (vs buy and hold)", number(b->information_ratio),
              finite(b->information_ratio));
    }
    ratio("volatility", "volatility (annual)", m.volatility, true);
    ratio("sharpe", "Sharpe (rf = 0)", m.sharpe, false);
    ratio("sortino", "Sortino", m.sortino, false);
    ratio("max_drawdown", "max drawdown", m.max_drawdown, true);
    add("max_drawdown_period", "max drawdown period",
        m.max_drawdown > 0 ? fmt::format("{} -> {} ({:.0f} days{})", ny_date(m.max_drawdown_peak),
                                         ny_date(m.max_drawdown_recovery), m.max_drawdown_days,
                                         m.recovered ? "" : ", not recovered")
                           : "-",
        m.max_drawdown > 0 ? nlohmann::json{{"peak", ny_date(m.max_drawdown_peak)},
                                            {"recovery", ny_date(m.max_drawdown_recovery)},
                                            {"recovered", m.recovered}}
                           : nlohmann::json(nullptr));
    add("max_drawdown_days", "", "", finite(m.max_drawdown_days));
    ratio("calmar", "Calmar", m.calmar, false);
    add("trades", "trades (round trips)", std::to_string(m.trades), m.trades);
    ratio("win_rate", "win rate", m.win_rate, true);
    ratio("profit_factor", "profit factor", m.profit_factor, false);
    add("fills", "fills", std::to_string(m.fills), m.fills);
    ratio("exposure", "exposure (time in market)", m.exposure, true);
    ratio("average_gross_exposure", "average gross exposure", m.average_gross_exposure, true);
    add("turnover", "turnover (x equity)",
        fmt::format("{} ({} per year)", number(m.turnover), number(m.turnover_per_year)), finite(m.turnover));
    add("turnover_per_year", "", "", finite(m.turnover_per_year));
    add("commissions", "commissions", money(m.commissions), m.commissions.to_string(2));
    if (m.books_dividends) {  // DATA_DIVIDENDS=cash
        add("dividends", "dividends booked (cash)",
            fmt::format("{} ({} payments)", money(m.dividends), m.dividend_bookings),
            m.dividends.to_string(2));
        add("dividend_payments", "", "", m.dividend_bookings);
    }
    return f;
}

// The per-symbol table's columns, for the terminal and the report alike.
struct SymbolColumn {
    std::string_view header;
    int width;  // the terminal's; the first column is left-aligned
    std::string (*value)(const SymbolStats&);
};
constexpr SymbolColumn kSymbolColumns[] = {
    {"symbol", 14, [](const SymbolStats& x) { return std::string(x.symbol.view()); }},
    {"trades", 7, [](const SymbolStats& x) { return std::to_string(x.trades); }},
    {"win rate", 8,
     [](const SymbolStats& x) { return x.trades ? percent(double(x.wins) / double(x.trades), 1) : "-"; }},
    {"net P&L", 14, [](const SymbolStats& x) { return money(x.net_pnl); }},
    {"commissions", 11, [](const SymbolStats& x) { return money(x.commissions); }},
    {"traded value", 15, [](const SymbolStats& x) { return money(x.traded_value); }},
    {"position", 10, [](const SymbolStats& x) { return x.final_position.to_string(); }},
};

}  // namespace

std::vector<std::pair<std::string, std::string>> metric_rows(const Metrics& m, const Benchmark* benchmark) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (auto& f : metric_fields(m, benchmark))
        if (!f.label.empty()) rows.emplace_back(std::move(f.label), std::move(f.text));
    return rows;
}

std::string format_summary(const Metrics& m) {
    std::string s;
    for (const auto& [label, value] : metric_rows(m, nullptr))
        s += fmt::format("  {:<26} {}\n", label, value);
    return s;
}

std::string format_symbol_table(const Metrics& m) {
    auto line = [](auto&& cell) {
        std::string s = " ";
        bool first = true;
        for (const auto& c : kSymbolColumns) {
            s += first ? fmt::format(" {:<{}}", cell(c), c.width) : fmt::format(" {:>{}}", cell(c), c.width);
            first = false;
        }
        return s + "\n";
    };
    std::string s = line([](const SymbolColumn& c) { return std::string(c.header); });
    for (const auto& x : m.symbols) s += line([&](const SymbolColumn& c) { return c.value(x); });
    return s;
}

void write_html_report(const std::filesystem::path& path, const Metrics& m, const ReportInfo& info) {
    // Downsample the daily series for the charts (at most ~1500 points; the CSV has all).
    Series equity, drawdown;
    const size_t n = m.daily.size();
    const size_t step = std::max<size_t>(1, n / 1500);
    double peak = m.initial_equity.to_double();
    for (size_t i = 0; i < n; ++i) {
        const auto& d = m.daily[i];
        peak = std::max(peak, d.equity);
        if (i % step != 0 && i + 1 != n) continue;
        double x = std::chrono::duration<double>(d.day - m.daily.front().day).count() / 86400.0;
        equity.x.push_back(x);
        equity.y.push_back(d.equity);
        drawdown.x.push_back(x);
        drawdown.y.push_back(peak > 0 ? d.equity / peak - 1 : 0);
    }
    Series benchmark;
    if (info.benchmark)
        for (size_t i = 0; i < info.benchmark->daily.size(); ++i) {
            if (i % step != 0 && i + 1 != info.benchmark->daily.size()) continue;
            const auto& d = info.benchmark->daily[i];
            benchmark.x.push_back(std::chrono::duration<double>(d.day - m.daily.front().day).count() /
                                  86400.0);
            benchmark.y.push_back(d.equity);
        }
    std::string first = n ? ny_date(m.daily.front().day) : "", last = n ? ny_date(m.daily.back().day) : "";

    auto out = open_out(path);
    out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        << html_escape(info.title)
        << "</title>\n<style>\n"
           "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}\n"
           "h1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
           "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid "
           "#ddd;text-align:right}\n"
           "td:first-child,th:first-child{text-align:left}\n"
           "svg{width:100%;height:auto;background:#fafafa;border:1px solid #eee}\n"
           "svg .t{font-size:14px;font-weight:600}svg .a{font-size:11px;fill:#555}svg .c{font-size:10px}\n"
           "svg .g{stroke:#ddd;stroke-width:1}\n"
           ".facts td{text-align:left}\n"
           "</style></head><body>\n";
    out << "<h1>" << html_escape(info.title) << "</h1>\n<table class=\"facts\">\n";
    for (const auto& [k, v] : info.facts)
        out << "<tr><td>" << html_escape(k) << "</td><td>" << html_escape(v) << "</td></tr>\n";
    out << "</table>\n<h2>Summary</h2>\n<table>\n";
    auto row = [&](std::string_view k, const std::string& v) {
        out << "<tr><td>" << html_escape(k) << "</td><td>" << html_escape(v) << "</td></tr>\n";
    };
    // The same rows, labels and formats as the terminal's summary (metric_rows).
    for (const auto& [label, value] : metric_rows(m, info.benchmark ? &*info.benchmark : nullptr))
        row(label, value);
    out << "</table>\n<h2>Equity</h2>\n"
        << svg_chart(equity, "Equity (USD)", false, false, first, last, "#1f6feb",
                     info.benchmark ? &benchmark : nullptr, "grey: buy and hold, equal weight")
        << "\n<h2>Drawdown</h2>\n"
        << svg_chart(drawdown, "Drawdown from peak", true, true, first, last, "#d1242f")
        << "\n<h2>Monthly returns</h2>\n"
        << svg_heatmap(monthly_returns(m)) << "\n<h2>Per symbol</h2>\n<table>\n<tr>";
    for (const auto& c : kSymbolColumns) out << "<th>" << html_escape(c.header) << "</th>";
    out << "</tr>\n";
    for (const auto& x : m.symbols) {
        out << "<tr>";
        for (const auto& c : kSymbolColumns) out << "<td>" << html_escape(c.value(x)) << "</td>";
        out << "</tr>\n";
    }
    out << "</table>\n";
    for (const auto& t : info.tables) {
        out << "<h2>" << html_escape(t.title) << "</h2>\n<table class=\"facts\">\n";
        for (const auto& [k, v] : t.rows) row(k, v);
        out << "</table>\n";
        if (!t.note.empty()) out << "<p>" << html_escape(t.note) << "</p>\n";
    }
    out << "<p>Conventions: " << html_escape(kConventions)
        << ". Data: trades.csv, fills.csv, equity.csv and summary.json beside this "
           "file.</p>\n</body></html>\n";
    close_out(out, path);
}

nlohmann::json metrics_json(const Metrics& m, const std::optional<Benchmark>& benchmark) {
    nlohmann::json j = nlohmann::json::object();
    for (auto& f : metric_fields(m, benchmark ? &*benchmark : nullptr))
        if (!f.key.empty()) (f.benchmark ? j["benchmark"][f.key] : j[f.key]) = std::move(f.value);
    j["conventions"] = kConventions;
    return j;
}

void write_summary_json(const std::filesystem::path& path, const Metrics& m, const ReportInfo& info,
                        const nlohmann::json& details) {
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [k, v] : info.facts) settings[k] = v;
    nlohmann::json j{
        {"title", info.title}, {"settings", settings}, {"metrics", metrics_json(m, info.benchmark)}};
    for (const auto& [k, v] : details.items()) j[k] = v;
    auto out = open_out(path);
    out << j.dump(2) << '\n';
    close_out(out, path);
}

}  // namespace robo::report
