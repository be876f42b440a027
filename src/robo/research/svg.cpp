// research/svg.cpp — see svg.hpp.
#include "robo/research/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace robo::research {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                    "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

// Red (0) through white (0.5) to green (1).
std::string shade(double t) {
    t = std::clamp(t, 0.0, 1.0);
    const int r = t < 0.5 ? 215 + int(40 * t * 2) : int(255 - (t - 0.5) * 2 * 175);
    const int g = t < 0.5 ? int(60 + 195 * t * 2) : int(255 - (t - 0.5) * 2 * 95);
    const int b = t < 0.5 ? int(60 + 195 * t * 2) : int(255 - (t - 0.5) * 2 * 175);
    return fmt::format("rgb({},{},{})", r, g, b);
}

std::string svg_open(double w, double h, const std::string& title) {
    return fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" style="max-width:{}px" role="img" aria-label="{}">)"
        R"(<text x="10" y="18" class="t">{}</text>)",
        w, h, w, escape_html(title), escape_html(title));
}

std::string label(double v) {
    return std::abs(v) >= 1000 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v);
}

}  // namespace

std::string escape_html(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

std::string svg_lines(const std::string& title, const std::vector<Line>& lines, const std::string& x_first,
                      const std::string& x_last) {
    const double W = 900, H = 280, left = 80, right = 170, top = 30, bottom = 30;
    std::string o = svg_open(W, H, title);
    double x0 = std::numeric_limits<double>::max(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& l : lines)
        for (size_t i = 0; i < l.x.size(); ++i) {
            x0 = std::min(x0, l.x[i]), x1 = std::max(x1, l.x[i]);
            y0 = std::min(y0, l.y[i]), y1 = std::max(y1, l.y[i]);
        }
    if (x1 <= x0 || !std::isfinite(y0)) return o + R"(<text x="100" y="120">not enough data</text></svg>)";
    if (y1 - y0 < 1e-9) y0 -= 1, y1 += 1;
    auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * (W - left - right); };
    auto Y = [&](double y) { return top + (y1 - y) / (y1 - y0) * (H - top - bottom); };
    for (int k = 0; k <= 4; ++k) {
        const double v = y0 + (y1 - y0) * k / 4;
        o += fmt::format(R"(<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" class="g"/>)", left, W - right,
                         Y(v), Y(v));
        o += fmt::format(R"(<text x="{}" y="{:.1f}" class="a" text-anchor="end">{}</text>)", left - 6,
                         Y(v) + 4, label(v));
    }
    o += fmt::format(R"(<text x="{}" y="{}" class="a">{}</text>)", left, H - 8, escape_html(x_first));
    o += fmt::format(R"(<text x="{}" y="{}" class="a" text-anchor="end">{}</text>)", W - right, H - 8,
                     escape_html(x_last));
    for (size_t n = 0; n < lines.size(); ++n) {
        const char* colour = kPalette[n % std::size(kPalette)];
        std::string pts;
        for (size_t i = 0; i < lines[n].x.size(); ++i)
            pts += fmt::format("{:.1f},{:.1f} ", X(lines[n].x[i]), Y(lines[n].y[i]));
        o +=
            fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.4"/>)", pts, colour);
        o += fmt::format(R"(<text x="{}" y="{}" class="a" fill="{}">{}</text>)", W - right + 10,
                         top + 14 * double(n), colour, escape_html(lines[n].label));
    }
    return o + "</svg>";
}

