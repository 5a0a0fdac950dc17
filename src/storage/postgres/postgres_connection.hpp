#pragma once
// One libpq connection. Statements with parameters are prepared once per connection (`?`
// rewritten to $n) and run with text-format parameters; parameterless SQL goes through PQexec so a
// migration can be a script.
#include "storage/sql.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct pg_conn;
struct pg_result;

namespace megatron::storage::postgres {

class PostgresConnection final : public Connection {
  public:
    static StorageResult<std::unique_ptr<PostgresConnection>> open(const std::string& url);
    // Only open() can make the key, so every connection comes out of open() configured.
    class OpenKey {
        friend class PostgresConnection;
        OpenKey() = default;
    };
    PostgresConnection(OpenKey key, pg_conn* conn);
    ~PostgresConnection() override;
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params) override;

    // False once the server connection is lost; the pool then drops this connection.
    bool healthy() const;
    // True when no transaction is open (or a failed one awaits ROLLBACK).
    bool idle() const;
    // True inside a transaction that a failed statement has aborted.
    bool failed() const;

  private:
    struct ConnDeleter {
        void operator()(pg_conn* c) const;
    };
    struct Prepared {
        std::string name;
        int params = 0;
    };
    StorageError error_from(const pg_result* res) const;
    // The cached server-side statement for `sql`; nullptr when the cache is full.
    StorageResult<const Prepared*> prepare(std::string_view sql, std::size_t param_count);

    static constexpr std::size_t kMaxPrepared = 256;

    std::unique_ptr<pg_conn, ConnDeleter> conn_;
    std::unordered_map<std::string, Prepared> prepared_;
    std::uint64_t statements_made_ = 0;
};

// SQLSTATE -> storage error kind: 23505 Conflict, other 23xxx Invalid, 08xxx (and server
// shutdown/resource classes) Unavailable, everything else Invalid.
StorageError::Kind kind_for_sqlstate(std::string_view sqlstate);
// Serialization failure (40001) or deadlock (40P01): the transaction may simply be retried.
bool is_retryable_sqlstate(std::string_view sqlstate);

}  // namespace megatron::storage::postgres
