// store/sqlite.hpp — thin RAII wrappers over libsqlite3: a connection, a prepared
// statement and a transaction.
//
// Every failure throws StoreError naming the database file, what was being done and
// SQLite's own message, so a caller never has to look up a result code. These wrappers
// add no policy (no pragmas, no schema): store/database.hpp decides how a connection is
// configured. A Connection is used by one thread at a time; it must never be shared
// between threads without the caller's own exclusion.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace robo::store {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Connection {
public:
    enum class Mode { read_write_create, read_write, read_only };

    Connection() = default;
    Connection(const std::filesystem::path& file, Mode mode);
    ~Connection();
    Connection(Connection&& o) noexcept;
    Connection& operator=(Connection&& o) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements that return no rows (DDL, pragmas, BEGIN/COMMIT).
    void exec(std::string_view sql);
    // First column of the first row as an integer (PRAGMA user_version, count(*)).
    int64_t query_int(std::string_view sql);
    // First column of the first row as text (PRAGMA journal_mode, integrity_check).
    std::string query_text(std::string_view sql);

    int changes() const noexcept { return sqlite3_changes(db_); }
    sqlite3* handle() const noexcept { return db_; }
    const std::filesystem::path& file() const noexcept { return file_; }
    bool is_open() const noexcept { return db_ != nullptr; }

    // "robo.db: while <what>: <sqlite message>"
    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
};

class Statement {
public:
    Statement() = default;
    Statement(Connection& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& o) noexcept;
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int i, int64_t v);
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view v);  // copied by SQLite (SQLITE_TRANSIENT)
    // Not copied (SQLITE_STATIC): the text must stay alive until the next step()/run().
    // For hot paths (a tick's symbol), where the copy is a measurable share of an insert.
    Statement& bind_view(int i, std::string_view v);
    Statement& bind_null(int i);
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // Advances; true while a row is available.
    bool step();
    // step() for a statement that returns no rows, then reset(); returns the SQLite code
    // (SQLITE_DONE, or SQLITE_CONSTRAINT_* which the caller may treat as a duplicate).
    // Other errors throw.
    int run();
    void reset() noexcept;

    bool is_null(int col) const noexcept;
    int64_t column_int(int col) const noexcept;
    double column_double(int col) const noexcept;
    std::string_view column_text(int col) const noexcept;
    std::optional<int64_t> column_opt_int(int col) const noexcept;

private:
    Connection* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN on construction, ROLLBACK on destruction unless commit() was called.
class Transaction {
public:
    enum class Kind { deferred, immediate };
    explicit Transaction(Connection& db, Kind kind = Kind::immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& db_;
    bool open_ = true;
};

}  // namespace robo::store
