#pragma once
// The composition root: builds the Store, the job Runtime (queue, workers, scheduler) with
// every job handler registered, and the HTTP routes (status and bot-app API; the Slack
// interpreter's routes are mounted here too when they exist). `megatron serve` runs it.
#include "api/authentication.hpp"
#include "api/endpoint.hpp"
#include "app/status_routes.hpp"
#include "commands/text/redaction.hpp"
#include "commands/workspace_refresh.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "jobs/runtime.hpp"
#include "metrics/metrics.hpp"
#include "platforms/slack/routes/slack_routes.hpp"
#include "platforms/slack/socket_mode/socket_mode_client.hpp"
#include "storage/sql.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

#include <memory>

namespace megatron::app {

// MEGATRON_REDACT and MEGATRON_REDACT_FILE compiled once, or the line that stops start-up.
Expected<std::shared_ptr<const text::Redactor>, std::string> make_redactor(
    const config::Config& config);

class Application {
  public:
    // `config`, `db` and `clock` must outlive the Application. `test_clock` (megatron-test
    // mode only; it must be the same object as `clock`) mounts POST /megatron/test/clock.
    // `redactor`: MEGATRON_REDACT's rules compiled at start-up (make_redactor); null: the
    // built-in rules the configuration names, without a rules file.
    Application(const config::Config& config, storage::Database& db, const Clock& clock,
                const StatusInfo& status, OffsetClock* test_clock = nullptr,
                std::shared_ptr<const text::Redactor> redactor = nullptr);
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    const http::Router& router() const { return router_; }
    // More routes (the playground's), added before the server starts.
    http::Router& router() { return router_; }
    jobs::Runtime& runtime() { return runtime_; }
    // Socket Mode (SLACK_APP_TOKEN set; null otherwise): Slack's requests over WebSockets
    // Megatron opens. The process that takes requests starts and stops it; the HTTP routes
    // stay mounted either way.
    slack::socket_mode::SocketModeClient* socket_mode() { return socket_mode_.get(); }

  private:
    // Slack signs requests with the real time, so verification never uses a test clock.
    SystemClock wall_clock_;
    metrics::Metrics metrics_;
    storage::Store store_;
    // Declared before the runtime: its workers use it until they stop.
    commands::WorkspaceRefresher refresher_;
    std::shared_ptr<const text::Redactor> redactor_;  // used by the workers until they stop
    jobs::Runtime runtime_;
    api::Authenticator authenticator_;
    commands::outreach::SupportChannels support_channels_;
    api::ApiContext api_context_;
    slack::routes::SlackRouteContext slack_context_;
    http::Router router_;
    std::unique_ptr<slack::socket_mode::SocketModeClient> socket_mode_;
};

}  // namespace megatron::app
