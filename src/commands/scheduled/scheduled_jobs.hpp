#pragma once
// The per-channel and per-workspace jobs the scheduler's periodic jobs fan out into. One job
// per channel keeps a channel whose Slack call or bot app fails from holding up the others,
// and shares the channel's ordering key so it never races that channel's relay jobs.
#include "commands/job_payload.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace megatron::commands::scheduled {

// Requests are read by Boost.JSON (job_payload.hpp).
using payload::tag_invoke;

inline constexpr const char* kUnpauseReminderKind = "scheduled.unpause_reminder";
inline constexpr const char* kArchiveIdleChannelKind = "scheduled.archive_idle_channel";
inline constexpr const char* kRefreshProfilesKind = "scheduled.refresh_profiles";
inline constexpr const char* kPruneRetentionKind = "scheduled.prune_retention";
// Issue 19: the @here reminder of an unclaimed help request; hand-back's warning and the
// hand-back itself (both per channel: ChannelTask).
inline constexpr const char* kHelpEscalationKind = "scheduled.help_escalation";
inline constexpr const char* kHandBackWarningKind = "scheduled.hand_back_warning";
inline constexpr const char* kHandBackKind = "scheduled.hand_back";
// Threads mode: a refreshed customer's open thread gets its parent rewritten, on the
// engagement's ordering key so it never overtakes a close (ChannelTask payload).
inline constexpr const char* kRefreshThreadParentKind = "scheduled.refresh_thread_parent";

// unpause reminder / archive: the channel (the handler re-reads it and re-checks the rule).
struct ChannelTask {
    std::int64_t channel_id = 0;
};
BOOST_DESCRIBE_STRUCT(ChannelTask, (), (channel_id))

// Whose cached profiles to refresh: a customer workspace's users or an integration's agents.
struct ProfileRefresh {
    enum class Scope { CustomerWorkspace, SupportIntegration };
    Scope scope = Scope::CustomerWorkspace;
    std::int64_t id = 0;
    std::int64_t stale_before_ms = 0;  // profiles last refreshed before this are fetched again
};
BOOST_DESCRIBE_STRUCT(ProfileRefresh, (), (scope, id, stale_before_ms))

// Retention pruning for one hour (MEGATRON_RETAIN_DAYS): one job per hour across processes.
struct RetentionTask {
    std::int64_t period_start_ms = 0;
};
BOOST_DESCRIBE_STRUCT(RetentionTask, (), (period_start_ms))

// A help request nobody has claimed (the handler re-reads it and re-checks).
struct HelpRequestTask {
    std::int64_t help_request_id = 0;
};
BOOST_DESCRIBE_STRUCT(HelpRequestTask, (), (help_request_id))

// A scope is written as "workspace" or "integration"; another word refuses the payload.
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& out,
                ProfileRefresh::Scope scope);
boost::system::result<ProfileRefresh::Scope> tag_invoke(
    boost::json::try_value_to_tag<ProfileRefresh::Scope>, const boost::json::value& v);

// What each kind cannot run without (job_payload.hpp refuses a payload lacking it).
bool complete(const ChannelTask& task);
bool complete(const ProfileRefresh& refresh);
bool complete(const RetentionTask& task);
bool complete(const HelpRequestTask& task);

// The period a scheduler job stands for ({"period_start_ms": N}); nullopt when absent.
std::optional<std::int64_t> period_start_from(const std::string& payload);

}  // namespace megatron::commands::scheduled
