// The Store's part for what agents see (issue 19): delivery marks, help requests and their
// claims, organization settings, hand-back timers.
#include "storage/store.hpp"

#include <algorithm>

namespace megatron::storage {
namespace {

constexpr const char* kSelectDeliveryMark =
    "SELECT job_key, job_id, channel_id, agent_ts, shown, note_ts, retried_by "
    "FROM delivery_marks WHERE ";

StorageResult<std::optional<DeliveryMark>> first_delivery_mark(StorageResult<Result> found) {
    if (!found) return unexpected(found.error());
    if (found->rows.empty()) return std::optional<DeliveryMark>{};
    const auto& row = found->rows.front();
    return std::optional<DeliveryMark>{DeliveryMark{row.text(0), row.integer(1), row.integer(2),
                                                    row.text(3), row.text(4), row.text(5),
                                                    row.text(6)}};
}

constexpr const char* kSelectHelpRequest =
    "SELECT id, organization_id, integration_id, channel, message_ts, workspace_platform_id, "
    "customer, requester, requested_at, claimed_by, claimed_at, closed_by, closed_at, "
    "escalated_at "
    "FROM help_requests WHERE ";

// (store.cpp's reader of the same name is private to that file.)

HelpRequest to_help_request(const Row& r) {
    HelpRequest h;
    h.id = r.integer(0);
    h.organization_id = r.integer(1);
    h.integration_id = r.integer(2);
    h.channel = r.text(3);
    h.message_ts = r.text(4);
    h.workspace_platform_id = r.text(5);
    h.customer = r.text(6);
    h.requester = r.text(7);
    h.requested_at = r.integer(8);
    h.claimed_by = r.optional_text(9);
    h.claimed_at = r.optional_integer(10);
    h.closed_by = r.optional_text(11);
    h.closed_at = r.optional_integer(12);
    h.escalated_at = r.optional_integer(13);
    return h;
}

StorageResult<std::vector<HelpRequest>> help_requests(StorageResult<Result> found) {
    if (!found) return unexpected(found.error());
    std::vector<HelpRequest> out;
    for (const auto& row : found->rows) out.push_back(to_help_request(row));
    return out;
}

StorageResult<std::optional<HelpRequest>> first_help_request(StorageResult<Result> found) {
    auto all = help_requests(std::move(found));
    if (!all) return unexpected(all.error());
    if (all->empty()) return std::optional<HelpRequest>{};
    return std::optional<HelpRequest>{all->front()};
}

// The one help request a lookup must find.
StorageResult<HelpRequest> the_help_request(StorageResult<std::optional<HelpRequest>> found) {
    if (!found) return unexpected(found.error());
    if (!*found) {
        return unexpected(StorageError{StorageError::Kind::NotFound, "help request not found"});
    }
    return **found;
}

StorageResult<void> nothing(StorageResult<Result> done) {
    if (!done) return unexpected(done.error());
    return {};
}

// A paused channel's timer starts at the pause (or Keep paused), or at the agent's newest
// message when that is later; channels paused before timers existed count from their last
// message.
constexpr const char* kSelectHandBack =
    "SELECT c.id, COALESCE(h.quiet_since, c.last_message_sent), h.warned_at, "
    "s.hand_back_minutes, (SELECT MAX(m.created_at) FROM messages m WHERE m.channel_id = c.id "
    "AND m.origin = 'agent') "
    "FROM channels c JOIN organization_settings s ON s.organization_id = c.organization_id "
    "LEFT JOIN hand_backs h ON h.channel_id = c.id "
    "WHERE c.is_paused = 1 AND c.is_archived = 0 AND s.hand_back_minutes > 0";

HandBackTimer to_hand_back(const Row& r) {
    HandBackTimer timer;
    timer.channel_id = r.integer(0);
    timer.quiet_since = std::max(r.integer(1), r.optional_integer(4).value_or(0));
    timer.warned_at = r.optional_integer(2);
    timer.minutes = static_cast<int>(r.integer(3));
    return timer;
}

}  // namespace

StorageResult<std::optional<DeliveryMark>> Store::find_delivery_mark(const std::string& job_key) {
    return first_delivery_mark(
        execute(std::string(kSelectDeliveryMark) + "job_key = ?", {job_key}));
}

StorageResult<std::optional<DeliveryMark>> Store::find_delivery_mark_by_job(std::int64_t job_id) {
    return first_delivery_mark(execute(std::string(kSelectDeliveryMark) + "job_id = ?", {job_id}));
}

StorageResult<void> Store::save_delivery_mark(const DeliveryMark& mark) {
    auto saved = execute(
        "INSERT INTO delivery_marks (job_key, job_id, channel_id, agent_ts, shown, note_ts, "
        "retried_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (job_key) DO UPDATE SET job_id = excluded.job_id, shown = excluded.shown, "
        "note_ts = excluded.note_ts, updated_at = excluded.updated_at",
        {mark.job_key, mark.job_id, mark.channel_id, mark.agent_ts, mark.shown, mark.note_ts,
         mark.retried_by, now()});
    if (!saved) return unexpected(saved.error());
    return {};
}

StorageResult<void> Store::set_delivery_retried_by(std::int64_t job_id,
                                                   const std::string& agent_id) {
    auto set = execute("UPDATE delivery_marks SET retried_by = ?, updated_at = ? WHERE job_id = ?",
                       {agent_id, now(), job_id});
    if (!set) return unexpected(set.error());
    return {};
}

// --- help requests -----------------------------------------------------------------------------

StorageResult<HelpRequest> Store::record_help_request(const HelpRequest& request) {
    auto inserted = execute(
        "INSERT INTO help_requests (organization_id, integration_id, channel, message_ts, "
        "workspace_platform_id, customer, requester, requested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (integration_id, channel, message_ts) DO NOTHING",
        {request.organization_id, request.integration_id, request.channel, request.message_ts,
         request.workspace_platform_id, request.customer, request.requester, request.requested_at});
    if (!inserted) return unexpected(inserted.error());
    return the_help_request(
        find_help_request(request.integration_id, request.channel, request.message_ts));
}

StorageResult<std::optional<HelpRequest>> Store::find_help_request(std::int64_t integration_id,
                                                                   const std::string& channel,
                                                                   const std::string& message_ts) {
    return first_help_request(execute(
        std::string(kSelectHelpRequest) + "integration_id = ? AND channel = ? AND message_ts = ?",
        {integration_id, channel, message_ts}));
}

StorageResult<HelpRequest> Store::help_request(std::int64_t id) {
    return the_help_request(
        first_help_request(execute(std::string(kSelectHelpRequest) + "id = ?", {id})));
}

StorageResult<bool> Store::claim_help_request(std::int64_t id, const std::string& agent,
                                              std::int64_t at) {
    // The condition decides: of two concurrent claims the database lets one UPDATE match.
    // COALESCE keeps the first claim's time when the same agent's job runs again.
    auto claimed = execute(
        "UPDATE help_requests SET claimed_by = ?, claimed_at = COALESCE(claimed_at, ?) "
        "WHERE id = ? AND closed_at IS NULL AND (claimed_by IS NULL OR claimed_by = ?)",
        {agent, at, id, agent});
    if (!claimed) return unexpected(claimed.error());
    return claimed->affected == 1;
}

StorageResult<std::optional<HelpRequest>> Store::open_help_request_for(
    const std::string& workspace_platform_id, const std::string& customer) {
    return first_help_request(execute(
        std::string(kSelectHelpRequest) +
            "workspace_platform_id = ? AND customer = ? AND closed_at IS NULL ORDER BY id DESC",
        {workspace_platform_id, customer}));
}

StorageResult<bool> Store::close_help_request(std::int64_t id, const std::string& agent,
                                              std::int64_t at) {
    auto closed = execute(
        "UPDATE help_requests SET closed_by = ?, closed_at = ? WHERE id = ? AND closed_at IS NULL",
        {agent, at, id});
    if (!closed) return unexpected(closed.error());
    return closed->affected == 1;
}

StorageResult<std::vector<HelpRequest>> Store::unclaimed_help_requests(
    std::int64_t requested_before) {
    return help_requests(execute(std::string(kSelectHelpRequest) +
                                     "claimed_by IS NULL AND closed_at IS NULL AND escalated_at "
                                     "IS NULL AND requested_at <= ? ORDER BY id",
                                 {requested_before}));
}

StorageResult<void> Store::mark_help_request_escalated(std::int64_t id, std::int64_t at) {
    return nothing(execute("UPDATE help_requests SET escalated_at = ? WHERE id = ?", {at, id}));
}

// --- organization settings -------------------------------------------------------------------

StorageResult<OrganizationSettings> Store::organization_settings(std::int64_t organization_id) {
    auto found = execute(
        "SELECT auto_pause_on_claim, hand_back_minutes FROM organization_settings "
        "WHERE organization_id = ?",
        {organization_id});
    if (!found) return unexpected(found.error());
    OrganizationSettings settings;
    if (found->rows.empty()) return settings;
    settings.auto_pause_on_claim = found->rows.front().integer(0) != 0;
    settings.hand_back_minutes = static_cast<int>(found->rows.front().integer(1));
    return settings;
}

StorageResult<void> Store::set_organization_settings(std::int64_t organization_id,
                                                     const OrganizationSettings& settings) {
    return nothing(
        execute("INSERT INTO organization_settings (organization_id, auto_pause_on_claim, "
                "hand_back_minutes) VALUES (?, ?, ?) ON CONFLICT (organization_id) DO UPDATE SET "
                "auto_pause_on_claim = excluded.auto_pause_on_claim, "
                "hand_back_minutes = excluded.hand_back_minutes",
                {organization_id, std::int64_t{settings.auto_pause_on_claim ? 1 : 0},
                 std::int64_t{settings.hand_back_minutes}}));
}

// --- hand-back timers ------------------------------------------------------------------------

StorageResult<std::vector<HandBackTimer>> Store::hand_back_timers() {
    auto found = execute(std::string(kSelectHandBack) + " ORDER BY c.id");
    if (!found) return unexpected(found.error());
    std::vector<HandBackTimer> timers;
    for (const auto& row : found->rows) timers.push_back(to_hand_back(row));
    return timers;
}

StorageResult<std::optional<HandBackTimer>> Store::hand_back_timer(std::int64_t channel_id) {
    auto found = execute(std::string(kSelectHandBack) + " AND c.id = ?", {channel_id});
    if (!found) return unexpected(found.error());
    if (found->rows.empty()) return std::optional<HandBackTimer>{};
    return std::optional<HandBackTimer>{to_hand_back(found->rows.front())};
}

StorageResult<void> Store::restart_hand_back(std::int64_t channel_id, std::int64_t at) {
    return nothing(
        execute("INSERT INTO hand_backs (channel_id, quiet_since, warned_at) VALUES (?, ?, NULL) "
                "ON CONFLICT (channel_id) DO UPDATE SET quiet_since = excluded.quiet_since, "
                "warned_at = NULL",
                {channel_id, at}));
}

StorageResult<void> Store::mark_hand_back_warned(std::int64_t channel_id, std::int64_t at) {
    // A channel paused before timers existed has no row yet: its timer counted from its last
    // message, which a warning row keeps.
    return nothing(
        execute("INSERT INTO hand_backs (channel_id, quiet_since, warned_at) "
                "SELECT id, last_message_sent, ? FROM channels WHERE id = ? "
                "ON CONFLICT (channel_id) DO UPDATE SET warned_at = excluded.warned_at",
                {at, channel_id}));
}

}  // namespace megatron::storage
