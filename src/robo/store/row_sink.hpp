// store/row_sink.hpp — writes one Record into its table with a prepared statement,
// applying that table's duplicate policy, and says what happened (Outcome).
//
// The caller owns the transaction (the Writer batches many rows into one). A row refused
// by a constraint (NaN feature value, unknown run kind, ...) is reported as failed with a
// one-line reason and does not disturb the transaction; any other SQLite error (disk
// full, I/O) throws StoreError and the caller must roll back.
// Never used from two threads at once.
#pragma once
#include <memory>
#include <string>

#include "robo/store/records.hpp"
#include "robo/store/sqlite.hpp"

namespace robo::store {

class RowSink {
public:
    explicit RowSink(Connection& db);
    ~RowSink();
    RowSink(const RowSink&) = delete;
    RowSink& operator=(const RowSink&) = delete;

    // On Outcome::failed, `why` says which row and why; otherwise it is left untouched.
    Outcome write(const Record& record, std::string& why);

private:
    struct Statements;
    std::unique_ptr<Statements> st_;
};

}  // namespace robo::store
