#pragma once
// Whether `megatron serve` runs the playground (MEGATRON_PLAYGROUND; auto: while no Slack
// integration is configured), and starting it on a database of its own, made afresh at every
// start beside the real one (megatron.db -> megatron-playground.db), never the real data.
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "playground/playground.hpp"
#include "storage/sql.hpp"

#include <memory>
#include <string>

namespace megatron::cli {

// True when some organization has a Slack integration (a support workspace).
bool slack_configured(storage::Database& db);

// The playground's DATABASE_URL for the real one's.
std::string playground_database_url(const std::string& database_url);

struct PlaygroundRun {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<playground::Playground> playground;  // declared last: stopped first
};

// Null when the playground is off, or could not start (logged; the real server runs on).
std::unique_ptr<PlaygroundRun> start_playground(const config::Config& config, bool slack_is_set,
                                                CommandContext& ctx);

}  // namespace megatron::cli
