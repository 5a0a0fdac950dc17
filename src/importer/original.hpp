#pragma once
// The rows of the original Megatron's database (team-labs/megatron, its Django app
// "megatron" after migration 0013) that the importer maps, read through the PostgreSQL
// driver of storage/. Tokens are Secrets from the moment they are read.
#include "storage/models.hpp"
#include "storage/sql.hpp"
#include "util/secret.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace megatron::importer {

// megatron_megatronuser: an organization.
struct OriginalOrganization {
    std::int64_t id = 0;
    std::string name;
    std::string verification_token;
    std::optional<std::string> command_url;
};

// megatron_token: the key a bot app sends as `Authorization: MegatronToken <key>`. Its primary
// key is the key itself, so rows are named by their organization (user_id), never by key.
struct OriginalToken {
    std::int64_t organization_id = 0;
    Secret key;
};

// megatron_megatronintegration: an organization's support workspace.
struct OriginalIntegration {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    int platform_type = 0;
    std::string team_id;
    Secret bot_token;
};

// megatron_customerworkspace: a workspace the bot talks to customers in (no owner column).
struct OriginalWorkspace {
    std::int64_t id = 0;
    std::string name;
    int platform_type = 0;
    std::string platform_id;
    std::string domain;
    Secret bot_token;
};

// megatron_megatronchannel: an engagement channel.
struct OriginalChannel {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    std::int64_t integration_id = 0;
    std::int64_t workspace_id = 0;
    std::string name;
    std::string platform_channel_id;
    std::string platform_user_id;
    std::int64_t last_message_sent = 0;  // unix milliseconds
    bool is_paused = false;
    bool is_archived = false;
};

// megatron_megatronmessage: support-side ts <-> customer-side ts.
struct OriginalMessage {
    std::int64_t id = 0;
    std::int64_t channel_id = 0;
    std::optional<std::string> integration_msg_id;
    std::optional<std::string> customer_msg_id;
};

// megatron_platformuser (owner: workspace) or megatron_platformagent (owner: integration).
struct OriginalProfile {
    std::int64_t id = 0;
    std::int64_t owner_id = 0;
    storage::Profile profile;
};

// Everything but the message mappings, which are read one organization at a time.
struct OriginalData {
    std::vector<OriginalOrganization> organizations;
    std::vector<OriginalToken> tokens;
    std::vector<OriginalIntegration> integrations;
    std::vector<OriginalWorkspace> workspaces;
    std::vector<OriginalChannel> channels;
    std::vector<OriginalProfile> users;
    std::vector<OriginalProfile> agents;
};

storage::StorageResult<OriginalData> read_original(storage::Database& source);

// The message mappings of one organization's channels, by id.
storage::StorageResult<std::vector<OriginalMessage>> read_messages(storage::Database& source,
                                                                   std::int64_t organization_id);

}  // namespace megatron::importer
