// `megatron serve`: HTTP, and by default the workers; the scheduler always runs (its lease
// makes each period run once however many processes there are).
#include "cli/commands.hpp"
#include "cli/run_process.hpp"

#include <memory>

namespace megatron::cli {

void add_serve_command(CLI::App& app, CommandContext& ctx) {
    auto no_workers = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("serve", "Run the HTTP server (and, by default, the workers)");
    sub->add_flag("--no-workers", *no_workers,
                  "Serve HTTP only; run `megatron worker` processes for the work queue");
    sub->callback([&ctx, no_workers] {
        run_process(ctx, {.http = true, .workers = !*no_workers, .scheduler = true});
    });
}

}  // namespace megatron::cli
