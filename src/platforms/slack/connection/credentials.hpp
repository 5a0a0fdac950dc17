#pragma once
// Which token a call uses, and how to get a fresh one. The connection knows nothing about
// the bot app or storage: the caller injects a CredentialRefresher (the app wires one that
// sends the bot app the refresh_workspace App Command and stores the answer).
#include "util/secret.hpp"

#include <optional>
#include <string>

namespace megatron::slack {

struct Credentials {
    Secret token;
    // The customer workspace's platform id (team id). Set it for customer-workspace tokens so
    // invalid_auth, token_revoked, token_expired and account_inactive can trigger a refresh;
    // leave it empty for the support workspace.
    std::string workspace_id;
};

class CredentialRefresher {
  public:
    virtual ~CredentialRefresher() = default;
    // A token for the workspace other than `rejected` (already stored by the implementation),
    // or nullopt when none could be had. Called at most once per Web API call; the caller's
    // Credentials are not changed, so later calls should read the token from storage again.
    virtual std::optional<Secret> refresh(const std::string& workspace_id,
                                          const Secret& rejected) = 0;
};

}  // namespace megatron::slack
