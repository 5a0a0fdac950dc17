#include "storage/sqlite/sqlite_database.hpp"

#include "storage/connection_pool.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "util/group_commit.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace megatron::storage::sqlite {
namespace {

bool is_busy(const StorageError& e) {
    return e.kind == StorageError::Kind::Unavailable;
}

// Passes statements through and remembers whether any failed.
class FailureRecorder final : public Connection {
  public:
    explicit FailureRecorder(Connection& inner) : inner_(inner) { set_owner(inner.owner()); }
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
                [this] { return owned(SqliteConnection::open(path_, options_.busy_timeout_ms)); }) {
    }

    ~SqliteDatabase() override {
        {
            std::lock_guard lock(checkpoint_mutex_);
            stopping_ = true;
        }
        checkpoint_wake_.notify_one();
        if (checkpointer_.joinable()) checkpointer_.join();
    }
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    StorageResult<void> open_first() {
        auto first = owned(SqliteConnection::open(path_, options_.busy_timeout_ms));
        if (!first) return unexpected(first.error());
        pool_.adopt(std::move(*first));
        if (path_ != ":memory:") checkpointer_ = std::thread([this] { checkpoint_loop(); });
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
        // SQLite has one writer; writers of this process queue here and are committed in
        // groups (util/group_commit.hpp): one BEGIN IMMEDIATE and one COMMIT (one WAL write)
        // for every transaction that arrived while the previous group ran. Each keeps its own
        // all-or-nothing outcome through a savepoint. The fixed cost of a transaction was
        // ~30% of the relay's CPU when every enqueue, claim and completion paid it alone.
        PendingTransaction me{&work};
        writers_.run(me);
        if (me.thrown) std::rethrow_exception(me.thrown);
        return me.outcome;
    }

  private:
    using Pool = ConnectionPool<SqliteConnection>;
    using Opened = StorageResult<std::unique_ptr<SqliteConnection>>;

    // Connections know their database, so a Store on one finds the key ring; their commits
    // tell the checkpointer how large the WAL has grown.
    Opened owned(Opened conn) {
        if (!conn) return conn;
        (*conn)->set_owner(this);
        if (path_ != ":memory:") (*conn)->on_wal_commit([this](int pages) { wal_grew(pages); });
        return conn;
    }

    // --- checkpoints ---
    // SQLite checkpoints in the thread whose commit took the WAL past 1,000 pages: that
    // thread is the group committer, and every writer of the process waited behind the copy
    // and its fsync (the relay's delivery tail). Here commits only ask; this thread copies.
    // SQLite's own threshold. 10,000 pages (fewer checkpoints and fdatasyncs) was measured and
    // made the relay's WAL writes dearer (pwrite 11% -> 14% of its CPU: a WAL that grows into
    // new blocks instead of reusing the same 4 MB).
    static constexpr int kCheckpointPages = 1000;

    void wal_grew(int pages) {
        if (pages < kCheckpointPages || checkpoint_asked_.exchange(true)) return;
        std::lock_guard lock(checkpoint_mutex_);
        checkpoint_wake_.notify_one();
    }

    void checkpoint_loop() {
        std::unique_ptr<SqliteConnection> conn;  // its own: never a writer's pooled one
        std::unique_lock lock(checkpoint_mutex_);
        while (!stopping_) {
            checkpoint_wake_.wait(lock, [this] { return stopping_ || checkpoint_asked_.load(); });
            if (stopping_) break;
            lock.unlock();
            if (!conn) {
                auto opened = SqliteConnection::open(path_, options_.busy_timeout_ms);
                if (opened) conn = std::move(*opened);
            }
            // PASSIVE: copies what no reader still needs and never blocks a writer. A failure
            // (busy, I/O) is left to the next request.
            if (conn) (void)conn->execute("PRAGMA wal_checkpoint(PASSIVE)", {});
            checkpoint_asked_ = false;
            lock.lock();
        }
    }
    using Work = std::function<StorageResult<void>(Connection&)>;

    struct PendingTransaction {
        const Work* work = nullptr;
        StorageResult<void> outcome =
            unexpected(StorageError{StorageError::Kind::Unavailable, "sqlite: not run"});
        std::exception_ptr thrown;
    };
    static constexpr std::size_t kMaxGroup = 64;

