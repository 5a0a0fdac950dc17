#include "app/application.hpp"
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "cli/signals.hpp"
#include "config/database_url.hpp"
#include "http/server.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <spdlog/spdlog.h>

namespace megatron::cli {
namespace {

struct ServeOptions {
    bool no_workers = false;
};

void serve(CommandContext& ctx, const ServeOptions& options) {
    auto config = load_config(ctx);
    if (!config) return;
    block_stop_signals();
    log::init(config->log_level);
    auto db = open_and_migrate(*config, ctx);
    if (!db) return;

    app::StatusInfo info{MEGATRON_VERSION, db->describe(),
                         config->redis_url.empty() ? "database" : "redis",
                         config::to_string(config->app_mode)};
    SystemClock clock;
    app::Application application(*config, *db, clock, info);
    const http::Router& router = application.router();

    http::ServerOptions server_options;
    server_options.address = config->listen_address;
    server_options.port = config->port;
    server_options.threads = config->http_threads;
    http::Server server(server_options, router);
    try {
        server.start();
    } catch (const std::exception& e) {
        report_error(fmt::format("cannot listen on {}:{}: {}", config->listen_address, config->port,
                                 e.what()));
        ctx.exit_code = kExitFailure;
        return;
    }
    // The scheduler runs in every process (its lease makes each period run once); workers only
    // where wanted.
    application.runtime().start({.workers = !options.no_workers, .scheduler = true});
    spdlog::info("megatron {} listening on {}:{} (storage: {}, workers: {})", MEGATRON_VERSION,
                 config->listen_address, server.port(), db->describe(),
                 options.no_workers ? "off" : "on");
    int sig = wait_for_stop_signal();
    spdlog::info("signal {} received: finishing requests in flight", sig);
    server.stop();
    application.runtime().stop();
    spdlog::info("stopped");
}

}  // namespace

void add_serve_command(CLI::App& app, CommandContext& ctx) {
    auto options = std::make_shared<ServeOptions>();
    auto* sub = app.add_subcommand("serve", "Run the HTTP server (and, by default, the workers)");
    sub->add_flag("--no-workers", options->no_workers,
                  "Serve HTTP only; run `megatron worker` processes for the work queue");
    sub->callback([&ctx, options] { serve(ctx, *options); });
}

}  // namespace megatron::cli
