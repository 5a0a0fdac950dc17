#include "storage/sqlite/sqlite_database.hpp"

#include "storage/connection_pool.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

#include <chrono>
#include <mutex>
#include <thread>

namespace megatron::storage::sqlite {
namespace {

bool is_busy(const StorageError& e) {
    return e.kind == StorageError::Kind::Unavailable;
}

// Passes statements through and remembers whether any failed.
class FailureRecorder final : public Connection {
  public:
    explicit FailureRecorder(Connection& inner) : inner_(inner) {}
    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params) override {
        auto r = inner_.execute(sql, params);
        if (!r) failed_ = true;
        return r;
    }
    bool failed() const { return failed_; }

  private:
    Connection& inner_;
    bool failed_ = false;
};

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(std::string path, SqliteOptions options)
        : path_(std::move(path)),
          options_(options),
          pool_(path_ == ":memory:" ? 1 : static_cast<std::size_t>(options.pool_size),
                [this] { return SqliteConnection::open(path_, options_.busy_timeout_ms); }) {}

    StorageResult<void> open_first() {
        auto first = SqliteConnection::open(path_, options_.busy_timeout_ms);
        if (!first) return unexpected(first.error());
        pool_.adopt(std::move(*first));
        return {};
    }

    Dialect dialect() const override { return Dialect::Sqlite; }
    std::string describe() const override { return "sqlite"; }

    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params) override {
        auto lease = pool_.acquire();
        if (!lease) return unexpected(lease.error());
        auto result = (*lease)->execute(sql, params);
        if (!(*lease)->in_autocommit()) {
            // The caller opened a transaction by hand and left it; never pool it half-done.
            (*lease)->execute("ROLLBACK", {}).value_or(Result{});
        }
        return result;
    }

    StorageResult<void> transaction(
        const std::function<StorageResult<void>(Connection&)>& work) override {
        // Queue on the writer lock before taking a connection, so waiting writers do not
        // hold pooled connections that readers could use.
        std::lock_guard writer(writer_);
        auto lease = pool_.acquire();
        if (!lease) return unexpected(lease.error());
        SqliteConnection& conn = **lease;

        for (int attempt = 0;; ++attempt) {
            auto begun = conn.execute("BEGIN IMMEDIATE", {});
            if (begun) break;
            if (!is_busy(begun.error()) || attempt >= options_.busy_retries) {
                return unexpected(begun.error());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
        }

        // Work sees the connection through a recorder of failed statements: PostgreSQL aborts a
        // transaction after any failed statement, and SQLite must not commit what it would not.
        FailureRecorder recorder(conn);
        StorageResult<void> outcome;
        try {
            outcome = work(recorder);
        } catch (...) {
            rollback(*lease);
            throw;
        }
        if (outcome && recorder.failed()) {
            outcome = unexpected(StorageError{StorageError::Kind::Invalid,
                                              "sqlite: transaction aborted by an earlier failed "
                                              "statement"});
        }
        if (!outcome) {
            rollback(*lease);
            return outcome;
        }
        for (int attempt = 0;; ++attempt) {
            auto committed = conn.execute("COMMIT", {});
            if (committed) return {};
            if (!is_busy(committed.error()) || attempt >= options_.busy_retries) {
                rollback(*lease);
                return unexpected(committed.error());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
        }
    }

  private:
    using Pool = ConnectionPool<SqliteConnection>;

    static void rollback(Pool::Lease& lease) {
        if (lease->in_autocommit()) return;  // SQLite already rolled back (e.g. on I/O error)
        auto r = lease->execute("ROLLBACK", {});
        if (!r || !lease->in_autocommit()) lease.discard();
    }

    std::string path_;
    SqliteOptions options_;
    Pool pool_;
    std::mutex writer_;  // one writing transaction per process; other processes use BEGIN IMMEDIATE
};

}  // namespace

StorageResult<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                                     SqliteOptions options) {
    auto db = std::make_unique<SqliteDatabase>(path, options);
    // Open one connection now so a bad path fails at start-up, not on the first request.
    auto opened = db->open_first();
    if (!opened) return unexpected(opened.error());
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace megatron::storage::sqlite
