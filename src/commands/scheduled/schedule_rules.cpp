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

}  // namespace megatron::commands::scheduled
