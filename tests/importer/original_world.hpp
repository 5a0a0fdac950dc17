#pragma once
// A database of the original Megatron (tests/fixtures/original/schema.sql loaded into a fresh
// database of the test PostgreSQL server) and a fresh, empty Megatron database to import it
// into: a SQLite file or another fresh PostgreSQL database. Without MEGATRON_TEST_POSTGRES_URL
// the tests fail (the test command always provides it); they never skip.
#include "storage/sql.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace megatron::test {

// PostgresRedis: a PostgreSQL target, and a server that runs its work queue on the test Redis.
enum class Target { Sqlite, Postgres, PostgresRedis };
std::string target_name(const ::testing::TestParamInfo<Target>& info);
// So test listings say "Sqlite" or "Postgres" instead of the enum's bytes.
void PrintTo(Target target, std::ostream* os);

// The fixture's API keys (megatron_token) and support-side bot token.
inline constexpr const char* kAcmeKey = "0123456789abcdef0123456789abcdef01234567";
inline constexpr const char* kBetaKey = "fedcba9876543210fedcba9876543210fedcba98";

class OriginalWorld {
  public:
    explicit OriginalWorld(Target target);
    ~OriginalWorld();

    // Set when the test servers are missing (the test then fails with it).
    const std::string& unavailable() const { return unavailable_; }

    storage::Database& original() { return *original_; }  // the fixture, to change before a run
    storage::Database& target() { return *target_; }      // Megatron's database
    const std::string& target_url() const { return target_url_; }

    // `megatron import-original --from <fixture> [args...]` with DATABASE_URL = the target.
    ProcessResult import(const std::vector<std::string>& args = {}) const;
    // Every row of Megatron's tables the importer writes, one line per row, for comparing
    // the target's state between runs.
    std::string dump();
    std::int64_t count(const std::string& table);

  private:
    std::string unavailable_;
    std::optional<TempDir> dir_;
    std::unique_ptr<PostgresDatabase> original_pg_;
    std::unique_ptr<PostgresDatabase> target_pg_;
    std::string original_url_;
    std::string target_url_;
    std::unique_ptr<storage::Database> original_;
    std::unique_ptr<storage::Database> target_;
};

}  // namespace megatron::test

#define MEGATRON_INSTANTIATE_TARGETS(Suite)                                                      \
    INSTANTIATE_TEST_SUITE_P(                                                                    \
        Targets, Suite,                                                                          \
        ::testing::Values(::megatron::test::Target::Sqlite, ::megatron::test::Target::Postgres), \
        ::megatron::test::target_name)
