#pragma once
// Scheduled tasks as job handlers. The scheduler enqueues "scheduler.minute/hour/day" once
// per period (across all processes); those fan out here:
//   minute -> scheduled.unpause_reminder per paused channel quiet for 3 minutes,
//             scheduled.help_escalation per help request unclaimed for
//             MEGATRON_HELP_ESCALATE_MINUTES, scheduled.hand_back_warning / hand_back per
//             paused channel quiet for its organization's hand_back_minutes (less one)
//   hour   -> scheduled.archive_idle_channel per channel idle for 36 hours, and one
//             scheduled.prune_retention (MEGATRON_RETAIN_DAYS)
//   day    -> scheduled.refresh_profiles per customer workspace / support integration
// Every "now" comes from the Clock given here (an OffsetClock in megatron-test mode, so tests
// move time forward). Each per-item job re-reads its row and re-checks its rule when it runs,
// so a duplicate or late job does nothing; posts go through post_once.
#include "commands/command_handler.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"
#include "jobs/handler.hpp"
#include "jobs/queue.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"
#include "util/secret.hpp"

#include <boost/json/array.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace megatron::commands::scheduled {

struct ScheduledSettings {
    std::string slack_api_url;
    Secret verification_token;  // MEGATRON_VERIFICATION_TOKEN (App Commands, see requests.hpp)
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
    long retain_days = 90;  // MEGATRON_RETAIN_DAYS (docs/data.md)
    // Told of the handlers' Slack calls and App Commands (the metrics); empty: nobody.
    CallObservers observers;
    // MEGATRON_HELP_ESCALATE_MINUTES: an unclaimed help request's @here reminder after this.
    std::chrono::minutes help_escalate_after{5};
};

// A per-item job whose rule no longer holds when it runs: done, with the reason as its result.
jobs::JobOutcome skipped(std::string_view why);

// scheduler.minute / hour / day: finds what is due and enqueues one job per item.
class FanOutHandler final : public jobs::JobHandler {
  public:
    enum class Task { UnpauseReminder, ArchiveIdle, RefreshProfiles };
    FanOutHandler(Task task, jobs::JobQueue& queue, storage::Database& db, const Clock& clock,
                  std::chrono::minutes help_escalate_after = std::chrono::minutes(5));
    jobs::JobOutcome run(const jobs::Job& job) override;

  private:
    jobs::JobOutcome every_minute();
    jobs::JobOutcome reminders(int& count);
    jobs::JobOutcome escalations(int& count);
    jobs::JobOutcome hand_backs(int& count);
    jobs::JobOutcome archives(std::int64_t period_start);
    jobs::JobOutcome profile_refreshes(std::int64_t period_start);

    Task task_;
    jobs::JobQueue& queue_;
    storage::Database& db_;
    const Clock& clock_;
    std::chrono::minutes help_escalate_after_;
};

// The "Paused" reminder with an Unpause button, posted once per quiet period.
jobs::JobOutcome unpause_reminder(ChannelRun<ChannelTask>& run);

// Unpauses (App Command pause with paused=false, carrying `verification_token` when set, else
// the organization's token) and archives an idle channel.
jobs::JobOutcome archive_idle_channel(ChannelRun<ChannelTask>& run,
                                      const Secret& verification_token);

// Issue 19. The threaded @here reminder under a help request nobody claimed in `after`
// (once: the job's key names the request; a claimed or closed one is skipped).
jobs::JobOutcome help_escalation(CommandRun<HelpRequestTask>& run, std::chrono::minutes after);
// Hand-back's warning with a Keep paused button, a minute before the hand-back.
jobs::JobOutcome hand_back_warning(ChannelRun<ChannelTask>& run);
// Hands the quiet paused channel back to the bot (App Command unpause) and says so.
jobs::JobOutcome hand_back(ChannelRun<ChannelTask>& run, const Secret& verification_token);

// Hand-back's texts and the warning's blocks (a section and the Keep paused button), for a
// channel whose organization hands back after `minutes`.
std::string hand_back_warning_text(int minutes);
std::string handed_back_text(int minutes);
boost::json::array hand_back_warning_blocks(int minutes, const std::string& workspace_id,
                                            const std::string& user_id);

// Tells the bot app the channel's customer is unpaused (only its 200 clears is_paused).
// False when the organization has no command_url (nobody can be told).
Expected<bool, jobs::JobOutcome> unpause_for_bot_app(ChannelRun<ChannelTask>& run,
                                                     const Secret& verification_token);

// Prunes what is older than `retain_days` in small batches (storage/retention.hpp); what a
// run leaves (a large backlog) the next hour's run continues.
jobs::JobOutcome prune_retention(CommandRun<RetentionTask>& run, storage::Database& db,
                                 long retain_days);

// Fetches the stale cached profiles of one workspace (customers) or integration (agents); a
// refreshed customer with an open thread (threads mode) gets a refresh_thread_parent job.
jobs::JobOutcome refresh_profiles(CommandRun<ProfileRefresh>& run, jobs::JobQueue& queue);

// Threads mode: rewrites an open thread's parent with the cached profile and the state now.
jobs::JobOutcome refresh_thread_parent(ChannelRun<ChannelTask>& run);

// Registers the three fan-out handlers (replacing the runtime's no-op ones) and the three
// per-item kinds. `queue`, `db` and `clock` must outlive the workers.
void add_scheduled_handlers(jobs::HandlerRegistry& registry, jobs::JobQueue& queue,
                            storage::Database& db, const Clock& clock, ScheduledSettings settings);

}  // namespace megatron::commands::scheduled
