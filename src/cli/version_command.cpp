#include "cli/commands.hpp"

#include <fmt/core.h>

namespace megatron::cli {

void add_version_command(CLI::App& app, CommandContext& /*ctx*/) {
    app.add_subcommand("version", "Print the version")->callback([] {
        fmt::print("megatron {}\n", MEGATRON_VERSION);
    });
}

}  // namespace megatron::cli
