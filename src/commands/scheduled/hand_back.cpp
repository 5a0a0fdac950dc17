// Hand back to the bot (issue 19.4): a paused channel in which no agent has written for its
// organization's hand_back_minutes is handed back: first a warning with a Keep paused button a
// minute before, then the App Command unpause and "Handed back to the bot after N min of
// silence". Each job re-reads the timer and re-checks its rule when it runs, so an agent's
// message or a Keep paused click since the fan-out makes it do nothing; posts are post_once
// and the marks are written with the job's completion.
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "platforms/slack/blocks/megatron_actions.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace {

// The channel's timer now, or the skipped outcome when `due` no longer holds for it.
Expected<storage::HandBackTimer, jobs::JobOutcome> due_timer(
    ChannelRun<ChannelTask>& run, bool (*due)(const storage::HandBackTimer&, std::int64_t)) {
    auto timer = run.store.hand_back_timer(run.context.channel.id);
    if (!timer) return unexpected(retry_storage(timer.error()));
    if (!*timer || !due(**timer, run.clock.now_millis())) {
        return unexpected(skipped("not due"));
    }
    return **timer;
}

}  // namespace

std::string hand_back_warning_text(int minutes) {
    return fmt::format(
        "No agent has written here for {} min: the bot takes over again in 1 min. Keep paused?",
        minutes - 1);
}

std::string handed_back_text(int minutes) {
    return fmt::format("Handed back to the bot after {} min of silence", minutes);
}

boost::json::array hand_back_warning_blocks(int minutes, const std::string& workspace_id,
                                            const std::string& user_id) {
    return boost::json::array{
        boost::json::object{
            {"type", "section"},
            {"text",
             boost::json::object{{"type", "mrkdwn"}, {"text", hand_back_warning_text(minutes)}}}},
        slack::blocks::keep_paused_block({workspace_id, user_id})};
}

jobs::JobOutcome hand_back_warning(ChannelRun<ChannelTask>& run) {
    auto timer = due_timer(run, hand_back_warning_due);
    if (!timer) return std::move(timer.error());
    const auto& context = run.context;
    slack::PostMessage warning;
    warning.channel = context.channel.platform_channel_id;
    warning.text = hand_back_warning_text(timer->minutes);
    warning.blocks = hand_back_warning_blocks(timer->minutes, context.workspace.platform_id,
                                              context.channel.platform_user_id);
    auto posted = post_once(run.clients.slack, {context.integration.bot_token, {}},
                            std::move(warning), run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    const Clock& clock = run.clock;
    auto channel_id = context.channel.id;
    auto now = clock.now_millis();
    return done_posting(
        *posted, [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            return storage::Store(conn, clock).mark_hand_back_warned(channel_id, now);
        });
}

jobs::JobOutcome hand_back(ChannelRun<ChannelTask>& run, const Secret& verification_token) {
    auto timer = due_timer(run, hand_back_due);
    if (!timer) return std::move(timer.error());
    const auto& context = run.context;
    // Only the bot app's 200 unpauses: a failing bot app is retried, the channel stays paused.
    auto told = unpause_for_bot_app(run, verification_token);
    if (!told) return std::move(told.error());
    if (!*told) return skipped("no command_url: the bot app cannot be told");

    slack::PostMessage said;
    said.channel = context.channel.platform_channel_id;
    said.text = handed_back_text(timer->minutes);
    auto posted = post_once(run.clients.slack, {context.integration.bot_token, {}}, std::move(said),
                            run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    const Clock& clock = run.clock;
    auto channel_id = context.channel.id;
    storage::AuditEntry entry;  // recorded with the unpause itself: once, however often run
    entry.organization_id = context.channel.organization_id;
    entry.actor = "megatron";
    entry.action = "hand-back";
    entry.via = storage::audit_via::kScheduledTask;
    entry.channel = context.channel.platform_channel_id;
    entry.workspace = context.workspace.platform_id;
    entry.customer = context.channel.platform_user_id;
    entry.detail = fmt::format("quiet {} min", timer->minutes);
    return done_posting(*posted,
                        [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                            storage::Store inside(conn, clock);
                            auto cleared = inside.set_paused(channel_id, false);
                            if (!cleared) return cleared;
                            return inside.record_audit(entry);
                        });
}

}  // namespace megatron::commands::scheduled
