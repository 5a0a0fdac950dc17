#pragma once
// The conformance suite runs every test against both back ends: SQLite on a temporary file and
// PostgreSQL on a fresh database of the test server. Without MEGATRON_TEST_POSTGRES_URL the
// PostgreSQL cases fail (the test command always provides it); they never skip.
#include "storage/sql.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"
#include "util/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace megatron::storage::test {

enum class Backend { Sqlite, Postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
// So failure messages say "Sqlite" or "Postgres" instead of the enum's bytes.
void PrintTo(Backend backend, std::ostream* os);

class BackendTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override;
    // Another Database on the same storage (as a second process would open it).
    std::unique_ptr<Database> open_another(int pool_size = 4);
    Database& db() { return *db_; }
    // Number of rows in `table`.
    std::int64_t count(const std::string& table);
    // Every text value stored in every table, joined: what a copy of the database holds.
    std::string all_stored_text();
    // SQLite: the database file and its WAL as bytes (what `grep` on a copy finds);
    // PostgreSQL: all_stored_text(), the closest a test gets to the server's files.
    std::string raw_copy();

  private:
    std::optional<megatron::test::TempDir> dir_;
    std::unique_ptr<megatron::test::PostgresDatabase> pg_;
    std::string url_;
    std::unique_ptr<Database> db_;
};

// A clock the test sets by hand.
class ManualClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override { return now_; }
    void set_millis(std::int64_t ms) {
        now_ = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
    }

  private:
    std::chrono::system_clock::time_point now_{std::chrono::milliseconds(1'700'000'000'000)};
};

#define MEGATRON_INSTANTIATE_BACKENDS(Suite)                                                  \
    INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                 \
                             ::testing::Values(::megatron::storage::test::Backend::Sqlite,    \
                                               ::megatron::storage::test::Backend::Postgres), \
                             ::megatron::storage::test::backend_name)

// Unwraps a StorageResult or fails the test with the storage error's message.
#define ASSERT_OK(expr)                                                                       \
    do {                                                                                      \
        auto&& assert_ok_result_ = (expr);                                                    \
        ASSERT_TRUE(assert_ok_result_) << #expr << ": " << assert_ok_result_.error().message; \
    } while (false)

}  // namespace megatron::storage::test
