#include "app/application.hpp"

#include "api/routes.hpp"
#include "commands/relay/relay_handlers.hpp"

namespace megatron::app {

Application::Application(const config::Config& config, storage::Database& db, const Clock& clock,
                         const StatusInfo& status)
    : store_(db, clock),
      runtime_(config, db, clock),
      authenticator_(store_, clock),
      api_context_{store_, runtime_.queue(), authenticator_, config} {
    commands::relay::add_relay_handlers(
        runtime_.handlers(), db, clock,
        {config.slack_api_url, config.bot_name, config.bot_icon_url});

    add_status_routes(router_, status, db);
    api::add_bot_app_routes(router_, api_context_);
}

}  // namespace megatron::app
