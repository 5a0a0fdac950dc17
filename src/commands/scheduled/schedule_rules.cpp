#include "commands/scheduled/schedule_rules.hpp"

namespace megatron::commands::scheduled {
namespace {

constexpr std::int64_t millis(std::chrono::milliseconds d) {
    return d.count();
}

}  // namespace

bool reminder_due(const storage::Channel& channel, std::int64_t now_ms) {
    if (!channel.is_paused || channel.is_archived) return false;
    if (now_ms - channel.last_message_sent < millis(kReminderAfterQuiet)) return false;
    const auto& reminded = channel.paused_reminder_sent_at;
    return !reminded || *reminded < channel.last_message_sent;
}

bool archive_due(const storage::Channel& channel, std::int64_t now_ms) {
    return !channel.is_archived && now_ms - channel.last_message_sent >= millis(kArchiveAfterIdle);
}

namespace {

bool warned_this_period(const storage::HandBackTimer& timer) {
    return timer.warned_at && *timer.warned_at >= timer.quiet_since;
}

std::int64_t quiet_for(const storage::HandBackTimer& timer, std::int64_t now_ms) {
    return now_ms - timer.quiet_since;
}

}  // namespace

bool hand_back_warning_due(const storage::HandBackTimer& timer, std::int64_t now_ms) {
    if (timer.minutes <= 0 || warned_this_period(timer)) return false;
    const auto warn_after = std::chrono::minutes(timer.minutes) - kHandBackWarningBefore;
    return quiet_for(timer, now_ms) >= millis(warn_after);
}

bool hand_back_due(const storage::HandBackTimer& timer, std::int64_t now_ms) {
    if (timer.minutes <= 0 || !warned_this_period(timer)) return false;
    return quiet_for(timer, now_ms) >= millis(std::chrono::minutes(timer.minutes));
}

}  // namespace megatron::commands::scheduled
