#pragma once
// Reading what the outreach endpoints (broadcast, notify-user, message/<user_id>,
// get-a-human) share: a Slack-shaped message, the organization's own workspaces, and the
// optional idempotency_key that makes a repeated request the same jobs.
#include "api/endpoint.hpp"
#include "commands/outreach/outreach_jobs.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace megatron::api {

// {"text"?, "attachments"? (a list or a JSON string of one), "blocks"? (likewise)}. Errors
// name fields under `prefix` ("message.attachments"); an empty prefix names them bare.
Expected<commands::outreach::OutreachMessage, ApiError> outreach_message(
    const boost::json::object& message, const std::string& prefix);

// True when the message would show something (Slack refuses a post with nothing in it).
bool has_content(const commands::outreach::OutreachMessage& message);

// The organization's customer workspace with that Slack team id; nullopt when there is none
// or it belongs to another organization (which this organization must not learn about).
Expected<std::optional<storage::CustomerWorkspace>, ApiError> organization_workspace(
    ApiContext& context, const storage::Organization& organization, const std::string& platform_id);

// The prefix of this request's job idempotency keys: "<what>:<organization>:<key>" with the
// body's "idempotency_key" when given (a repeat is then the same jobs), else a fresh random
// one (every request is new, so the same text sent again tomorrow is sent again).
Expected<std::string, ApiError> request_key(const storage::Organization& organization,
                                            const boost::json::object& body,
                                            const std::string& what);

}  // namespace megatron::api
