// `megatron worker`: works the queue (workers and scheduler) without serving HTTP, so many of
// them can run against one PostgreSQL (and Redis). Stops gracefully on SIGTERM/SIGINT: each
// worker finishes its current job, the scheduler gives up its lease.
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "cli/signals.hpp"
#include "jobs/runtime.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <spdlog/spdlog.h>

#include <memory>

namespace megatron::cli {
namespace {

struct WorkerOptions {
    bool no_scheduler = false;
};

void work(CommandContext& ctx, const WorkerOptions& options) {
    auto config = load_config(ctx);
    if (!config) return;
    block_stop_signals();  // before any thread starts, so they all inherit the mask
    log::init(config->log_level);
    auto db = open_and_migrate(*config, ctx);
    if (!db) return;
    SystemClock clock;
    jobs::Runtime runtime(*config, *db, clock);
    runtime.start({.workers = true, .scheduler = !options.no_scheduler});
    spdlog::info("megatron worker {} running (storage: {})", runtime.process_id(), db->describe());
    int sig = wait_for_stop_signal();
    spdlog::info("signal {} received: finishing current jobs", sig);
    runtime.stop();
    spdlog::info("stopped");
}

}  // namespace

void add_worker_command(CLI::App& app, CommandContext& ctx) {
    auto options = std::make_shared<WorkerOptions>();
    auto* sub = app.add_subcommand("worker", "Work the job queue (no HTTP)");
    sub->add_flag("--no-scheduler", options->no_scheduler,
                  "Do not take part in running periodic jobs");
    sub->callback([&ctx, options] { work(ctx, *options); });
}

}  // namespace megatron::cli
