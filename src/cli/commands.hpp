#pragma once
// The `megatron` command line: one add_*_command function per subcommand, each in its own file.
// A subcommand reports its result through CommandContext::exit_code.
#include <CLI/App.hpp>

#include <optional>
#include <string>

namespace megatron::cli {

struct CommandContext {
    std::optional<std::string> env_file;  // --env-file, applies to every subcommand
    int exit_code = 0;
};

// Exit codes: 0 success, 1 a failed operation (duplicate, unknown organization, ...),
// 2 bad configuration or usage.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadConfig = 2;

void add_version_command(CLI::App& app, CommandContext& ctx);
void add_serve_command(CLI::App& app, CommandContext& ctx);
void add_migrate_command(CLI::App& app, CommandContext& ctx);
// Returns the `admin` subcommand so further admin groups (jobs) can attach to it.
CLI::App& add_admin_command(CLI::App& app, CommandContext& ctx);
void add_admin_jobs_command(CLI::App& admin, CommandContext& ctx);  // jobs/ engineer
// rotate-secret-key, audit, customer forget (issue 20)
void add_admin_privacy_commands(CLI::App& admin, CommandContext& ctx);
void add_worker_command(CLI::App& app, CommandContext& ctx);  // jobs/ engineer
void add_slack_manifest_command(CLI::App& app, CommandContext& ctx);
void add_import_command(CLI::App& app, CommandContext& ctx);  // import-original

}  // namespace megatron::cli
