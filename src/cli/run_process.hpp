#pragma once
// What `megatron serve` and `megatron worker` share: configuration, database, the composition
// root with every job handler, the roles this process plays (HTTP, workers, scheduler), the
// wait for SIGTERM/SIGINT and the graceful stop (HTTP first, so nothing new is accepted; then
// the workers finish their current jobs and the scheduler gives up its lease).
#include "cli/commands.hpp"

namespace megatron::cli {

struct ProcessRoles {
    bool http = true;
    bool workers = true;
    bool scheduler = true;
};

// Runs until a stop signal; failures set ctx.exit_code.
void run_process(CommandContext& ctx, const ProcessRoles& roles);

}  // namespace megatron::cli