std::string svg_heatmap(const Heatmap& h) {
    const double cw = std::max(40.0, std::min(90.0, 720.0 / double(std::max<size_t>(h.columns.size(), 1))));
    const double ch = 24, left = 90, top = 50;
    const double W = left + cw * double(h.columns.size()) + 20, H = top + ch * double(h.rows.size()) + 30;
    std::string o = svg_open(W, H, h.title);
    double lo = std::numeric_limits<double>::max(), hi = -lo;
    for (const auto& row : h.cells)
        for (const auto& c : row)
            if (c && std::isfinite(*c)) lo = std::min(lo, *c), hi = std::max(hi, *c);
    o += fmt::format(R"(<text x="{}" y="{}" class="a">{} →</text>)", left, top - 22,
                     escape_html(h.column_name));
    o += fmt::format(R"(<text x="10" y="{}" class="a">{} ↓</text>)", top - 6, escape_html(h.row_name));
    for (size_t c = 0; c < h.columns.size(); ++c)
        o += fmt::format(R"(<text x="{:.1f}" y="{}" class="a" text-anchor="middle">{}</text>)",
                         left + cw * (double(c) + 0.5), top - 6, escape_html(h.columns[c]));
    for (size_t r = 0; r < h.rows.size(); ++r) {
        const double y = top + ch * double(r);
        o += fmt::format(R"(<text x="{}" y="{:.1f}" class="a" text-anchor="end">{}</text>)", left - 6,
                         y + ch / 2 + 4, escape_html(h.rows[r]));
        for (size_t c = 0; c < h.columns.size(); ++c) {
            const auto& v = h.cells[r][c];
            const bool has = v && std::isfinite(*v);
            const std::string fill = has ? shade(hi > lo ? (*v - lo) / (hi - lo) : 0.5) : "#ddd";
            o += fmt::format(
                R"svg(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"><title>{}</title></rect>)svg",
                left + cw * double(c) + 1, y + 1, cw - 2, ch - 2, fill, escape_html(h.notes[r][c]));
            o += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="c" text-anchor="middle">{}</text>)",
                             left + cw * (double(c) + 0.5), y + ch / 2 + 4, has ? label(*v) : "-");
        }
    }
    return o + "</svg>";
}

std::string svg_parallel(const Parallel& p) {
    const double W = 900, H = 300, left = 60, right = 60, top = 40, bottom = 40;
    std::string o = svg_open(W, H, p.title);
    const size_t n = p.axes.size();
    if (n < 2 || p.lines.empty()) return o + R"(<text x="100" y="120">not enough runs</text></svg>)";
    std::vector<double> lo(n, std::numeric_limits<double>::max()), hi(n, -std::numeric_limits<double>::max());
    for (const auto& l : p.lines)
        for (size_t a = 0; a < n; ++a)
            if (std::isfinite(l[a])) lo[a] = std::min(lo[a], l[a]), hi[a] = std::max(hi[a], l[a]);
    auto X = [&](size_t a) { return left + (W - left - right) * double(a) / double(n - 1); };
    auto Y = [&](size_t a, double v) {
        const double t = hi[a] > lo[a] ? (v - lo[a]) / (hi[a] - lo[a]) : 0.5;
        return top + (1 - t) * (H - top - bottom);
    };
    for (const auto& l : p.lines) {
        if (!std::isfinite(l[n - 1])) continue;
        std::string pts;
        for (size_t a = 0; a < n; ++a)
            if (std::isfinite(l[a])) pts += fmt::format("{:.1f},{:.1f} ", X(a), Y(a, l[a]));
        const double t = hi[n - 1] > lo[n - 1] ? (l[n - 1] - lo[n - 1]) / (hi[n - 1] - lo[n - 1]) : 0.5;
        o +=
            fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.2" opacity="0.8"/>)",
                        pts, shade(t));
    }
    for (size_t a = 0; a < n; ++a) {
        o += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="#444"/>)", X(a), X(a), top,
                         H - bottom);
        o += fmt::format(R"(<text x="{:.1f}" y="{}" class="a" text-anchor="middle">{}</text>)", X(a), top - 8,
                         escape_html(p.axes[a]));
        if (hi[a] >= lo[a]) {
            o += fmt::format(R"(<text x="{:.1f}" y="{}" class="a" text-anchor="middle">{}</text>)", X(a),
                             H - bottom + 14, label(lo[a]));
            o += fmt::format(R"(<text x="{:.1f}" y="{}" class="a" text-anchor="middle">{}</text>)", X(a),
                             top + 4, label(hi[a]));
        }
    }
    return o + "</svg>";
}

}  // namespace robo::research
