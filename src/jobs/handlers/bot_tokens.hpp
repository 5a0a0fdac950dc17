#pragma once
// Where a job handler gets a workspace's bot token: looked up at run time by team id, so job
// payloads never carry credentials.
#include "storage/sql.hpp"
#include "util/secret.hpp"

#include <optional>
#include <string>

namespace megatron::jobs {

class BotTokens {
  public:
    virtual ~BotTokens() = default;
    // The bot token of a customer workspace or of the support team's integration with this
    // Slack team id; nullopt when Megatron knows no such team.
    virtual storage::StorageResult<std::optional<Secret>> bot_token(const std::string& team_id) = 0;
};

// Reads customer_workspaces, then integrations (storage::Store).
class StoredBotTokens final : public BotTokens {
  public:
    explicit StoredBotTokens(storage::Database& db) : db_(db) {}
    storage::StorageResult<std::optional<Secret>> bot_token(const std::string& team_id) override;

  private:
    storage::Database& db_;
};

}  // namespace megatron::jobs
