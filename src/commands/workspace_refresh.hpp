#pragma once
// Fresh credentials for a customer workspace, asked of the bot app with the refresh_workspace
// App Command (as the original did when Slack refused a customer token, and before it
// re-opened an archived engagement channel). The answer's name, domain and connection_token
// are stored and the token handed back to the Slack client that asked.
//
// At most one refresh per workspace is in flight in a process: a job of that workspace whose
// call fails meanwhile waits for that refresh's result instead of asking again. A failed
// refresh (error, malformed answer, timeout, ok:false) is one log line naming the workspace
// and the failure, never a token; the caller's job then retries with the queue's backoff.
#include "app_commands/client.hpp"
#include "platforms/slack/connection/credentials.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace megatron::commands {

class WorkspaceRefresher final : public slack::CredentialRefresher {
  public:
    // `db` and `clock` must outlive the refresher; it is shared by every worker thread.
    WorkspaceRefresher(storage::Database& db, const Clock& clock,
                       app_commands::ClientOptions options = {});

    // A token other than `rejected`: the stored one when another job already refreshed it,
    // else the bot app's answer (stored first); nullopt when the bot app gave none.
    std::optional<Secret> refresh(const std::string& workspace_id, const Secret& rejected) override;

  private:
    struct Flight {
        bool done = false;
        std::optional<Secret> token;
    };

    std::optional<Secret> stored_token_unless(const std::string& workspace_id,
                                              const Secret& rejected);
    std::optional<Secret> ask_bot_app(const std::string& workspace_id);

    storage::Database& db_;
    const Clock& clock_;
    app_commands::ClientOptions options_;
    std::mutex mutex_;
    std::condition_variable landed_;
    std::map<std::string, std::shared_ptr<Flight>> flights_;  // workspace id -> refresh
};

}  // namespace megatron::commands
