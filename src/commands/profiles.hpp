#pragma once
// Names of the people a command is about, from the cached profiles, fetched with users.info
// (and cached) the first time. A failed lookup falls back to the user id: a name is never
// worth failing a relay for.
#include "commands/channel_context.hpp"
#include "jobs/handler.hpp"
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/store.hpp"
#include "util/expected.hpp"

#include <string>

namespace megatron::commands {

// `at`: the process's ContextCache, if the job has one (the name then comes from memory
// while the profiles have not changed).
std::string agent_name(storage::Store& store, slack::WebApiClient& client,
                       const storage::Integration& integration, const std::string& agent_id,
                       CachedAt at = {});

// The customer's cached profile, fetched from their workspace the first time and cached
// (username is what search_user and channel names use). A customer Slack cannot find is
// shown by user id; storage or Slack trouble is the error, as the job's outcome (retry or
// fail), for jobs that must not go on without the profile (the relay stores the avatar).
Expected<storage::Profile, jobs::JobOutcome> customer_profile(
    storage::Store& store, slack::WebApiClient& client, const storage::CustomerWorkspace& workspace,
    const std::string& user_id, CachedAt at = {});

// The same for callers that only need a name: any trouble shows the user id instead.
storage::Profile customer_profile_or_id(storage::Store& store, slack::WebApiClient& client,
                                        const storage::CustomerWorkspace& workspace,
                                        const std::string& user_id);

// Profile fields from users.info (image_72, else image_48: some accounts lack the larger).
storage::Profile profile_from(const slack::UserProfile& user);

}  // namespace megatron::commands
