#pragma once
// One SQLite connection with the PRAGMAs Megatron relies on and a cache of prepared
// statements (the relay runs the same few small statements thousands of times a second).
#include "storage/sql.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace megatron::storage::sqlite {

class SqliteConnection final : public Connection {
  public:
    // Opens (creating if needed) the database file; ":memory:" gives a private in-memory one.
    static StorageResult<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                                 int busy_timeout_ms);
    // Only open() can make the key, so every connection comes out of open() configured.
    class OpenKey {
        friend class SqliteConnection;
        OpenKey() = default;
    };
    SqliteConnection(OpenKey key, sqlite3* db);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    // A single statement is prepared once and cached; a script of several statements (as in
    // migrations) runs statement by statement and must not take parameters.
    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params) override;

    // True when no transaction is open (a connection must be in this state to be pooled).
    bool in_autocommit() const;

    // Called after every commit of this connection with the size of the WAL in pages. It
    // replaces SQLite's automatic checkpoint on this connection: whoever sets it checkpoints.
    void on_wal_commit(std::function<void(int pages)> hook);

  private:
    struct StatementDeleter {
        void operator()(sqlite3_stmt* s) const;
    };
    using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;
    struct DbDeleter {
        void operator()(sqlite3* db) const;
    };

    StorageResult<Result> run(sqlite3_stmt* stmt, const std::vector<Value>& params);
    StorageResult<Result> run_script(std::string_view sql);
    StorageError error(int code, std::string_view context) const;

    static constexpr std::size_t kMaxCachedStatements = 256;

    std::unique_ptr<sqlite3, DbDeleter> db_;
    std::unordered_map<std::string, Statement> cache_;
    std::function<void(int)> wal_hook_;
};

// Maps an (extended) SQLite result code to the storage error kinds.
StorageError::Kind kind_for_sqlite_code(int extended_code);

}  // namespace megatron::storage::sqlite
