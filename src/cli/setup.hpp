#pragma once
// What every long-running or database-touching subcommand does first: load the configuration
// (one clear line and exit code 2 when it is wrong), open the database and migrate it.
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "storage/sql.hpp"

#include <memory>
#include <optional>

namespace megatron::cli {

// Prints "megatron: <VARIABLE>: <reason>" and sets exit code 2 on a bad configuration.
std::optional<config::Config> load_config(CommandContext& ctx);

// Opens DATABASE_URL and applies every pending migration (core and jobs). On failure prints
// one line and sets exit code 1.
std::unique_ptr<storage::Database> open_and_migrate(const config::Config& config,
                                                    CommandContext& ctx, int* applied = nullptr);

// Gives `db` the key ring of MEGATRON_SECRET_KEY (refused without one in production mode),
// checks every stored secret opens with it and seals the ones stored in plain text. Called
// by open_and_migrate; on failure prints one line, sets the exit code and returns false.
bool attach_secret_keys(const config::Config& config, storage::Database& db, CommandContext& ctx);

// Prints one line to stderr, prefixed "megatron: ".
void report_error(const std::string& line);

}  // namespace megatron::cli
