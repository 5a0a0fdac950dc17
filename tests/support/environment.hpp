#pragma once
// Where the test command put things: binaries built by CMake, and the real PostgreSQL and
// Redis servers scripts/test.sh started on loopback.
#include <optional>
#include <string>

namespace megatron::test {

std::string megatron_binary();   // path of the built `megatron`
std::string slack_sim_binary();  // path of the built `slack-sim`

// Admin URL of the test PostgreSQL server (MEGATRON_TEST_POSTGRES_URL), if one is running.
std::optional<std::string> postgres_admin_url();
// URL of the test Redis server (MEGATRON_TEST_REDIS_URL), if one is running.
std::optional<std::string> redis_url();

// Creates a fresh, empty database on the test PostgreSQL server and drops it at scope exit.
class PostgresDatabase {
  public:
    explicit PostgresDatabase(const std::string& admin_url);
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    const std::string& url() const { return url_; }

  private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
};

}  // namespace megatron::test
