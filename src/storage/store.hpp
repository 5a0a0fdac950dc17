#pragma once
// Typed access to Megatron's tables (models.hpp) on either back end.
//
// Return conventions, the same for every method:
//   - asking for ONE row by id (organization(id), channel(id), ...) or changing one row by id:
//     a missing row is StorageError{NotFound};
//   - find_* and lookups where "none" is an ordinary answer (a token that matches nothing, a
//     customer without a channel yet): std::optional, nullopt when absent;
//   - lists: a vector, empty when nothing matches;
//   - creating a row that breaks a uniqueness rule: StorageError{Conflict};
//     a foreign key to a missing row: StorageError{Invalid}.
// Deleting a parent row deletes its children (ON DELETE CASCADE), as the original did.
// All times are unix milliseconds from the Clock given at construction.
//
// A Store built on a Connection runs inside the caller's transaction, so repository writes
// and other work (e.g. enqueueing a job in the same database) commit or roll back together:
//     db.transaction([&](Connection& c) -> StorageResult<void> {
//         Store store(c);
//         ... store.create_message(...); queue.enqueue(c, ...); ...
//     });
#include "storage/audit_log.hpp"
#include "storage/models.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::storage {

class Store {
  public:
    explicit Store(Database& db);
    Store(Database& db, const Clock& clock);
    // Statements run on `conn`; methods of several statements join the open transaction.
    explicit Store(Connection& conn);
    Store(Connection& conn, const Clock& clock);
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // --- organizations and API tokens -------------------------------------------------------
    // Generates the verification token and the API token; the plaintext API token is returned
    // here once and never again (only its SHA-256 is stored).
    StorageResult<CreatedOrganization> create_organization(
        const std::string& name, const std::optional<std::string>& command_url);
    StorageResult<Organization> organization(std::int64_t id);
    StorageResult<std::optional<Organization>> find_organization_by_name(const std::string& name);
    StorageResult<std::vector<Organization>> organizations();
    // The organization an `Authorization: MegatronToken <token>` header belongs to.
    StorageResult<std::optional<Organization>> organization_for_token(const std::string& plaintext);
    // Replaces every API token of the organization; returns the new plaintext.
    StorageResult<Secret> rotate_token(std::int64_t organization_id);
    StorageResult<void> set_command_url(std::int64_t organization_id,
                                        const std::optional<std::string>& command_url);
    // Replaces the token refresh_workspace carries (a migrating team keeps the value its bot
    // app already checks).
    StorageResult<void> set_verification_token(std::int64_t organization_id,
                                               const std::string& verification_token);
    StorageResult<void> delete_organization(std::int64_t organization_id);

    // --- integrations (the support team's workspace) ---------------------------------------
    StorageResult<Integration> create_integration(std::int64_t organization_id,
                                                  PlatformType platform_type,
                                                  const std::string& team_id,
                                                  const Secret& bot_token);
    StorageResult<Integration> integration(std::int64_t id);
    StorageResult<std::optional<Integration>> find_integration(PlatformType platform_type,
                                                               const std::string& team_id);
    StorageResult<std::vector<Integration>> integrations_for(std::int64_t organization_id);
    StorageResult<void> set_integration_token(std::int64_t id, const Secret& bot_token);
    StorageResult<void> delete_integration(std::int64_t id);

    // --- customer workspaces ----------------------------------------------------------------
    // Creates the workspace, or updates name, domain and token of the organization's existing
    // one. A workspace registered by ANOTHER organization is a Conflict (and left untouched).
    StorageResult<CustomerWorkspace> upsert_workspace(std::int64_t organization_id,
                                                      const WorkspaceRegistration& registration);
    StorageResult<CustomerWorkspace> workspace(std::int64_t id);
    StorageResult<std::optional<CustomerWorkspace>> find_workspace(PlatformType platform_type,
                                                                   const std::string& platform_id);
    StorageResult<std::vector<CustomerWorkspace>> workspaces_for(std::int64_t organization_id);
    StorageResult<void> delete_workspace(std::int64_t id);

