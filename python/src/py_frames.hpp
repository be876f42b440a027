// python/src/py_frames.hpp — rows of the engine's records as columns for a pandas DataFrame:
// one numpy array per numeric or time column (times as int64 nanoseconds, UTC), one list of
// str per text column, filled column by column (robo_trader/_frames.py makes the frame).
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "robo/core/time.hpp"

namespace robo::python {

template <class Rows>
class FrameColumns {
public:
    explicit FrameColumns(const Rows& rows) : rows_(rows) {}

    template <class Fn>
    FrameColumns& time(const char* name, Fn value) {
        return fill<int64_t>(name, [&](const auto& r) { return unix_nanos(value(r)); });
    }
    template <class Fn>
    FrameColumns& number(const char* name, Fn value) {
        return fill<double>(name, value);
    }
    template <class Fn>
    FrameColumns& text(const char* name, Fn value) {
        pybind11::list column(rows_.size());
        size_t i = 0;
        for (const auto& r : rows_) column[i++] = pybind11::str(std::string(value(r)));
        columns_[name] = column;
        return *this;
    }
    pybind11::dict done() { return columns_; }

private:
    template <class T, class Fn>
    FrameColumns& fill(const char* name, Fn value) {
        pybind11::array_t<T> column(pybind11::ssize_t(rows_.size()));
        auto out = column.template mutable_unchecked<1>();
        pybind11::ssize_t i = 0;
        for (const auto& r : rows_) out(i++) = T(value(r));
        columns_[name] = column;
        return *this;
    }

    const Rows& rows_;
    pybind11::dict columns_;
};

}  // namespace robo::python
