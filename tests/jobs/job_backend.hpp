#pragma once
// Queue tests run on every database back end: SQLite on a temporary file and PostgreSQL on a
// fresh database of the test server (which the test command always provides; without it the
// PostgreSQL cases fail, they never skip). The database is migrated (core + jobs).
#include "jobs/queue.hpp"
#include "storage/sql.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"
#include "util/clock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace megatron::jobs::test {

// PostgresRedis: the queue on Redis Streams (the test Redis server, a prefix of its own),
// everything else in PostgreSQL.
enum class Backend { Sqlite, Postgres, PostgresRedis };
void PrintTo(Backend backend, std::ostream* os);
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// Creates and migrates a database for one test.
class TestDatabase {
  public:
    explicit TestDatabase(Backend backend);
    const std::string& url() const { return url_; }
    // Another Database on the same storage, as another process would open it.
    std::unique_ptr<storage::Database> open(int pool_size = 4) const;
    // The queue this back end uses, on `db`.
    std::unique_ptr<JobQueue> queue(storage::Database& db, const Clock& clock) const;
    // DATABASE_URL, REDIS_URL (empty for the database queue) and MEGATRON_REDIS_PREFIX.
    std::map<std::string, std::string> env() const;
    const std::string& redis_url() const { return redis_url_; }
    // Puts the queue on this Redis server instead (a test's own server).
    void use_redis(std::string url) { redis_url_ = std::move(url); }

  private:
    std::optional<megatron::test::TempDir> dir_;
    std::unique_ptr<megatron::test::PostgresDatabase> pg_;
    std::string url_;
    std::string redis_url_;
    std::string redis_prefix_;
};

// A clock the test moves by hand.
class ManualClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_.load()));
    }
    void advance(std::chrono::milliseconds by) { ms_ += by.count(); }
    std::int64_t millis() const { return ms_.load(); }

  private:
    std::atomic<std::int64_t> ms_{1'700'000'000'000};
};

#define MEGATRON_JOBS_BACKENDS(Suite)                                                           \
    INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                   \
                             ::testing::Values(::megatron::jobs::test::Backend::Sqlite,         \
                                               ::megatron::jobs::test::Backend::Postgres,       \
                                               ::megatron::jobs::test::Backend::PostgresRedis), \
                             ::megatron::jobs::test::backend_name)

#define ASSERT_OK(expr)                                                                       \
    do {                                                                                      \
        auto&& assert_ok_result_ = (expr);                                                    \
        ASSERT_TRUE(assert_ok_result_) << #expr << ": " << assert_ok_result_.error().message; \
    } while (false)

}  // namespace megatron::jobs::test
