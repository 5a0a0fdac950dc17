#pragma once
// Names of the people a command is about, from the cached profiles, fetched with users.info
// (and cached) the first time. A failed lookup falls back to the user id: a name is never
// worth failing a relay for.
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/store.hpp"

#include <string>

namespace megatron::commands {

std::string agent_name(storage::Store& store, slack::WebApiClient& client,
                       const storage::Integration& integration, const std::string& agent_id);

// The customer's profile (username is what search_user and channel names use).
storage::Profile customer_profile(storage::Store& store, slack::WebApiClient& client,
                                  const storage::CustomerWorkspace& workspace,
                                  const std::string& user_id);

// Profile fields from users.info.
storage::Profile profile_from(const slack::UserProfile& user);

}  // namespace megatron::commands