    void run_group(std::vector<PendingTransaction*>& group) {
        std::optional<StorageError> failed;
        {
            auto lease = pool_.acquire();
            if (!lease) {
                for (auto* pending : group) pending->outcome = unexpected(lease.error());
                return;
            }
            failed = run_in_one_transaction(*lease, group);
        }  // the connection goes back first (":memory:" has only one)
        if (!failed || group.size() == 1) return;
        // The group as a whole failed (BEGIN, COMMIT, or SQLite dropped the transaction after
        // an I/O error): nothing of it was committed, so each runs again alone.
        for (auto* pending : group) {
            pending->thrown = nullptr;
            std::vector<PendingTransaction*> alone{pending};
            run_group(alone);
        }
    }

    // Runs every item's work in one transaction, each inside a savepoint when there are
    // several (a failing item takes back only its own statements). Returns the error that
    // failed the transaction as a whole (nothing committed), after writing it to every item.
    std::optional<StorageError> run_in_one_transaction(Pool::Lease& lease,
                                                       std::vector<PendingTransaction*>& group) {
        SqliteConnection& conn = *lease;
        auto fail_all = [&](const StorageError& error) {
            rollback(lease);
            for (auto* pending : group) pending->outcome = unexpected(error);
            return std::optional<StorageError>(error);
        };
        if (auto begun = with_busy_retries(conn, "BEGIN IMMEDIATE"); !begun) {
            return fail_all(begun.error());
        }
        const bool savepoints = group.size() > 1;
        for (auto* pending : group) {
            if (savepoints) {
                if (auto saved = conn.execute("SAVEPOINT megatron_group", {}); !saved) {
                    return fail_all(saved.error());
                }
            }
            run_work(conn, *pending);
            if (conn.in_autocommit()) {
                // SQLite rolled the whole transaction back (e.g. SQLITE_FULL): the items
                // before this one are gone too.
                return fail_all(StorageError{StorageError::Kind::Unavailable,
                                             "sqlite: transaction rolled back by the database"});
            }
            if (!savepoints) continue;
            if (!pending->outcome || pending->thrown) {
                if (auto undone = conn.execute("ROLLBACK TO megatron_group", {}); !undone) {
                    return fail_all(undone.error());
                }
            }
            if (auto released = conn.execute("RELEASE megatron_group", {}); !released) {
                return fail_all(released.error());
            }
        }
        if (!savepoints && (!group.front()->outcome || group.front()->thrown)) {
            rollback(lease);
            return std::nullopt;  // the item's own failure, already recorded
        }
        if (auto committed = with_busy_retries(conn, "COMMIT"); !committed) {
            return fail_all(committed.error());
        }
        return std::nullopt;
    }

    // One item's work, through a recorder of failed statements: PostgreSQL aborts a
    // transaction after any failed statement, and SQLite must not commit what it would not.
    static void run_work(SqliteConnection& conn, PendingTransaction& pending) {
        FailureRecorder recorder(conn);
        try {
            pending.outcome = (*pending.work)(recorder);
        } catch (...) {
            pending.thrown = std::current_exception();
            pending.outcome =
                unexpected(StorageError{StorageError::Kind::Invalid, "sqlite: threw"});
            return;
        }
        if (pending.outcome && recorder.failed()) {
            pending.outcome = unexpected(
                StorageError{StorageError::Kind::Invalid,
                             "sqlite: transaction aborted by an earlier failed statement"});
        }
    }

    // BEGIN IMMEDIATE / COMMIT, retried while another process holds the lock past the busy
    // timeout.
    StorageResult<Result> with_busy_retries(SqliteConnection& conn, std::string_view sql) const {
        for (int attempt = 0;; ++attempt) {
            auto done = conn.execute(sql, {});
            if (done || !is_busy(done.error()) || attempt >= options_.busy_retries) return done;
            std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
        }
    }

    static void rollback(Pool::Lease& lease) {
        if (lease->in_autocommit()) return;  // SQLite already rolled back (e.g. on I/O error)
        auto r = lease->execute("ROLLBACK", {});
        if (!r || !lease->in_autocommit()) lease.discard();
    }

    std::string path_;
    SqliteOptions options_;
    Pool pool_;
    // One group of writing transactions at a time per process; other processes wait on
    // BEGIN IMMEDIATE.
    GroupCommit<PendingTransaction> writers_{kMaxGroup, [this](auto& group) { run_group(group); }};

    std::atomic<bool> checkpoint_asked_{false};
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool stopping_ = false;  // guarded by checkpoint_mutex_
    std::thread checkpointer_;
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
