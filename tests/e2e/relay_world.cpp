#include "e2e/relay_world.hpp"

#include "config/database_url.hpp"
#include "storage/open.hpp"
#include "support/process.hpp"
#include "util/crypto.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <regex>
#include <thread>

namespace megatron::test {
std::string to_string(Backend backend) {
    switch (backend) {
        case Backend::Sqlite:
            return "Sqlite";
        case Backend::Postgres:
            return "Postgres";
        case Backend::PostgresRedis:
            return "PostgresRedis";
    }
    return "Unknown";
}

std::vector<Backend> available_backends() {
    std::vector<Backend> backends{Backend::Sqlite};
    if (postgres_admin_url()) {
        backends.push_back(Backend::Postgres);
        if (redis_url()) backends.push_back(Backend::PostgresRedis);
    }
    return backends;
}

RelayWorld::RelayWorld(Backend backend, std::map<std::string, std::string> extra_env) {
    sim.start();
    sim.add_workspace({.id = support_team,
                       .name = "Acme Support",
                       .domain = "acme-support",
                       .bot_token = kSupportToken});
    sim.add_workspace({.id = customer_team,
                       .name = "Customer Co",
                       .domain = "customer-co",
                       .bot_token = kCustomerToken});
    carla = sim.add_user(customer_team, {.name = "carla",
                                         .real_name = "Carla Customer",
                                         .display_name = "Carla C",
                                         .image_url = "https://avatars.example/carla"});
    carla_dm = sim.open_dm(customer_team, carla);
    zz_carla = sim.add_channel(support_team, {.name = "zz-carla"});

    std::map<std::string, std::string> env{
        {"SLACK_API_URL", sim.api_url()},
        {"MEGATRON_JOB_POLL_MS", "20"},
        {"MEGATRON_JOB_BACKOFF_BASE_MS", "50"},
        {"MEGATRON_JOB_BACKOFF_MAX_MS", "200"},
        {"MEGATRON_BOT_NAME", "Acme Bot"},
        {"MEGATRON_BOT_ICON_URL", "https://icons.example/bot.png"},
        {"MEGATRON_WORKERS", "2"}};
    static TempDir sqlite_dirs;  // files of every SQLite world, removed at exit
    if (backend == Backend::Sqlite) {
        database_url_ =
            "sqlite:///" + sqlite_dirs.path() + "/" + crypto::random_hex(8) + "-megatron.db";
    } else {
        auto admin_url = postgres_admin_url();
        if (!admin_url) {
            unavailable_reason_ = "MEGATRON_TEST_POSTGRES_URL is not set";
            return;
        }
        postgres_ = std::make_unique<PostgresDatabase>(*admin_url);
        database_url_ = postgres_->url();
        if (backend == Backend::PostgresRedis) {
            auto redis = redis_url();
            if (!redis) {
                unavailable_reason_ = "MEGATRON_TEST_REDIS_URL is not set";
                return;
            }
            env.emplace("REDIS_URL", *redis);
            env.emplace("MEGATRON_REDIS_PREFIX", "e2e-" + crypto::random_hex(6));
        }
    }
    env.emplace("DATABASE_URL", database_url_);
    for (auto& [name, value] : extra_env) env[name] = std::move(value);
    server_ = std::make_unique<MegatronServer>(env);

    auto url = config::parse_database_url(database_url_);
    if (!url) throw std::runtime_error("bad database url: " + url.error());
    auto db = storage::open_database(*url, 2);
    if (!db) throw std::runtime_error("cannot open the test database: " + db.error().message);
    db_ = std::move(*db);
    store_ = std::make_unique<storage::Store>(*db_);

    token = create_organization("Acme");
    admin({"integration", "add", "--org", "Acme", "--team-id", support_team, "--bot-token",
           kSupportToken});
    auto registered = post("/megatron/register-workspace/",
                           boost::json::object{{"platform_type", "slack"},
                                               {"platform_id", customer_team},
                                               {"name", "Customer Co"},
                                               {"domain", "customer-co"},
                                               {"connection_token", kCustomerToken}});
    if (registered.status != 200) {
        throw std::runtime_error("register-workspace failed: " +
                                 boost::json::serialize(registered.body));
    }
    auto organization = store_->find_organization_by_name("Acme");
    if (!organization || !*organization) throw std::runtime_error("no organization Acme");
    organization_id = (*organization)->id;
    channel_id = add_channel(organization_id, carla, zz_carla);
}

RelayWorld::~RelayWorld() {
    store_.reset();
    db_.reset();
    server_.reset();  // SIGTERM: finishes requests and jobs in flight
    sim.stop();
}

std::string RelayWorld::megatron_url(const std::string& path) const {
    return server_->url(path);
}

ApiAnswer RelayWorld::post(const std::string& path, const std::string& body,
                           const std::string& with_token) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!with_token.empty()) headers.emplace_back("Authorization", "MegatronToken " + with_token);
    auto response = server_->request("POST", path, body, headers);
    ApiAnswer answer{response.status, {}};
    boost::system::error_code ec;
    auto parsed = boost::json::parse(response.body, ec);
    if (!ec) answer.body = std::move(parsed);
    return answer;
}

std::string RelayWorld::admin(std::vector<std::string> args) {
    args.insert(args.begin(), "admin");
    auto result = run(megatron_binary(), args, {{"DATABASE_URL", database_url_}});
    if (result.exit_code != 0) {
        throw std::runtime_error("megatron admin failed: " + result.output);
    }
    return result.output;
}

std::string RelayWorld::create_organization(const std::string& name) {
    auto output = admin({"org", "create", "--name", name});
    std::smatch m;
    static const std::regex token_line("token[^:]*: ([0-9a-f]{40})");
    if (!std::regex_search(output, m, token_line)) {
        throw std::runtime_error("no token in: " + output);
    }
    return m[1].str();
}

std::int64_t RelayWorld::add_channel(std::int64_t organization, const std::string& customer_user,
                                     const std::string& support_channel) {
    auto integrations = store_->integrations_for(organization);
    auto workspace = store_->find_workspace(storage::PlatformType::Slack, customer_team);
    if (!integrations || integrations->empty() || !workspace || !*workspace) {
        throw std::runtime_error("the organization has no integration or workspace");
    }
    storage::NewChannel channel;
    channel.organization_id = organization;
    channel.integration_id = integrations->front().id;
    channel.workspace_id = (*workspace)->id;
    channel.name = "zz-" + customer_user;
    channel.platform_channel_id = support_channel;
    channel.platform_user_id = customer_user;
    auto created = store_->create_channel(channel);
    if (!created) throw std::runtime_error("cannot create channel: " + created.error().message);
    return created->id;
}

bool RelayWorld::eventually(const std::function<bool()>& predicate, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return predicate();
}

}  // namespace megatron::test
