// `megatron worker`: works the queue (workers and scheduler) without serving HTTP, so many of
// them can run against one PostgreSQL (and Redis). Stops gracefully on SIGTERM/SIGINT: each
// worker finishes its current job, the scheduler gives up its lease.
#include "cli/commands.hpp"
#include "cli/run_process.hpp"

#include <memory>

namespace megatron::cli {

void add_worker_command(CLI::App& app, CommandContext& ctx) {
    auto no_scheduler = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("worker", "Work the job queue (no HTTP)");
    sub->add_flag("--no-scheduler", *no_scheduler, "Do not take part in running periodic jobs");
    sub->callback([&ctx, no_scheduler] {
        run_process(ctx, {.http = false, .workers = true, .scheduler = !*no_scheduler});
    });
}

}  // namespace megatron::cli
