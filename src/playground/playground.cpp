#include "playground/playground.hpp"

#include "storage/store.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace megatron::playground {

namespace json = boost::json;

namespace {

// Starts the simulator and seeds it; a member initialiser, so the cast exists before the
// configuration that needs the simulator's URL.
Cast start_and_seed(slack_sim::Simulator& sim) {
    sim.start();
    return seed_cast(sim);
}

slack_sim::SimulatorOptions simulator_options() {
    slack_sim::SimulatorOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    options.max_recorded_calls = 2000;  // a playground left open must not grow without bound
    return options;
}

}  // namespace

config::Config playground_config(const config::Config& base, const std::string& slack_api_url) {
    config::Config c = base;
    c.slack_api_url = slack_api_url;
    c.slack_signing_secret = Secret(crypto::random_hex(16));
    c.slack_app_token = Secret("");
    c.verification_token = Secret("");  // the organization's own token signs App Commands
    c.redis_url.clear();                // the playground's queue is its own database
    c.hostname.clear();
    c.listen_address = "127.0.0.1";
    c.port = 0;
    c.app_mode = config::AppMode::Dev;
    c.file_transfer = config::FileTransfer::Slack;
    c.http_threads = 4;
    c.worker_threads = 4;
    // Retries a visitor can watch: 300 ms doubling to 3 s instead of 1 s to 5 minutes.
    c.jobs.backoff_base_ms = 300;
    c.jobs.backoff_max_ms = 3000;
    c.jobs.poll_ms = 100;
    c.jobs.max_attempts = 20;
    return c;
}

Playground::Playground(const config::Config& base, storage::Database& db)
    : sim_(simulator_options()),
      cast_(start_and_seed(sim_)),
      config_(playground_config(base, sim_.api_url())),
      status_{"playground", db.describe(), "database", "playground"},
      app_(config_, db, clock_, status_),
      signing_secret_(config_.slack_signing_secret.reveal()),
      bot_(sim_, cast_) {
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    server_ = std::make_unique<http::Server>(options, app_.router());
    server_->start();
    app_.runtime().start({.workers = true, .scheduler = true});
    bot_.start();
    seed_megatron(db);
    connect_apps();
    spdlog::info("playground: Slack simulator on {}, its Megatron on {}", sim_.base_url(),
                 megatron_url());
}

Playground::~Playground() {
    // Intake first, then the work in flight, then the bot and Slack they talk to.
    server_->stop();
    app_.runtime().stop();
    bot_.stop();
    sim_.stop();
}

std::string Playground::megatron_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port());
}

// The organization, its support integration and the customer workspace, as `megatron admin`
// and the bot app's register-workspace would make them; the API key goes to the demo bot only.
void Playground::seed_megatron(storage::Database& db) {
    storage::Store store(db, clock_);
    auto organization = store.create_organization("Playground", bot_.command_url());
    if (!organization) {
        throw std::runtime_error("playground: cannot create its organization: " +
                                 organization.error().message);
    }
    auto id = organization->organization.id;
    auto integration = store.create_integration(id, storage::PlatformType::Slack,
                                                cast_.support_team, Secret(cast_.support_token));
    auto workspace = store.upsert_workspace(
        id, {cast_.customer_team_name, storage::PlatformType::Slack, cast_.customer_team,
             cast_.customer_domain, Secret(cast_.customer_token)});
    if (!integration || !workspace) {
        throw std::runtime_error("playground: cannot register its workspaces");
    }
    bot_.connect(megatron_url(), organization->api_token);
}

// Slack's side: the support app delivers to the playground Megatron, the customer workspace's
// app to the demo bot. Slack's redelivery schedule (1 min, 5 min) is shortened.
void Playground::connect_apps() {
    slack_sim::EventRetryPolicy retry;
    retry.retry_delays = {std::chrono::milliseconds(0), std::chrono::milliseconds(1000),
                          std::chrono::milliseconds(3000)};
    sim_.connect_app(cast_.support_team,
                     {.events_url = megatron_url() + "/megatron/slack/event/",
                      .commands_url = megatron_url() + "/megatron/slack/slash-command/",
                      .interactive_url = megatron_url() + "/megatron/slack/interactive-message/",
                      .signing_secret = signing_secret_,
                      .event_retry = retry});
    sim_.connect_app(cast_.customer_team, {.events_url = bot_.events_url(),
                                           .signing_secret = crypto::random_hex(16),
                                           .event_retry = retry});
}

}  // namespace megatron::playground
