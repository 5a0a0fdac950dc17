#include "cli/run_process.hpp"

#include "app/application.hpp"
#include "cli/playground_start.hpp"
#include "cli/setup.hpp"
#include "cli/signals.hpp"
#include "http/server.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <spdlog/spdlog.h>

#include <optional>

namespace megatron::cli {

void run_process(CommandContext& ctx, const ProcessRoles& roles) {
    auto config = load_config(ctx);
    if (!config) return;
    block_stop_signals();  // before any thread starts, so they all inherit the mask
    log::init(config->log_level);
    // A bad redaction rule stops start-up before anything is opened.
    auto redactor = app::make_redactor(*config);
    if (!redactor) {
        report_error(redactor.error());
        ctx.exit_code = kExitBadConfig;
        return;
    }
    auto db = open_and_migrate(*config, ctx);
    if (!db) return;
    if (config->privacy.secret_keys.empty()) {
        spdlog::warn(
            "MEGATRON_SECRET_KEY is not set: bot tokens are stored unencrypted "
            "(megatron-production mode refuses to start without it)");
    }

    app::StatusInfo info{MEGATRON_VERSION, db->describe(),
                         config->redis_url.empty() ? "database" : "redis",
                         config::to_string(config->app_mode)};
    info.slack_configured = slack_configured(*db);
    // Before the Application: the routes it mounts use the playground until the server stops.
    auto playground = roles.http ? start_playground(*config, info.slack_configured, ctx) : nullptr;
    info.playground = playground != nullptr;
    // megatron-test mode runs on a clock tests move forward (POST /megatron/test/clock), so
    // scheduled tasks can be driven; every other mode on the wall clock.
    SystemClock wall_clock;
    OffsetClock test_clock;
    bool testing = config->app_mode == config::AppMode::Test;
    const Clock& clock = testing ? static_cast<const Clock&>(test_clock) : wall_clock;
    // Built in every role: a worker process must know every job kind a serve process enqueues.
    app::Application application(*config, *db, clock, info, testing ? &test_clock : nullptr,
                                 *redactor);

    if (playground) playground->playground->mount(application.router());

    std::optional<http::Server> server;
    if (roles.http) {
        http::ServerOptions options;
        options.address = config->listen_address;
        options.port = config->port;
        options.threads = config->http_threads;
        options.max_connections = config->max_connections;
        server.emplace(options, application.router());
        try {
            server->start();
        } catch (const std::exception& e) {
            report_error(fmt::format("cannot listen on {}:{}: {}", config->listen_address,
                                     config->port, e.what()));
            ctx.exit_code = kExitFailure;
            return;
        }
    }
    application.runtime().start({.workers = roles.workers, .scheduler = roles.scheduler});
    auto* socket_mode = roles.http ? application.socket_mode() : nullptr;
    if (socket_mode != nullptr) socket_mode->start();
    if (server) {
        spdlog::info("megatron {} listening on {}:{} (storage: {}, workers: {}, socket mode: {})",
                     MEGATRON_VERSION, config->listen_address, server->port(), db->describe(),
                     roles.workers ? "on" : "off", socket_mode != nullptr ? "on" : "off");
    } else {
        spdlog::info("megatron worker {} running (storage: {})", application.runtime().process_id(),
                     db->describe());
    }

    int sig = wait_for_stop_signal();
    spdlog::info("signal {} received: finishing requests and jobs in flight", sig);
    // Intake first (nothing new is accepted), then the work already accepted.
    if (socket_mode != nullptr) socket_mode->stop();
    if (server) server->stop();
    application.runtime().stop();
    spdlog::info("stopped");
}

}  // namespace megatron::cli
