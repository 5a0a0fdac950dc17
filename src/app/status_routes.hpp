#pragma once
// Routes that tell operators and load balancers how Megatron is: the HTML status page,
// the original's GET /megatron/ ping, liveness and readiness.
#include "http/router.hpp"
#include "storage/sql.hpp"

#include <string>

namespace megatron::app {

struct StatusInfo {
    std::string version;
    std::string storage;  // e.g. "sqlite (megatron.db)"; never a password
    std::string queue;    // e.g. "database" or "redis"
    std::string mode;     // MEGATRON_APP_MODE
    // False while no organization has a Slack integration: the page says how to start.
    bool slack_configured = true;
    bool playground = false;  // the playground runs: the page links to /playground
};

void add_status_routes(http::Router& router, const StatusInfo& info, storage::Database& db);

}  // namespace megatron::app
