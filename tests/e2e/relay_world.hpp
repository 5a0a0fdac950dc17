#pragma once
// One story's world for the bot-app API end to end: the Slack simulator (in this process)
// serving the support workspace and a customer workspace, a real `megatron serve` child
// process pointed at it, an organization made with `megatron admin`, the customer workspace
// registered over HTTP, and an engagement channel for the customer.
//
// Runs on SQLite, or on a fresh PostgreSQL database (MEGATRON_TEST_POSTGRES_URL), with the
// Redis queue when MEGATRON_TEST_REDIS_URL is set too.
#include "cli/megatron_process.hpp"
#include "slack_sim/simulator.hpp"
#include "storage/sql.hpp"
#include "storage/store.hpp"
#include "support/environment.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace megatron::test {

// The bot tokens of the world's two workspaces (a test checks they never reach a log).
inline constexpr const char* kSupportToken = "xoxb-support-token";
inline constexpr const char* kCustomerToken = "xoxb-customer-token";

enum class Backend { Sqlite, Postgres, PostgresRedis };
std::string to_string(Backend backend);
// SQLite always; PostgreSQL, and PostgreSQL + Redis, when their test servers are configured.
std::vector<Backend> available_backends();

struct ApiAnswer {
    long status = 0;
    boost::json::value body;  // null when the body is not JSON
};

class RelayWorld {
  public:
    // `extra_env` adds to (or overrides) the server's environment.
    explicit RelayWorld(Backend backend, std::map<std::string, std::string> extra_env = {});
    ~RelayWorld();

    // True when the back end's servers are not running here (the test then says so).
    bool unavailable() const { return !unavailable_reason_.empty(); }
    const std::string& unavailable_reason() const { return unavailable_reason_; }

    // POST with `Authorization: MegatronToken <token>` (none when token is empty).
    ApiAnswer post(const std::string& path, const std::string& body, const std::string& token);
    ApiAnswer post(const std::string& path, const boost::json::value& body) {
        return post(path, boost::json::serialize(body), token);
    }

    // The `megatron serve` process (its output; requests with headers of the test's own).
    MegatronServer& server() { return *server_; }

    // The server's URL for `path` (e.g. where the simulator sends Slack's requests).
    std::string megatron_url(const std::string& path) const;

    // Runs `megatron admin ...` against the server's database.
    std::string admin(std::vector<std::string> args);
    // A new organization; returns its API token.
    std::string create_organization(const std::string& name);

    // A direct view of the database, for setting up channels (no API creates them) and for
    // checking what was recorded.
    storage::Store& store() { return *store_; }
    std::int64_t add_channel(std::int64_t organization_id, const std::string& customer_user,
                             const std::string& support_channel);

    // Waits until `predicate` holds (jobs run in the background); false after `limit`.
    static bool eventually(const std::function<bool()>& predicate,
                           std::chrono::seconds limit = std::chrono::seconds(20));

    slack_sim::Simulator sim;
    std::string support_team = "TSUPPORT";
    std::string customer_team = "TCUSTOMER";
    std::string carla;     // the customer, in the customer workspace
    std::string carla_dm;  // the bot's DM with her
    std::string zz_carla;  // her engagement channel in the support workspace
    std::string token;     // organization "Acme"'s API token
    std::int64_t organization_id = 0;
    std::int64_t channel_id = 0;  // Megatron's channel for carla

  private:
    std::string unavailable_reason_;
    std::unique_ptr<PostgresDatabase> postgres_;
    std::string database_url_;
    std::unique_ptr<MegatronServer> server_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::Store> store_;
};

}  // namespace megatron::test
