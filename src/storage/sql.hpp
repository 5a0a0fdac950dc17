#pragma once
// The SQL layer under Megatron's storage: one interface over SQLite and PostgreSQL, so the
// repository (store.hpp), the migrations and the database work queue are written once.
//
// SQL is written once with `?` placeholders; the PostgreSQL driver rewrites them to $1, $2...
// Where the dialects differ (ids, SKIP LOCKED), callers ask dialect().
#include "util/expected.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace megatron::crypto {
class KeyRing;
}

namespace megatron::storage {

class Database;

enum class Dialect { Sqlite, Postgres };

// A bound parameter or a column value. NULL is std::monostate.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Row {
    std::vector<Value> columns;
    bool is_null(std::size_t i) const {
        return std::holds_alternative<std::monostate>(columns.at(i));
    }
    std::int64_t integer(std::size_t i) const;  // 0 for NULL
    std::string text(std::size_t i) const;      // "" for NULL
    std::optional<std::string> optional_text(std::size_t i) const;
    std::optional<std::int64_t> optional_integer(std::size_t i) const;
};

struct Result {
    std::vector<Row> rows;
    std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

struct StorageError {
    enum class Kind {
        Unavailable,  // cannot connect, database locked past the busy timeout, I/O error
        Conflict,     // a uniqueness rule was broken
        NotFound,     // the row asked for does not exist (raised by the repository)
        Invalid,      // bad SQL or a constraint other than uniqueness (foreign key, not null)
    };
    Kind kind = Kind::Unavailable;
    std::string message;  // for logs; never contains parameter values
};

template <class T>
using StorageResult = Expected<T, StorageError>;

// One connection, used by one thread at a time (a pool hands them out).
class Connection {
  public:
    virtual ~Connection() = default;
    virtual StorageResult<Result> execute(std::string_view sql,
                                          const std::vector<Value>& params = {}) = 0;
    // The keys secret columns are sealed with: the owning Database's (nullptr: none), so a
    // Store built on a connection inside a transaction seals and opens like one on the pool.
    const crypto::KeyRing* key_ring() const;
    const Database* owner() const { return owner_; }
    void set_owner(const Database* owner) { owner_ = owner; }

  private:
    const Database* owner_ = nullptr;
};

class Database {
  public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    // Runs `sql` on a pooled connection, outside any explicit transaction.
    virtual StorageResult<Result> execute(std::string_view sql,
                                          const std::vector<Value>& params = {}) = 0;
    // Runs `work` inside one transaction: committed when it returns a value, rolled back when
    // it returns an error or throws. SQLite takes the write lock up front (BEGIN IMMEDIATE) so
    // two writers never deadlock; a serialization failure or busy database is retried (so
    // `work` may run more than once: keep side effects other than SQL out of it).
    // If any statement inside failed, nothing is committed even when `work` returns a value
    // (PostgreSQL aborts such a transaction; SQLite is made to agree): Kind::Invalid.
    // Inside `work` use only the Connection given: calling execute() on the Database from
    // inside would need a second pooled connection and, on SQLite, a second writer.
    virtual StorageResult<void> transaction(
        const std::function<StorageResult<void>(Connection&)>& work) = 0;
    // A human-readable name for status pages and logs ("sqlite", "postgresql"); no secrets.
    virtual std::string describe() const = 0;

    // The keys bot tokens and verification tokens are sealed with (util/key_ring.hpp; the
    // Store seals and opens them). Set once at start-up, before the database is shared
    // between threads; nullptr (the default) stores them as they are.
    void set_key_ring(std::shared_ptr<const crypto::KeyRing> ring) { key_ring_ = std::move(ring); }
    const crypto::KeyRing* key_ring() const { return key_ring_.get(); }

  private:
    std::shared_ptr<const crypto::KeyRing> key_ring_;
};

}  // namespace megatron::storage
