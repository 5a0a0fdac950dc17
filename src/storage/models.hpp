#pragma once
// Megatron's data model as plain structs, one per table (see core_migrations.cpp). Times are
// unix milliseconds. Bot tokens are Secrets so a struct can be logged without leaking them.
#include "util/secret.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace megatron::storage {

enum class PlatformType : int { Slack = 1 };

// A support organization using Megatron (the original's MegatronUser).
struct Organization {
    std::int64_t id = 0;
    std::string name;
    std::string verification_token;  // 24 hex characters, sent with every App Command
    std::optional<std::string> command_url;
    std::int64_t created_at = 0;
};

// Returned once by Store::create_organization: the only time the API token is in plaintext.
struct CreatedOrganization {
    Organization organization;
    Secret api_token;  // 40 hex characters; only its SHA-256 is stored
};

// How an organization shows its engagements to agents (issue 21, docs/agent-guide.md):
// Channels, one "zz-" channel per customer (the original's design, the default), or Threads,
// one thread per customer in a single support channel.
enum class EngagementMode { Channels, Threads };

struct EngagementSettings {
    EngagementMode mode = EngagementMode::Channels;
    // Threads mode: the support channel, an id ("C...") or a "#name" not yet resolved.
    std::string support_channel;
    // Threads mode: an agent's thread reply starting with this stays internal.
    std::string note_prefix = "//";
};

// The support team's own workspace (the original's MegatronIntegration).
struct Integration {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    PlatformType platform_type = PlatformType::Slack;
    std::string team_id;
    Secret bot_token;
    std::int64_t created_at = 0;
};

// A customer's workspace where the organization's chatbot talks to customers.
struct CustomerWorkspace {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    std::string name;
    PlatformType platform_type = PlatformType::Slack;
    std::string platform_id;  // the Slack team id
    std::string domain;
    Secret bot_token;
    std::int64_t created_at = 0;
};

// What register-workspace sends; Store::upsert_workspace creates or updates from it.
struct WorkspaceRegistration {
    std::string name;
    PlatformType platform_type = PlatformType::Slack;
    std::string platform_id;
    std::string domain;
    Secret bot_token;
};

// An engagement: where one customer's DM is mirrored on the support side. In channel mode a
// channel of its own; in threads mode (thread_ts set) the thread under the parent message
// thread_ts in the support channel platform_channel_id.
struct Channel {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    std::int64_t integration_id = 0;
    std::int64_t workspace_id = 0;
    std::string name;
    std::string platform_channel_id;  // the support-side channel (e.g. zz-preston)
    std::string platform_user_id;     // the customer's user id in the customer workspace
    std::int64_t last_message_sent = 0;
    bool is_paused = false;
    bool is_archived = false;
    std::optional<std::int64_t> paused_reminder_sent_at;
    std::optional<std::int64_t> not_paused_warning_at;
    std::int64_t created_at = 0;
    std::string thread_ts;  // threads mode: the parent message; empty in channel mode
    std::string paused_by;  // the agent who paused the bot ("" when not paused or unknown)
    bool is_thread() const { return !thread_ts.empty(); }
};

struct NewChannel {
    std::int64_t organization_id = 0;
    std::int64_t integration_id = 0;
    std::int64_t workspace_id = 0;
    std::string name;
    std::string platform_channel_id;
    std::string platform_user_id;
    std::int64_t last_message_sent = 0;  // 0: now
    std::string thread_ts;               // threads mode: the parent message
};

struct UpsertedChannel {
    Channel channel;
    bool created = false;  // false: the customer's existing channel was updated
};

// Who wrote the message a mapping links. Only an agent's message (sent to the customer by
// the agent relay) may be deleted on the customer's side; mirrors of the customer's and the
// bot's messages never are. Unknown: mappings stored before origins were recorded (and
// imported ones: the original recorded no origin, and deleted nothing).
enum class MessageOrigin { Unknown, Agent, Customer, Bot };

// Links a message in the engagement channel to its twin in the customer's DM (for edits).
struct Message {
    std::int64_t id = 0;
    std::int64_t channel_id = 0;
    std::optional<std::string> integration_msg_id;  // Slack ts on the support side
    std::optional<std::string> customer_msg_id;     // Slack ts in the customer's DM
    std::int64_t created_at = 0;
    MessageOrigin origin = MessageOrigin::Unknown;
};

// Profile fields cached from Slack's users.info.
struct Profile {
    std::string platform_id;
    std::string username;
    std::optional<std::string> display_name;
    std::optional<std::string> real_name;
    std::string profile_image;
    // display name, else real name, else username (as the original shows a person)
    const std::string& best_name() const {
        if (display_name && !display_name->empty()) return *display_name;
        if (real_name && !real_name->empty()) return *real_name;
        return username;
    }
};

// A customer in a customer workspace.
struct PlatformUser {
    std::int64_t id = 0;
    std::int64_t workspace_id = 0;
    Profile profile;
    std::int64_t updated_at = 0;
};

// A support agent in the integration's workspace.
struct PlatformAgent {
    std::int64_t id = 0;
    std::int64_t integration_id = 0;
    Profile profile;
    std::int64_t updated_at = 0;
};

// The delivery marks of one agent -> customer relay job (commands/delivery_marks.hpp):
// stored only once a relay was slow, retried or failed.
struct DeliveryMark {
    std::string job_key;  // the relay job's idempotency key
    std::int64_t job_id = 0;
    std::int64_t channel_id = 0;
    std::string agent_ts;    // the agent's message the marks sit on ("" for a deletion)
    std::string shown;       // the mark on it now: "queued", "failed", "delivered" or ""
    std::string note_ts;     // the failure note, once posted
    std::string retried_by;  // the agent who clicked Retry
};

// A get-a-human post in the support workspace and what became of it (issue 19.2).
struct HelpRequest {
    std::int64_t id = 0;
    std::int64_t organization_id = 0;
    std::int64_t integration_id = 0;
    std::string channel;     // the customer-service channel
    std::string message_ts;  // the post
    std::string workspace_platform_id;
    std::string customer;   // the customer's user id in that workspace
    std::string requester;  // how the bot app named the customer ("carla@customer-co")
    std::int64_t requested_at = 0;
    std::optional<std::string> claimed_by;  // the agent's Slack user id
    std::optional<std::int64_t> claimed_at;
    std::optional<std::string> closed_by;
    std::optional<std::int64_t> closed_at;
    std::optional<std::int64_t> escalated_at;
};

// An organization's choices about claims and hand-back (defaults: no row).
struct OrganizationSettings {
    bool auto_pause_on_claim = false;
    int hand_back_minutes = 0;  // 0: a paused channel stays paused
};

// A paused channel whose organization hands quiet channels back to the bot.
struct HandBackTimer {
    std::int64_t channel_id = 0;
    std::int64_t quiet_since = 0;  // the pause, the last Keep paused or agent message
    std::optional<std::int64_t> warned_at;
    int minutes = 0;  // the organization's hand_back_minutes
};

}  // namespace megatron::storage
