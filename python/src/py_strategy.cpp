// python/src/py_strategy.cpp — see py_strategy.hpp.
#include "py_strategy.hpp"

#include <nlohmann/json.hpp>

#include "py_values.hpp"
#include "robo/core/time.hpp"
#include "robo/engine/engine.hpp"

namespace py = pybind11;

namespace robo::python {
namespace {

// The package's base class, whose methods are the "not overridden" defaults.
py::object base_class() {
    static py::object* base = new py::object(py::module_::import("robo_trader.strategy").attr("Strategy"));
    return *base;
}

// "Traceback (most recent call last): ...", as Python prints it.
// "ZeroDivisionError: division by zero" (error_already_set::what() adds the frames).
std::string exception_line(py::error_already_set& e) {
    std::string text = py::str(e.value()).cast<std::string>();
    std::string type = py::str(e.type().attr("__name__")).cast<std::string>();
    return text.empty() ? type : type + ": " + text;
}

std::string traceback_text(py::error_already_set& e) {
    try {
        py::object lines =
            py::module_::import("traceback").attr("format_exception")(e.type(), e.value(), e.trace());
        return py::str("").attr("join")(lines).cast<std::string>();
    } catch (const std::exception&) {
        return e.what();
    }
}

}  // namespace

void SessionHooks::interrupt(py::error_already_set& e) {
    interrupted = true;
    if (!exception) exception = e.value();
    if (engine)
        engine->stop(e.matches(PyExc_KeyboardInterrupt) ? "interrupted (KeyboardInterrupt)"
                                                        : "interrupted: " + exception_line(e));
}

strategy::Context& PyContext::live(const char* what) const {
    if (!ctx)
        throw std::runtime_error(std::string("ctx.") + what +
                                 ": this Context is only valid inside a strategy callback");
    return *ctx;
}

PythonStrategy::PythonStrategy(py::object object, std::shared_ptr<SessionHooks> hooks)
    : object_(std::move(object)), hooks_(std::move(hooks)) {
    const py::object base = base_class();
    if (!py::isinstance(object_, base))
        throw py::type_error("strategy " + py::repr(object_).cast<std::string>() +
                             ": expected an rt.Strategy instance (class MyStrategy(rt.Strategy)) or a "
                             "\"name:key=value\" string");
    const py::object type = py::type::of(object_);
    py::object name = object_.attr("name");
    name_ = name.is_none() ? type.attr("__name__").cast<std::string>() : py::str(name).cast<std::string>();
    auto count_attr = [&](const char* attr) {
        py::object v = object_.attr(attr);
        if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v) || v.cast<long long>() < 0 ||
            v.cast<long long>() > 1'000'000)
            throw py::value_error("strategy " + name_ + ": " + attr + " = " +
                                  py::repr(v).cast<std::string>() +
                                  ": expected a whole number from 0 to 1000000");
        return v.cast<long long>();
    };
    warmup_ = int(count_attr("warmup_bars"));
    history_bars_ = size_t(count_attr("history_bars"));
    // Only what the class overrides is called; the rest never takes the GIL.
    auto bound = [&](const char* callback) -> py::object {
        py::object mine = type.attr(callback);
        if (mine.is(base.attr(callback))) return py::none();
        if (!PyCallable_Check(mine.ptr()))
            throw py::type_error("strategy " + name_ + ": " + callback + " is not a method");
        return object_.attr(callback);
    };
    on_start_ = bound("on_start");
    on_bar_ = bound("on_bar");
    on_fill_ = bound("on_fill");
    on_order_ = bound("on_order");
    on_timer_ = bound("on_timer");
    on_stop_ = bound("on_stop");
    ctx_object_ = py::cast(PyContext{nullptr, this});
    ctx_ = ctx_object_.cast<PyContext*>();
}

PythonStrategy::~PythonStrategy() {
    // Python references are released with the GIL, whichever thread ends the session.
    py::gil_scoped_acquire gil;
    on_start_ = on_bar_ = on_fill_ = on_order_ = on_timer_ = on_stop_ = py::object();
    if (ctx_) ctx_->owner = nullptr;
    ctx_object_ = py::object();
    object_ = py::object();
}

template <class... Args>
void PythonStrategy::call(const py::object& fn, const char* callback, strategy::Context& ctx,
                          Args&&... args) {
    if (hooks_->interrupted) return;  // stopping after Ctrl-C: no more Python
    ctx_->ctx = &ctx;
    PyObject* argv[] = {ctx_object_.ptr(), args.ptr()...};
    PyObject* result = PyObject_Vectorcall(fn.ptr(), argv, sizeof...(Args) + 1, nullptr);
    ctx_->ctx = nullptr;
    if (result) {
        Py_DECREF(result);
        return;
    }
    py::error_already_set e;
    fail(e, callback);
}

void PythonStrategy::fail(py::error_already_set& e, const char* callback) {
    if (e.matches(PyExc_KeyboardInterrupt)) return hooks_->interrupt(e);
    const std::string trace = traceback_text(e);
    const std::string error = exception_line(e);
    const std::string message = "strategy " + name_ + " raised in " + callback + ": " + error;
    if (hooks_->failure.empty()) {
        hooks_->failure = message + "\n" + trace;
        hooks_->exception = e.value();
    }
    if (hooks_->audit)
        hooks_->audit->record(
            "strategy_error",
            {{"strategy", name_}, {"callback", callback}, {"error", error}, {"traceback", trace}});
    throw std::runtime_error(message);
}

void PythonStrategy::remember(const Bar& bar) {
    seen_timeframe_ = bar.timeframe;
    if (history_bars_ == 0) return;
    auto& ring = history_[bar.symbol];
    if (ring.size() == history_bars_) ring.pop_front();
    ring.push_back(bar);
}

std::vector<Bar> PythonStrategy::history(Symbol symbol, size_t n) const {
    auto it = history_.find(symbol);
    if (it == history_.end()) return {};
    const auto& ring = it->second;
    n = std::min(n, ring.size());
    return {ring.end() - std::ptrdiff_t(n), ring.end()};
}

void PythonStrategy::on_start(strategy::Context& ctx) {
    if (on_start_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_start_, "on_start", ctx);
}

void PythonStrategy::on_bar(strategy::Context& ctx, const Bar& bar) {
    remember(bar);
    if (on_bar_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_bar_, "on_bar", ctx, py::cast(PyBar{bar}));
}

void PythonStrategy::on_fill(strategy::Context& ctx, const Fill& fill) {
    if (on_fill_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_fill_, "on_fill", ctx, py::cast(PyFill{fill}));
}

void PythonStrategy::on_order(strategy::Context& ctx, const strategy::OrderEvent& event) {
    if (on_order_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_order_, "on_order", ctx, py::cast(PyOrderEvent{event}));
}

void PythonStrategy::on_timer(strategy::Context& ctx, strategy::TimerId id) {
    if (on_timer_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_timer_, "on_timer", ctx, py::int_(id));
}

void PythonStrategy::on_stop(strategy::Context& ctx) {
    if (on_stop_.is_none()) return;
    py::gil_scoped_acquire gil;
    call(on_stop_, "on_stop", ctx);
}

}  // namespace robo::python
