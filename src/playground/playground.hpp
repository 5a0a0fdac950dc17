#pragma once
// The playground (issue 17): Megatron's own relay working against an embedded Slack
// simulator, for someone who has no Slack app yet. Everything stays on loopback and in the
// playground's own database (never the real one):
//   - the simulator (two workspaces, cast.hpp) on a loopback port;
//   - a second Application (every job handler, its own queue and workers) configured against
//     the simulator, with an organization, its support integration and the customer
//     workspace, serving its Slack and bot-app routes on another loopback port;
//   - the demo bot app (demo_bot.hpp) on a third.
// mount() adds the page and its small API (page_routes.cpp) to the real server's router; they
// exist only while a Playground does.
#include "app/application.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "playground/cast.hpp"
#include "playground/demo_bot.hpp"
#include "slack_sim/simulator.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>

#include <memory>
#include <string>

namespace megatron::playground {

// The playground Megatron's configuration: the real one's limits and names, pointed at the
// simulator (`slack_api_url`), with a signing secret of its own, no Redis, no Socket Mode, and
// short retry waits so that a visitor sees retries happen.
config::Config playground_config(const config::Config& base, const std::string& slack_api_url);

// Something a visitor asked for that cannot be done (unknown customer, empty text...): the
// page gets a 400 with `error`.
struct ActionError {
    std::string error;
};

class Playground {
  public:
    // Starts the simulator, the playground Megatron (HTTP and workers) and the demo bot on
    // `db`, a fresh, migrated database of its own. Throws std::runtime_error when a part
    // cannot start.
    Playground(const config::Config& base, storage::Database& db);
    ~Playground();
    Playground(const Playground&) = delete;
    Playground& operator=(const Playground&) = delete;

    // The page (/playground), its assets and its API (/playground/api/...).
    void mount(http::Router& router);

    // Everything the page shows, as one JSON object (snapshot.cpp).
    boost::json::object snapshot();

    // --- what the visitor does (each as the simulated Slack would deliver it) ---
    Expected<void, ActionError> customer_says(const std::string& customer, const std::string& text);
    // A message, or a `/megatron ...` command, typed by an agent in a support channel.
    Expected<void, ActionError> agent_says(const std::string& agent, const std::string& channel,
                                           const std::string& text);
    // A click on a Block Kit button or menu option of a message in a support channel.
    Expected<void, ActionError> agent_clicks(const std::string& agent, const std::string& channel,
                                             const boost::json::object& action);
    // "rate_limited" (Slack answers 429 to every call for 10 s), "token_revoked" (the customer
    // workspace's token stops working) or "clear".
    Expected<void, ActionError> inject_fault(const std::string& fault);

    const Cast& cast() const { return cast_; }
    std::string megatron_url() const;

  private:
    void seed_megatron(storage::Database& db);
    void connect_apps();

    slack_sim::Simulator sim_;
    Cast cast_;
    config::Config config_;
    SystemClock clock_;
    app::StatusInfo status_;
    app::Application app_;
    std::unique_ptr<http::Server> server_;
    std::string signing_secret_;
    DemoBot bot_;
};

}  // namespace megatron::playground