    // --- engagement channels ----------------------------------------------------------------
    StorageResult<Channel> create_channel(const NewChannel& channel);
    // The original's update_or_create: the customer's channel in that workspace gets the new
    // name, support-side channel id and integration (archive state and times are kept), or a
    // channel is created. Another organization's channel for that customer is a Conflict.
    StorageResult<UpsertedChannel> upsert_channel(const NewChannel& channel);
    StorageResult<Channel> channel(std::int64_t id);
    // The customer's channel in that workspace (archived ones included; check is_archived).
    StorageResult<std::optional<Channel>> find_channel_for_customer(
        std::int64_t workspace_id, const std::string& platform_user_id);
    // The organization's channel for a customer user id in any of its workspaces (what the
    // bot-app API has to go on): a not archived one first, else the newest archived one.
    StorageResult<std::optional<Channel>> find_channel_for_organization_customer(
        std::int64_t organization_id, const std::string& platform_user_id);
    // The channel an agent is typing in, from the support-side channel id.
    StorageResult<std::optional<Channel>> find_channel_by_platform_channel(
        std::int64_t integration_id, const std::string& platform_channel_id);
    StorageResult<std::vector<Channel>> channels_for(std::int64_t organization_id);
    // Paused, not archived channels whose last message is at or before `last_message_before`
    // (all paused ones when nullopt): the unpause / reminder scheduled task.
    StorageResult<std::vector<Channel>> paused_channels(
        std::optional<std::int64_t> last_message_before = std::nullopt);
    // Not archived channels whose last message is at or before `last_message_before`
    // (paused or not): the archive-idle-channels scheduled task.
    StorageResult<std::vector<Channel>> idle_channels(std::int64_t last_message_before);
    // Pausing or unpausing also clears both reminder marks: a new pause gets new reminders.
    StorageResult<void> set_paused(std::int64_t channel_id, bool paused);
    StorageResult<void> set_archived(std::int64_t channel_id, bool archived);
    StorageResult<void> set_last_message_sent(std::int64_t channel_id, std::int64_t at);
    // The relay's version, with every message: moves last_message_sent to `at` only when it is
    // more than kActivityGranularity older, so most relays write nothing to the channel's row
    // and its index (two pages of the WAL per message). What reads it counts in minutes to
    // days (reminders, archiving). A channel that is gone is no error.
    StorageResult<void> touch_last_message_sent(std::int64_t channel_id, std::int64_t at);
    static constexpr std::int64_t kActivityGranularityMs = 60'000;
    StorageResult<void> mark_paused_reminder_sent(std::int64_t channel_id, std::int64_t at);
    StorageResult<void> mark_not_paused_warning(std::int64_t channel_id, std::int64_t at);
    StorageResult<void> delete_channel(std::int64_t channel_id);

    // --- threads mode (issue 21) ------------------------------------------------------------
    StorageResult<EngagementSettings> engagement_settings(std::int64_t organization_id);
    StorageResult<void> set_engagement_settings(std::int64_t organization_id,
                                                const EngagementSettings& settings);
    // The thread engagement whose parent message is `thread_ts` in the support channel.
    StorageResult<std::optional<Channel>> find_engagement_thread(std::int64_t integration_id,
                                                                 const std::string& channel_id,
                                                                 const std::string& thread_ts);
    // The thread engagement holding the support-side message `ts` (a mirror or an agent's
    // reply) in the support channel: reactions name the message, not its thread.
    StorageResult<std::optional<Channel>> find_engagement_of_message(std::int64_t integration_id,
                                                                     const std::string& channel_id,
                                                                     const std::string& ts);
    StorageResult<void> set_paused_by(std::int64_t channel_id, const std::string& agent_id);

    // --- messages ---------------------------------------------------------------------------
    StorageResult<Message> create_message(std::int64_t channel_id,
                                          const std::optional<std::string>& integration_msg_id,
                                          const std::optional<std::string>& customer_msg_id,
                                          MessageOrigin origin = MessageOrigin::Unknown);
    // The mapping of a relayed message, unless the channel has one for either ts already
    // (a retried job's): one statement, no lookup first.
    StorageResult<void> create_message_once(std::int64_t channel_id,
                                            const std::string& integration_msg_id,
                                            const std::string& customer_msg_id,
                                            MessageOrigin origin);
    StorageResult<Message> message(std::int64_t id);
    StorageResult<std::optional<Message>> find_message_by_integration_id(
        std::int64_t channel_id, const std::string& integration_msg_id);
    StorageResult<std::optional<Message>> find_message_by_customer_id(
        std::int64_t channel_id, const std::string& customer_msg_id);
    // Sets both ids (an edit can move either side to a new ts).
    StorageResult<void> update_message(std::int64_t id,
                                       const std::optional<std::string>& integration_msg_id,
                                       const std::optional<std::string>& customer_msg_id);

