#include "app/application.hpp"

#include "api/routes.hpp"
#include "app/metrics_route.hpp"
#include "commands/control/control_command.hpp"
#include "commands/files/transfer_settings.hpp"
#include "commands/outreach/outreach_handlers.hpp"
#include "commands/post_message/post_message_job.hpp"
#include "commands/relay/delivery_direction.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "platforms/slack/socket_mode/envelope_intake.hpp"

namespace megatron::app {
namespace {

std::shared_ptr<const text::Redactor> built_in_redactor(const config::Config& config) {
    auto made = text::Redactor::make(config.privacy.redact_rules);
    if (!made) return std::make_shared<const text::Redactor>();  // built-ins always compile
    return std::make_shared<const text::Redactor>(std::move(*made));
}

}  // namespace

Expected<std::shared_ptr<const text::Redactor>, std::string> make_redactor(
    const config::Config& config) {
    std::vector<text::CustomRule> custom;
    if (!config.privacy.redact_file.empty()) {
        auto rules = text::Redactor::read_rules_file(config.privacy.redact_file);
        if (!rules) return unexpected("MEGATRON_REDACT_FILE: " + rules.error());
        custom = std::move(*rules);
    }
    auto made = text::Redactor::make(config.privacy.redact_rules, custom);
    if (!made) return unexpected("MEGATRON_REDACT_FILE: " + made.error());
    return std::make_shared<const text::Redactor>(std::move(*made));
}

Application::Application(const config::Config& config, storage::Database& db, const Clock& clock,
                         const StatusInfo& status, OffsetClock* test_clock,
                         std::shared_ptr<const text::Redactor> redactor)
    : metrics_(status.version),
      jobs_(metrics_, clock, commands::relay::delivery_direction),
      store_(db, clock),
      refresher_(db, clock, {.observer = &app_commands_}),
      redactor_(redactor ? std::move(redactor) : built_in_redactor(config)),
      runtime_(config, db, clock),
      authenticator_(store_, clock),
      support_channels_(config.slack_api_url, &slack_calls_),
      api_context_{store_, runtime_.queue(), authenticator_, config, support_channels_},
      slack_context_{
          store_,
          runtime_.queue(),
          wall_clock_,
          {config.slack_signing_secret, config.verification_token, std::chrono::seconds(300)}} {
    // Every handler that calls Slack with a customer workspace's token asks the one shared
    // refresher for new credentials when Slack refuses that token.
    auto* refresher = &refresher_;
    // Every handler's Slack calls and App Commands are counted (docs/metrics.md).
    const commands::CallObservers observers{&slack_calls_, &app_commands_};
    commands::relay::add_relay_handlers(
        runtime_.handlers(), db, clock,
        {config.slack_api_url, config.bot_name, config.bot_icon_url, std::chrono::hours(1),
         refresher, config.marks, redactor_.get(), observers});

    commands::control::add_control_handlers(
        runtime_.handlers(), db, clock,
        {config.slack_api_url, config.bot_name, config.channel_prefix, 20,
         config.verification_token, refresher, redactor_.get(), observers});

    commands::scheduled::add_scheduled_handlers(
        runtime_.handlers(), runtime_.queue(), db, clock,
        {config.slack_api_url, config.verification_token, refresher, config.privacy.retain_days,
         observers, std::chrono::minutes(config.help_escalate_minutes)});

    commands::outreach::add_outreach_handlers(runtime_.handlers(), db, clock,
                                              {config.slack_api_url, refresher, observers});

    auto transfers = commands::files::transfer_settings(config);
    transfers.refresher = refresher;
    transfers.redactor = redactor_.get();
    transfers.observers = observers;
    commands::files::add_file_handlers(runtime_.handlers(), db, clock, std::move(transfers));

    // Posts a plain message exactly once (the queue's fault tests drive it).
    commands::add_post_message_handler(runtime_.handlers(), db, config.slack_api_url,
                                       &slack_calls_);
    runtime_.observe_jobs(&jobs_);
    metrics_.set_queue_sampler(metrics::queue_sampler(runtime_.queue(), clock));

    add_status_routes(router_, status, db);
    add_metrics_route(router_, metrics_, config.metrics_token);
    router_.set_observer(
        [this](std::string_view pattern, int code, std::chrono::duration<double> took) {
            metrics_.http_request(pattern, code, took);
        });
    api::add_bot_app_routes(router_, api_context_);
    slack::routes::add_slack_routes(router_, slack_context_);
    if (test_clock != nullptr && config.app_mode == config::AppMode::Test) {
        slack::routes::add_test_clock_route(router_, *test_clock);
    }
    if (!config.slack_app_token.empty()) {
        slack::socket_mode::SocketModeOptions options;
        options.app_token = config.slack_app_token;
        options.api_url = config.slack_api_url;
        options.ca_file = config.socket_mode_ca_file;
        options.observer = &slack_calls_;
        options.backoff_base = std::chrono::milliseconds(config.socket_mode_backoff_ms);
        socket_mode_ = std::make_unique<slack::socket_mode::SocketModeClient>(
            std::move(options), slack::socket_mode::intake_handler(slack_context_));
    }
}

}  // namespace megatron::app
