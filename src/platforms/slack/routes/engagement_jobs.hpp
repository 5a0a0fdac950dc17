#pragma once
// The steps the three Slack routes share for work in engagement channels: which of our
// channels a Slack channel is, and storing a control command as a job (and the three
// routes' registration, which slack_routes.cpp calls).
#include "commands/control/control_jobs.hpp"
#include "http/router.hpp"
#include "platforms/slack/routes/intake.hpp"
#include "platforms/slack/routes/slack_routes.hpp"

#include <optional>

namespace megatron::slack::routes {

void add_event_route(http::Router& router, SlackRouteContext& context);
void add_slash_command_route(http::Router& router, SlackRouteContext& context);
void add_interactive_route(http::Router& router, SlackRouteContext& context);

// The engagement channel a support-workspace channel is (nullopt: not one of ours).
storage::StorageResult<std::optional<storage::Channel>> engagement_channel(
    storage::Store& store, const std::string& team_id, const std::string& channel_id);

// The engagement a support-side message belongs to: the thread engagement whose parent is
// `thread_ts` (threads mode), else the engagement channel `channel_id` (nullopt: neither).
storage::StorageResult<std::optional<storage::Channel>> engagement_of(storage::Store& store,
                                                                      const std::string& team_id,
                                                                      const std::string& channel_id,
                                                                      const std::string& thread_ts);

// Stores a control command as a job, ordered with the channel's other work when it was
// issued in an engagement channel. The answer is what Slack shows the agent at once.
IntakeAnswer enqueue_control(SlackRouteContext& context, const std::string& team_id,
                             commands::control::ControlJob job, const std::string& idempotency_key);

}  // namespace megatron::slack::routes