    // --- cached Slack profiles --------------------------------------------------------------
    StorageResult<PlatformUser> upsert_platform_user(std::int64_t workspace_id,
                                                     const Profile& profile);
    // Stores a fetched profile only over a cached one (false: not cached). One statement, so a
    // profile pruned or forgotten meanwhile stays gone; a read-then-upsert brought it back.
    StorageResult<bool> refresh_platform_user(std::int64_t workspace_id, const Profile& profile);
    StorageResult<std::optional<PlatformUser>> find_platform_user(std::int64_t workspace_id,
                                                                  const std::string& platform_id);
    // Profiles last refreshed before `updated_before`, oldest first (for the refresh task).
    StorageResult<std::vector<PlatformUser>> stale_platform_users(std::int64_t updated_before);
    StorageResult<PlatformAgent> upsert_platform_agent(std::int64_t integration_id,
                                                       const Profile& profile);
    StorageResult<std::optional<PlatformAgent>> find_platform_agent(std::int64_t integration_id,
                                                                    const std::string& platform_id);
    StorageResult<std::vector<PlatformAgent>> stale_platform_agents(std::int64_t updated_before);

    // The context generation (core migration 60): triggers raise it with every change of a
    // channel (except its last activity), an integration, a customer workspace or a cached
    // profile, so a process may keep what it read of them while it stays the same.
    StorageResult<std::int64_t> context_generation();

    // --- Slack event de-duplication ---------------------------------------------------------
    // True the first time an event id is seen, false for a redelivery.
    StorageResult<bool> mark_event_processed(const std::string& event_id);
    // Forgets events received before `received_before`; returns how many.
    StorageResult<std::int64_t> prune_processed_events(std::int64_t received_before);

    // --- what agents see (issue 19; agent_view_store.cpp) -------------------------------------
    StorageResult<std::optional<DeliveryMark>> find_delivery_mark(const std::string& job_key);
    StorageResult<std::optional<DeliveryMark>> find_delivery_mark_by_job(std::int64_t job_id);
    // Inserts or updates the row of mark.job_key (retried_by is kept: the Retry click sets it).
    StorageResult<void> save_delivery_mark(const DeliveryMark& mark);
    StorageResult<void> set_delivery_retried_by(std::int64_t job_id, const std::string& agent_id);

    // Help requests (get-a-human posts). Recording the same post twice keeps the first row.
    StorageResult<HelpRequest> record_help_request(const HelpRequest& request);
    StorageResult<std::optional<HelpRequest>> find_help_request(std::int64_t integration_id,
                                                                const std::string& channel,
                                                                const std::string& message_ts);
    StorageResult<HelpRequest> help_request(std::int64_t id);
    // One conditional UPDATE: true when `agent` holds the request now (it was unclaimed, or
    // already theirs: a retried claim), false when someone else does or it is closed.
    StorageResult<bool> claim_help_request(std::int64_t id, const std::string& agent,
                                           std::int64_t at);
    // The customer's newest request not yet closed, if any.
    StorageResult<std::optional<HelpRequest>> open_help_request_for(
        const std::string& workspace_platform_id, const std::string& customer);
    // True for the one call that closed it.
    StorageResult<bool> close_help_request(std::int64_t id, const std::string& agent,
                                           std::int64_t at);
    // Neither claimed, closed nor escalated, and requested at or before `requested_before`.
    StorageResult<std::vector<HelpRequest>> unclaimed_help_requests(std::int64_t requested_before);
    StorageResult<void> mark_help_request_escalated(std::int64_t id, std::int64_t at);

    // Organization settings (defaults when never set).
    StorageResult<OrganizationSettings> organization_settings(std::int64_t organization_id);
    StorageResult<void> set_organization_settings(std::int64_t organization_id,
                                                  const OrganizationSettings& settings);

    // Hand-back timers of paused channels whose organization has hand_back_minutes set; an
    // agent message newer than the timer's start moves quiet_since to it.
    StorageResult<std::vector<HandBackTimer>> hand_back_timers();
    StorageResult<std::optional<HandBackTimer>> hand_back_timer(std::int64_t channel_id);
    // Starts the timer again at `at` (a pause, a Keep paused click) without a warning.
    StorageResult<void> restart_hand_back(std::int64_t channel_id, std::int64_t at);
    StorageResult<void> mark_hand_back_warned(std::int64_t channel_id, std::int64_t at);

    // --- the audit log (append only: audit_log.hpp) ---------------------------------------
    StorageResult<void> record_audit(const AuditEntry& entry, const std::string& once_key = {});

  private:
    std::int64_t now() const { return clock_->now_millis(); }
    // The keys secret columns are sealed with (the database's; nullptr: stored as they are).
    const crypto::KeyRing* ring() const;
    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params = {});
    StorageResult<void> transaction(const std::function<StorageResult<void>(Connection&)>& work);

    Database* db_ = nullptr;      // set when the Store runs its own statements and transactions
    Connection* conn_ = nullptr;  // set when the Store runs inside the caller's transaction
    SystemClock system_clock_;
    const Clock* clock_;
};

}  // namespace megatron::storage
