// megatron: one binary for the server, the workers and administration.
#include "cli/commands.hpp"
#include "cli/signals.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    megatron::cli::ignore_broken_pipe();  // before any thread or connection exists
    CLI::App app{"Megatron: take over a Slack chatbot's conversation with one customer"};
    app.require_subcommand(1);
    megatron::cli::CommandContext ctx;
    app.add_option("--env-file", ctx.env_file,
                   "Read variables from this file first (django-variables.env format)");

    megatron::cli::add_version_command(app, ctx);
    megatron::cli::add_serve_command(app, ctx);
    megatron::cli::add_migrate_command(app, ctx);
    auto& admin = megatron::cli::add_admin_command(app, ctx);
    megatron::cli::add_admin_jobs_command(admin, ctx);
    megatron::cli::add_admin_privacy_commands(admin, ctx);
    megatron::cli::add_worker_command(app, ctx);
    megatron::cli::add_slack_manifest_command(app, ctx);
    megatron::cli::add_import_command(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : megatron::cli::kExitBadConfig;
    }
    return ctx.exit_code;
}
