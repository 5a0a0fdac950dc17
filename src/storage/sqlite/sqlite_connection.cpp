#include "storage/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace megatron::storage::sqlite {
namespace {

bool only_whitespace_or_comments(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i])) != 0 || s[i] == ';') {
            ++i;
        } else if (s.substr(i, 2) == "--") {
            auto nl = s.find('\n', i);
            if (nl == std::string_view::npos) return true;
            i = nl + 1;
        } else if (s.substr(i, 2) == "/*") {
            auto end = s.find("*/", i + 2);
            if (end == std::string_view::npos) return true;
            i = end + 2;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

StorageError::Kind kind_for_sqlite_code(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return StorageError::Kind::Conflict;
        default:
            break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_CONSTRAINT:
        case SQLITE_ERROR:
        case SQLITE_MISMATCH:
        case SQLITE_RANGE:
        case SQLITE_TOOBIG:
            return StorageError::Kind::Invalid;
        default:  // BUSY, LOCKED, IOERR, FULL, CANTOPEN, CORRUPT, READONLY, NOMEM, ...
            return StorageError::Kind::Unavailable;
    }
}

void SqliteConnection::StatementDeleter::operator()(sqlite3_stmt* s) const {
    sqlite3_finalize(s);
}
void SqliteConnection::DbDeleter::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

SqliteConnection::SqliteConnection(OpenKey /*key*/, sqlite3* db) : db_(db) {}

SqliteConnection::~SqliteConnection() {
    cache_.clear();  // statements must be finalized before the database closes
}

namespace {

// The database holds tokens and customers' messages: a new file is created readable by its
// owner only (0600), whatever the umask. SQLite gives its -wal, -shm and -journal files the
// mode of the database file, so they follow.
StorageResult<void> create_private(const std::string& path) {
    if (path.empty() || path == ":memory:" || path.starts_with("file:")) return {};
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
        return {};
    }
    if (errno == EEXIST) return {};
    return unexpected(StorageError{
        StorageError::Kind::Unavailable,
        fmt::format("cannot create sqlite database {}: {}", path, std::strerror(errno))});
}

}  // namespace

StorageResult<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                        int busy_timeout_ms) {
    if (auto created = create_private(path); !created) return unexpected(created.error());
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    auto conn = std::make_unique<SqliteConnection>(OpenKey{}, raw);
    if (rc != SQLITE_OK) {
        return unexpected(StorageError{StorageError::Kind::Unavailable,
                                       fmt::format("cannot open sqlite database {}: {}", path,
                                                   raw ? sqlite3_errmsg(raw) : "out of memory")});
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    // WAL lets readers run beside the one writer; NORMAL sync is durable across application
    // crashes (only an OS crash can lose the last commits), the usual WAL trade-off.
    // secure_delete zeroes what a DELETE or UPDATE frees, so forgotten customers, pruned rows
    // and tokens sealed after the fact do not linger in free pages (docs/data.md).
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA synchronous=NORMAL", "PRAGMA secure_delete=ON"}) {
        auto r = conn->run_script(pragma);
        if (!r) return unexpected(r.error());
    }
    return conn;
}

void SqliteConnection::on_wal_commit(std::function<void(int pages)> hook) {
    wal_hook_ = std::move(hook);
    sqlite3_wal_hook(
        db_.get(),
        [](void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
            static_cast<SqliteConnection*>(self)->wal_hook_(pages);
            return SQLITE_OK;
        },
        this);
}

bool SqliteConnection::in_autocommit() const {
    return sqlite3_get_autocommit(db_.get()) != 0;
}

StorageError SqliteConnection::error(int code, std::string_view context) const {
    // sqlite3_errmsg names tables and columns, never bound values.
    return StorageError{kind_for_sqlite_code(code),
                        fmt::format("sqlite {}: {}", context, sqlite3_errmsg(db_.get()))};
}

StorageResult<Result> SqliteConnection::execute(std::string_view sql,
                                                const std::vector<Value>& params) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return run(it->second.get(), params);

    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    Statement stmt(raw);
    if (rc != SQLITE_OK) return unexpected(error(sqlite3_extended_errcode(db_.get()), "prepare"));
    const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
    if (!only_whitespace_or_comments(rest)) {
        if (!params.empty()) {
            return unexpected(StorageError{StorageError::Kind::Invalid,
                                           "sqlite: parameters given to a multi-statement script"});
        }
        stmt.reset();
        return run_script(sql);
    }
    if (!stmt) return Result{};                                 // only comments or whitespace
    if (cache_.size() >= kMaxCachedStatements) cache_.clear();  // a crude bound; rarely reached
    auto* handle = stmt.get();
    cache_.emplace(std::move(key), std::move(stmt));
    return run(handle, params);
}

StorageResult<Result> SqliteConnection::run_script(std::string_view sql) {
    Result last;
    while (!sql.empty()) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int rc =
            sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
        Statement stmt(raw);
        if (rc != SQLITE_OK) {
            return unexpected(error(sqlite3_extended_errcode(db_.get()), "prepare"));
        }
        sql = sql.substr(static_cast<std::size_t>(tail - sql.data()));
        if (!stmt) continue;  // whitespace or a comment
        auto r = run(stmt.get(), {});
        if (!r) return r;
        last = std::move(*r);
    }
    return last;
}

StorageResult<Result> SqliteConnection::run(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    // Leave the cached statement reset and unbound whatever happens below.
    struct ResetOnExit {
        sqlite3_stmt* s;
        ~ResetOnExit() {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
        }
    } reset_on_exit{stmt};

    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
        return unexpected(
            StorageError{StorageError::Kind::Invalid,
                         fmt::format("sqlite: statement takes {} parameters, {} given",
                                     sqlite3_bind_parameter_count(stmt), params.size())});
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        const Value& v = params[i];
        int rc = SQLITE_OK;
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            rc = sqlite3_bind_int64(stmt, index, *n);
        } else if (const auto* d = std::get_if<double>(&v)) {
            rc = sqlite3_bind_double(stmt, index, *d);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            // STATIC: params outlive the statement's use; bindings are cleared on exit.
            rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
        } else {
            rc = sqlite3_bind_null(stmt, index);
        }
        if (rc != SQLITE_OK) return unexpected(error(rc, "bind"));
    }

    Result result;
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return unexpected(error(sqlite3_extended_errcode(db_.get()), "step"));
        Row row;
        row.columns.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(stmt, c)) {
                case SQLITE_INTEGER:
                    row.columns.emplace_back(std::int64_t{sqlite3_column_int64(stmt, c)});
                    break;
                case SQLITE_FLOAT:
                    row.columns.emplace_back(sqlite3_column_double(stmt, c));
                    break;
                case SQLITE_NULL:
                    row.columns.emplace_back(std::monostate{});
                    break;
                default: {  // TEXT and BLOB
                    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                    const int size = sqlite3_column_bytes(stmt, c);
                    row.columns.emplace_back(
                        std::string(data ? data : "", static_cast<std::size_t>(size)));
                }
            }
        }
        result.rows.push_back(std::move(row));
    }
    // sqlite3_changes reports the last write, so a read must not pick up a stale count.
    result.affected = sqlite3_stmt_readonly(stmt) != 0 ? 0 : sqlite3_changes64(db_.get());
    return result;
}

}  // namespace megatron::storage::sqlite
