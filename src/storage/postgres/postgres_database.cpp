#include "storage/postgres/postgres_database.hpp"

#include "storage/connection_pool.hpp"
#include "storage/postgres/postgres_connection.hpp"

#include <chrono>
#include <thread>

namespace megatron::storage::postgres {
namespace {

bool is_retryable(const StorageError& e) {
    // The SQLSTATE is in the message as "[40001]"; kept out of StorageError on purpose (the
    // callers above never need it).
    return e.message.find("[40001]") != std::string::npos ||
           e.message.find("[40P01]") != std::string::npos;
}

class PostgresDatabase final : public Database {
  public:
    PostgresDatabase(std::string url, PostgresOptions options)
        : url_(std::move(url)),
          options_(options),
          pool_(static_cast<std::size_t>(options.pool_size),
                [this] { return owned(PostgresConnection::open(url_)); }) {}

    StorageResult<void> open_first() {
        auto first = owned(PostgresConnection::open(url_));
        if (!first) return unexpected(first.error());
        pool_.adopt(std::move(*first));
        return {};
    }

    Dialect dialect() const override { return Dialect::Postgres; }
    std::string describe() const override { return "postgresql"; }

    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params) override {
        auto lease = pool_.acquire();
        if (!lease) return unexpected(lease.error());
        auto result = (*lease)->execute(sql, params);
        release(*lease);
        return result;
    }

    StorageResult<void> transaction(
        const std::function<StorageResult<void>(Connection&)>& work) override {
        for (int attempt = 0;; ++attempt) {
            auto outcome = attempt_transaction(work);
            if (outcome || !is_retryable(outcome.error()) ||
                attempt >= options_.serialization_retries) {
                return outcome;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
        }
    }

  private:
    using Pool = ConnectionPool<PostgresConnection>;
    using Opened = StorageResult<std::unique_ptr<PostgresConnection>>;

    // Connections know their database, so a Store on one finds the key ring.
    Opened owned(Opened conn) const {
        if (conn) (*conn)->set_owner(this);
        return conn;
    }

    // Back to the pool only if usable: connected and not inside a transaction.
    static void release(Pool::Lease& lease) {
        if (!lease->healthy()) {
            lease.discard();
            return;
        }
        if (!lease->idle()) {
            auto r = lease->execute("ROLLBACK", {});
            if (!r || !lease->idle()) lease.discard();
        }
    }

    StorageResult<void> attempt_transaction(
        const std::function<StorageResult<void>(Connection&)>& work) {
        auto lease = pool_.acquire();
        if (!lease) return unexpected(lease.error());
        auto begun = (*lease)->execute("BEGIN", {});
        if (!begun) {
            release(*lease);
            return unexpected(begun.error());
        }
        StorageResult<void> outcome;
        try {
            outcome = work(**lease);
        } catch (...) {
            release(*lease);  // rolls back
            throw;
        }
        if (outcome && (*lease)->failed()) {
            // COMMIT of an aborted transaction silently rolls back; report it instead.
            outcome = unexpected(StorageError{StorageError::Kind::Invalid,
                                              "postgresql: transaction aborted by an earlier "
                                              "failed statement"});
        }
        if (outcome) {
            auto committed = (*lease)->execute("COMMIT", {});
            if (!committed) outcome = unexpected(committed.error());
        }
        release(*lease);  // rolls back anything not committed
        return outcome;
    }

    std::string url_;
    PostgresOptions options_;
    Pool pool_;
};

}  // namespace

StorageResult<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                       PostgresOptions options) {
    auto db = std::make_unique<PostgresDatabase>(url, options);
    auto opened = db->open_first();  // fail at start-up on a bad URL or an unreachable server
    if (!opened) return unexpected(opened.error());
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace megatron::storage::postgres
