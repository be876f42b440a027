// store/sqlite.cpp — see sqlite.hpp.
#include "robo/store/sqlite.hpp"

#include <utility>

namespace robo::store {

Connection::Connection(const std::filesystem::path& file, Mode mode) : file_(file) {
    // SQLite's memory statistics take a global mutex on every allocation (about 5% of a
    // tick insert's instructions under callgrind); robo_trader never reads them. Must come
    // before SQLite initializes; if something else initialized it first, the call is
    // refused and nothing changes.
    static const int no_memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)no_memstatus;
    int flags = SQLITE_OPEN_NOMUTEX;  // one thread per connection; no SQLite-level mutex
    switch (mode) {
        case Mode::read_write_create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case Mode::read_write:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::read_only:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError(file.string() + ": cannot open database: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    if (db_) sqlite3_close_v2(db_);
}

Connection::Connection(Connection&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), file_(std::move(o.file_)) {}

Connection& Connection::operator=(Connection&& o) noexcept {
    if (this != &o) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(o.db_, nullptr);
        file_ = std::move(o.file_);
    }
    return *this;
}

void Connection::fail(std::string_view what) const {
    throw StoreError(file_.string() + ": while " + std::string(what) + ": " +
                     (db_ ? sqlite3_errmsg(db_) : "database is closed"));
}

void Connection::exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        std::string head = text.substr(0, 60);
        throw StoreError(file_.string() + ": while running \"" + head + (text.size() > 60 ? "...\"" : "\"") +
                         ": " + msg);
    }
}

int64_t Connection::query_int(std::string_view sql) {
    Statement st(*this, sql);
    if (!st.step()) fail("reading a value (no row returned)");
    return st.column_int(0);
}

std::string Connection::query_text(std::string_view sql) {
    Statement st(*this, sql);
    if (!st.step()) fail("reading a value (no row returned)");
    return std::string(st.column_text(0));
}

Statement::Statement(Connection& db, std::string_view sql) : db_(&db) {
    if (sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK)
        db.fail("preparing \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), stmt_(std::exchange(o.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        if (stmt_) sqlite3_finalize(stmt_);
        db_ = std::exchange(o.db_, nullptr);
        stmt_ = std::exchange(o.stmt_, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int i, int64_t v) {
    if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) db_->fail("binding an integer");
    return *this;
}
Statement& Statement::bind(int i, double v) {
    if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) db_->fail("binding a real");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    // An empty string_view may have a null data(), which SQLite would bind as NULL.
    if (v.data() == nullptr) v = "";
    if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        db_->fail("binding text");
    return *this;
}
Statement& Statement::bind_view(int i, std::string_view v) {
    if (v.data() == nullptr) v = "";
    if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC) != SQLITE_OK)
        db_->fail("binding text");
    return *this;
}
Statement& Statement::bind_null(int i) {
    if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_->fail("binding null");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string sql = sqlite3_sql(stmt_);
    sqlite3_reset(stmt_);
    db_->fail("running \"" + sql.substr(0, 60) + "\"");
}

int Statement::run() {
    int rc = sqlite3_step(stmt_);
    int ext = sqlite3_extended_errcode(db_->handle());
    sqlite3_reset(stmt_);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_DONE;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return ext;
    std::string sql = sqlite3_sql(stmt_);
    throw StoreError(db_->file().string() + ": while running \"" + sql.substr(0, 60) +
                     "\": " + sqlite3_errstr(ext));
}

void Statement::reset() noexcept { sqlite3_reset(stmt_); }

bool Statement::is_null(int col) const noexcept { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::column_int(int col) const noexcept { return sqlite3_column_int64(stmt_, col); }
double Statement::column_double(int col) const noexcept { return sqlite3_column_double(stmt_, col); }
std::string_view Statement::column_text(int col) const noexcept {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view{};
}
std::optional<int64_t> Statement::column_opt_int(int col) const noexcept {
    if (is_null(col)) return std::nullopt;
    return column_int(col);
}

Transaction::Transaction(Connection& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace robo::store
