// python/src/py_session.cpp — see py_session.hpp.
#include "py_session.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "py_frames.hpp"
#include "py_request.hpp"
#include "robo/config/options.hpp"
#include "robo/report/outputs.hpp"
#include "robo/session/plan.hpp"

namespace py = pybind11;

namespace robo::python {
namespace {

// Plans rt.load_data's selection: a stand-in strategy asks for the warm-up it was given.
class WarmupOnly final : public strategy::Strategy {
public:
    explicit WarmupOnly(int bars) : bars_(bars) {}
    std::string_view name() const noexcept override { return "load_data"; }
    int warmup_bars() const noexcept override { return bars_; }

private:
    int bars_;
};

// The plan's errors (std::invalid_argument: a bad value) are ValueErrors; files and
// connections (std::runtime_error) stay RuntimeErrors.
template <class Fn>
auto refused_as_value_error(Fn&& fn) {
    try {
        return fn();
    } catch (const std::invalid_argument& e) {
        throw py::value_error(e.what());
    }
}

session::SessionRequest request_from(const py::dict& fields, const char* caller) {
    session::SessionRequest r;
    r.no_record = true;     // a Python session records into a database only when asked
    r.write_files = false;  // files only with out=
    apply_request(fields, r, caller);
    // Asking for the features asks for the recording they go into (unless no_record= says no,
    // which the plan then refuses with the reason).
    if (r.record_features && !fields.contains("no_record")) r.no_record = false;
    return r;
}

int largest_warmup(const session::Plan& plan) {
    int most = 0;
    for (const auto& [tf, bars] : plan.data.warmup) most = std::max(most, bars);
    return most;
}

// Ctrl-C while no Python strategy runs: the engine's progress tick looks at Python's signals.
void watch_signals(session::SessionBuilder& b, const std::shared_ptr<SessionHooks>& hooks) {
    b.session().engine().set_progress([hooks](const engine::Progress&) {
        py::gil_scoped_acquire gil;
        if (hooks->interrupted || PyErr_CheckSignals() == 0) return;
        py::error_already_set e;
        hooks->interrupt(e);
    });
}

std::unique_ptr<PySession> run_session(const PyData* data, const py::dict& fields, const py::list& strategies,
                                       const ConfigSource& config, const std::string& kind) {
    const char* caller = kind == "backtest" ? "rt.backtest" : "rt.run";
    session::SessionRequest r = request_from(fields, caller);
    r.mode = kind == "backtest" ? engine::Mode::backtest : engine::Mode::replay;
    r.command = kind;
    if (data) {
        for (const char* key : {"data", "db", "symbols", "from", "to", "time_zone"})
            if (fields.contains(key) && !fields[key].is_none())
                throw py::type_error(std::string(caller) + ": " +
                                     (std::string(key) == "from" ? "start"
                                      : std::string(key) == "to" ? "end"
                                                                 : key) +
                                     " selects data: give it to rt.load_data (this data is already loaded)");
        const auto& s = data->selection;
        r.data = s.data;
        r.db = s.db;
        r.symbols = s.symbols;
        r.from = s.from;
        r.to = s.to;
        r.time_zone = s.time_zone;
    }
    auto out = std::make_unique<PySession>();
    out->hooks = std::make_shared<SessionHooks>();
    for (py::handle item : strategies) {
        if (py::isinstance<py::str>(item)) {
            r.strategies.push_back(item.cast<std::string>());
            continue;
        }
        auto adapter = std::make_shared<PythonStrategy>(py::reinterpret_borrow<py::object>(item), out->hooks);
        strategy::StrategyObject o{adapter, 1.0, std::nullopt};
        const py::object weight = item.attr("weight");
        if (!(py::isinstance<py::float_>(weight) || py::isinstance<py::int_>(weight)) ||
            py::isinstance<py::bool_>(weight))
            throw py::type_error("strategy " + std::string(adapter->name()) + ": weight = " +
                                 py::repr(weight).cast<std::string>() + ": expected a number");
        o.weight = weight.cast<double>();
        const py::object tf = item.attr("timeframe");
        if (!tf.is_none()) {
            if (!py::isinstance<py::str>(tf))
                throw py::type_error("strategy " + std::string(adapter->name()) +
                                     ": timeframe: expected a string such as \"1d\"");
            o.timeframe = parse_timeframe(tf.cast<std::string>());
            if (!o.timeframe)
                throw py::value_error("strategy " + std::string(adapter->name()) + ": timeframe \"" +
                                      tf.cast<std::string>() +
                                      "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d or session");
        }
        r.strategy_objects.push_back(std::move(o));
    }
    const config::LoadResult loaded = config.load();
    session::Plan plan = refused_as_value_error([&] { return session::plan_session(loaded, r); });
    // Python's own Ctrl-C handling stays in place: the engine must not take SIGINT over.
    plan.engine.engine.handle_signals = false;
    plan.engine.engine.progress_interval = std::chrono::milliseconds(200);
    // The loop yields every `batch` time slices: a stop (Ctrl-C) is acted on within 64 of
    // them rather than 4096 (a whole daily backtest). Decisions do not depend on it.
    plan.engine.engine.batch = 64;
    if (data && plan.data.from && largest_warmup(plan) > data->warmup)
        throw py::value_error(std::string(caller) + ": the strategies need " +
                              std::to_string(largest_warmup(plan)) +
                              " bars of warm-up before start=" + r.from +
                              " but the data was loaded with warmup=" + std::to_string(data->warmup) +
                              ": rt.load_data(..., warmup=" + std::to_string(largest_warmup(plan)) + ")");
    // The session's log: beside its files like the command line's (out=), else only errors, as
    // text, on stderr: a notebook shows what went wrong, not every state change.
    if (plan.request.write_files) {
        std::filesystem::create_directories(
            plan.log.file.parent_path().empty() ? "." : plan.log.file.parent_path());
        log::configure(plan.log);
    } else {
        log::LogOptions quiet;
        quiet.level = log::Level::error;
        quiet.format = log::Format::text;
        log::configure(quiet);
    }
    std::ostringstream messages;
    {
        // Loading files and connecting to a simulator can take a while: no GIL needed.
        py::gil_scoped_release released;
        out->builder = data ? std::make_unique<session::SessionBuilder>(std::move(plan), data->loaded)
                            : std::make_unique<session::SessionBuilder>(std::move(plan));
        if (!out->builder->data_complete()) {
            std::string files;
            for (const auto& f : out->builder->data().failures) files += "\n  " + f;
            throw std::runtime_error(std::to_string(out->builder->data().failures.size()) +
                                     " file(s) could not be read:" + files);
        }
        out->builder->assemble(messages);
    }
    SessionHooks& hooks = *out->hooks;
    engine::Session& s = out->builder->session();
    hooks.symbols.insert(out->builder->data().symbols.begin(), out->builder->data().symbols.end());
    hooks.audit = out->builder->audit_trail();
    hooks.engine = &s.engine();
    watch_signals(*out->builder, out->hooks);
    {
        py::gil_scoped_release released;
        out->outcome = out->builder->run(messages);
    }
    out->messages = messages.str();
    return out;
}

py::dict fills_columns(const exec::Portfolio& p) {
    return FrameColumns(p.fills())
        .time("time", [](const Fill& f) { return f.time; })
        .text("client_id", [](const Fill& f) { return f.client_id; })
        .text("exec_id", [](const Fill& f) { return f.exec_id; })
        .text("symbol", [](const Fill& f) { return f.symbol.view(); })
        .text("side", [](const Fill& f) { return to_string(f.side); })
        .number("quantity", [](const Fill& f) { return f.quantity.to_double(); })
        .number("price", [](const Fill& f) { return f.price.to_double(); })
        .number("commission", [](const Fill& f) { return f.commission.to_double(); })
        .done();
}

py::dict trades_columns(const exec::Portfolio& p) {
    using T = exec::ClosedTrade;
    return FrameColumns(p.closed_trades())
        .text("symbol", [](const T& t) { return t.symbol.view(); })
        .text("direction", [](const T& t) { return t.direction > 0 ? "long" : "short"; })
        .time("opened", [](const T& t) { return t.opened; })
        .time("closed", [](const T& t) { return t.closed; })
        .number("quantity", [](const T& t) { return t.quantity.to_double(); })
        .number("entry_price", [](const T& t) { return t.entry_price.to_double(); })
        .number("exit_price", [](const T& t) { return t.exit_price.to_double(); })
        .number("pnl", [](const T& t) { return t.pnl.to_double(); })
        .number("commissions", [](const T& t) { return t.commissions.to_double(); })
        .done();
}

py::dict equity_columns(const exec::Portfolio& p) {
    using E = exec::EquityPoint;
    return FrameColumns(p.equity_curve())
        .time("time", [](const E& e) { return e.time; })
        .number("cash", [](const E& e) { return e.cash.to_double(); })
        .number("market_value", [](const E& e) { return e.market_value.to_double(); })
        .number("equity", [](const E& e) { return e.equity.to_double(); })
        .number("gross_exposure", [](const E& e) { return e.gross_exposure.to_double(); })
        .done();
}

// Every order of the session (no CSV holds them; the database's orders table has these facts).
py::dict orders_columns(const exec::OrderManager& orders) {
    using M = exec::ManagedOrder;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto price = [nan](const std::optional<Price>& p) { return p ? p->to_double() : nan; };
    return FrameColumns(orders.all())
        .text("client_id", [](const M& m) { return m.order.client_id; })
        .text("symbol", [](const M& m) { return m.order.symbol.view(); })
        .text("side", [](const M& m) { return to_string(m.order.side); })
        .text("type", [](const M& m) { return to_string(m.order.type); })
        .text("tif", [](const M& m) { return to_string(m.order.tif); })
        .number("quantity", [](const M& m) { return m.order.quantity.to_double(); })
        .number("limit", [&](const M& m) { return price(m.order.limit); })
        .number("stop", [&](const M& m) { return price(m.order.stop); })
        .number("protective_stop", [&](const M& m) { return price(m.order.protective_stop); })
        .text("status", [](const M& m) { return to_string(m.status); })
        .number("filled", [](const M& m) { return m.filled.to_double(); })
        .number("average_price",
                [nan](const M& m) {
                    return m.filled.is_zero() ? nan : m.filled_value.to_double() / m.filled.to_double();
                })
        .number("commission", [](const M& m) { return m.commission.to_double(); })
        .time("created", [](const M& m) { return m.order.created; })
        .time("updated", [](const M& m) { return m.updated; })
        .text("strategy", [](const M& m) { return m.order.strategy; })
        .text("reason", [](const M& m) { return m.reason; })
        .done();
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The run's HTML report, as the command line writes it (into a scratch folder when the
// session wrote no files).
std::string report_html(PySession& s) {
    if (!s.outcome.files.report.empty()) return read_file(s.outcome.files.report);
    auto& b = *s.builder;
    const auto dir =
        std::filesystem::temp_directory_path() / ("robo_trader_report_" + std::to_string(::getpid()) + "_" +
                                                  std::to_string(reinterpret_cast<uintptr_t>(&s)));
    auto files = engine::write_run_files(dir, b.session(), b.data(), s.outcome.metrics,
                                         b.report_info(s.outcome.summary));
    std::string html = read_file(files.report);
    std::filesystem::remove_all(dir);
    return html;
}

}  // namespace

config::LoadResult ConfigSource::load() const {
    config::LoadOptions options;
    if (env_file) options.env_file = *env_file;
    if (config_file) options.config_file = *config_file;
    for (const auto& [what, file] : {std::pair{"env_file", env_file}, {"config", config_file}})
        if (file && !std::filesystem::is_regular_file(*file))
            throw py::value_error(std::string(what) + "=" + *file + ": no such file");
    options.overrides = overrides;
    config::LoadResult result = config::load(options);
    for (const auto& w : result.warnings()) PyErr_WarnEx(PyExc_UserWarning, w.c_str(), 2);
    if (!result.ok()) {
        std::string all;
        for (const auto& e : result.errors()) all += (all.empty() ? "" : "\n") + e;
        throw py::value_error(all);
    }
    return result;
}

void bind_sessions(py::module_& m) {
    py::class_<PyData, std::shared_ptr<PyData>>(m, "Data", "Market data loaded once (rt.load_data)")
        .def_property_readonly("symbols",
                               [](const PyData& d) {
                                   std::vector<std::string> out;
                                   for (const auto& s : d.loaded->symbols) out.push_back(s.str());
                                   return out;
                               })
        .def_property_readonly("bars", [](const PyData& d) { return d.loaded->bars; })
        .def_property_readonly("warmup_bars", [](const PyData& d) { return d.loaded->warmup_bars; })
        .def_property_readonly("events", [](const PyData& d) { return d.loaded->feed.size(); })
        .def_property_readonly("quarantined_rows", [](const PyData& d) { return d.loaded->quarantined_rows; })
        .def_property_readonly("rejected_rows", [](const PyData& d) { return d.loaded->rejected_rows; })
        .def_property_readonly("failures", [](const PyData& d) { return d.loaded->failures; })
        .def("__repr__", [](const PyData& d) {
            return "<robo_trader.Data " + std::to_string(d.loaded->symbols.size()) + " symbols, " +
                   std::to_string(d.loaded->bars) + " bars from " +
                   (d.selection.db ? *d.selection.db : d.selection.data.value_or("?")) + ">";
        });

    m.def(
        "load_data",
        [](const py::dict& fields, std::optional<std::string> env_file,
           std::optional<std::string> config_file, std::vector<std::string> overrides, int warmup) {
            auto d = std::make_shared<PyData>();
            d->selection = request_from(fields, "rt.load_data");
            d->config = {std::move(env_file), std::move(config_file), std::move(overrides)};
            if (warmup < 0)
                throw py::value_error("rt.load_data: warmup=" + std::to_string(warmup) +
                                      ": expected 0 or more bars");
            d->warmup = warmup;
            session::SessionRequest r = d->selection;
            r.strategy_objects.push_back({std::make_shared<WarmupOnly>(warmup), 1.0, std::nullopt});
            const auto loaded = d->config.load();
            const session::Plan plan =
                refused_as_value_error([&] { return session::plan_session(loaded, r); });
            py::gil_scoped_release released;
            d->loaded = session::SessionBuilder::load_data(plan);
            return d;
        },
        py::arg("fields"), py::arg("env_file"), py::arg("config_file"), py::arg("overrides"),
        py::arg("warmup"));

    py::class_<PySession>(m, "Session", "A finished session (robo_trader.Result wraps it)")
        .def_property_readonly("fills",
                               [](PySession& s) { return fills_columns(s.builder->session().portfolio()); })
        .def_property_readonly("trades",
                               [](PySession& s) { return trades_columns(s.builder->session().portfolio()); })
        .def_property_readonly("equity",
                               [](PySession& s) { return equity_columns(s.builder->session().portfolio()); })
        .def_property_readonly("orders",
                               [](PySession& s) { return orders_columns(s.builder->session().orders()); })
        .def_property_readonly(
            "metrics_json",
            [](PySession& s) { return report::metrics_json(s.outcome.metrics, std::nullopt).dump(); })
        .def_property_readonly("summary_json",
                               [](PySession& s) { return s.outcome.summary.to_json().dump(); })
        .def_property_readonly("plan_json", [](PySession& s) { return s.builder->plan().to_json().dump(); })
        .def_property_readonly(
            "state",
            [](PySession& s) { return std::string(engine::to_string(s.outcome.summary.final_state)); })
        .def_property_readonly("stop_reason", [](PySession& s) { return s.outcome.summary.stop_reason; })
        .def_property_readonly("failure", [](PySession& s) { return s.hooks->failure; })
        .def_property_readonly("exception", [](PySession& s) { return s.hooks->exception; })
        .def_property_readonly("interrupted", [](PySession& s) { return s.hooks->interrupted; })
        .def_property_readonly("exit_code", [](PySession& s) { return s.outcome.exit_code(); })
        .def_property_readonly("messages", [](PySession& s) { return s.messages; })
        .def_property_readonly("files",
                               [](PySession& s) {
                                   const auto& f = s.outcome.files;
                                   py::dict d;
                                   if (f.report.empty()) return d;
                                   d["trades"] = f.trades.string(), d["fills"] = f.fills.string();
                                   d["equity"] = f.equity.string(), d["report"] = f.report.string();
                                   d["summary"] = f.summary.string();
                                   d["audit"] = s.builder->plan().audit_path.string();
                                   return d;
                               })
        .def("report_html", &report_html);

    m.def("option_names", [] {
        std::vector<std::string> names;
        for (const auto& o : config::options()) names.emplace_back(o.name);
        return names;
    });
    m.def("closest_option",
          [](const std::string& name) { return std::string(config::closest_option(name)); });

    m.def(
        "run_session",
        [](const PyData* data, const py::dict& fields, const py::list& strategies,
           std::optional<std::string> env_file, std::optional<std::string> config_file,
           std::vector<std::string> overrides, const std::string& kind) {
            return run_session(
                data, fields, strategies,
                ConfigSource{std::move(env_file), std::move(config_file), std::move(overrides)}, kind);
        },
        py::arg("data"), py::arg("fields"), py::arg("strategies"), py::arg("env_file"),
        py::arg("config_file"), py::arg("overrides"), py::arg("kind"));
}

}  // namespace robo::python
