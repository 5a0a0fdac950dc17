#include "app_world.hpp"

#include "fuzz_input.hpp"
#include "jobs/migrations.hpp"
#include "platforms/slack/interpreter/verification.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "storage/store.hpp"
#include "util/log.hpp"

#include <boost/json/parse.hpp>

#include <vector>

namespace megatron::fuzz {

namespace {

constexpr const char* kSigningSecret = "fuzz-signing-secret";

std::unique_ptr<storage::Database> open_migrated_memory_database() {
    config::DatabaseUrl url;
    url.kind = config::DatabaseUrl::Kind::Sqlite;
    url.sqlite_path = ":memory:";
    auto db = storage::open_database(url, 1);
    check(db.has_value(), "an in-memory SQLite database opens");
    auto core = storage::core_migrations();
    std::vector<storage::Migration> all(core.begin(), core.end());
    auto job_tables = jobs::migrations();
    all.insert(all.end(), job_tables.begin(), job_tables.end());
    check(storage::migrate(**db, all).has_value(), "the schema migrates");
    return std::move(*db);
}

// The organization, its support workspace, one customer workspace and the channel of customer
// UC000001 (the seeds name these ids); returns the organization's API token.
std::string populate(storage::Database& db) {
    storage::Store store(db);
    auto org = store.create_organization("Fuzz", "http://127.0.0.1:9/megatron/commands");
    check(org.has_value(), "the organization is created");
    auto integration = store.create_integration(org->organization.id, storage::PlatformType::Slack,
                                                "TSUPPORT", Secret("xoxb-fuzz-support"));
    check(integration.has_value(), "the integration is created");
    storage::WorkspaceRegistration registration;
    registration.name = "Fuzz Customers";
    registration.platform_id = "TCUSTOMER";
    registration.domain = "fuzz-customers";
    registration.bot_token = Secret("xoxb-fuzz-customer");
    auto workspace = store.upsert_workspace(org->organization.id, registration);
    check(workspace.has_value(), "the workspace is created");
    storage::NewChannel channel;
    channel.organization_id = org->organization.id;
    channel.integration_id = integration->id;
    channel.workspace_id = workspace->id;
    channel.name = "zz-customer1";
    channel.platform_channel_id = "CZ000001";
    channel.platform_user_id = "UC000001";
    check(store.create_channel(channel).has_value(), "the channel is created");
    return org->api_token.reveal();
}

}  // namespace

AppWorld& AppWorld::instance() {
    static AppWorld world;
    return world;
}

AppWorld::AppWorld() {
    log::init("off");  // millions of requests: logging would be most of the work
    config_.database_url = "sqlite://:memory:";
    config_.slack_api_url = "http://127.0.0.1:9/api/";  // never called: no workers run
    config_.slack_signing_secret = Secret(kSigningSecret);
    status_ = {"fuzz", "sqlite (:memory:)", "database", "megatron-dev"};
    db_ = open_migrated_memory_database();
    api_token_ = populate(*db_);
    app_ = std::make_unique<app::Application>(config_, *db_, clock_, status_);
}

void AppWorld::sign_placeholders(http::Request& request) const {
    if (request[boost::beast::http::field::authorization] == kTokenPlaceholder) {
        request.set(boost::beast::http::field::authorization, "MegatronToken " + api_token_);
    }
    if (request["X-Slack-Signature"] == kSignaturePlaceholder) {
        auto timestamp = std::to_string(clock_.now_seconds());
        request.set("X-Slack-Request-Timestamp", timestamp);
        request.set("X-Slack-Signature", slack::interpreter::slack_signature(
                                             Secret(kSigningSecret), timestamp, request.body()));
    }
}

void dispatch_and_check(const AppWorld& world, http::Request& request) {
    world.sign_placeholders(request);
    http::RequestContext context;
    context.remote_address = "127.0.0.1";
    auto response = world.router().dispatch(request, context);
    response.prepare_payload();
    check(response.result_int() != 500, "bad input never gets a 500 (the router's catch-all)");
    check(response.result_int() < 600, "the status is a real HTTP status");
    // Every API answer is JSON; the HTML status page and text answers say so in their type.
    auto type = response[boost::beast::http::field::content_type];
    if (type.starts_with("application/json")) {
        boost::system::error_code ec;
        boost::json::parse(response.body(), ec);
        check(!ec, "a JSON answer parses");
    }
}

}  // namespace megatron::fuzz
