#include "cli/commands.hpp"
#include "cli/setup.hpp"

#include <fmt/core.h>

namespace megatron::cli {

void add_migrate_command(CLI::App& app, CommandContext& ctx) {
    app.add_subcommand("migrate", "Apply pending database migrations and exit")->callback([&ctx] {
        auto config = load_config(ctx);
        if (!config) return;
        int applied = 0;
        if (!open_and_migrate(*config, ctx, &applied)) return;
        fmt::print("{} migration(s) applied\n", applied);
    });
}

}  // namespace megatron::cli
