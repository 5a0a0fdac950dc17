#pragma once
// When a scheduled task is due for a channel: the original's timings, as pure functions of
// the channel row and "now" so they can be tested without a clock.
#include "storage/models.hpp"

#include <chrono>
#include <cstdint>

namespace megatron::commands::scheduled {

// A paused channel this quiet gets the "Paused" reminder (the original: 3 minutes).
inline constexpr std::chrono::minutes kReminderAfterQuiet{3};
// A channel this idle is unpaused and archived (the original: 36 hours).
inline constexpr std::chrono::hours kArchiveAfterIdle{36};

// Paused, not archived, quiet for kReminderAfterQuiet, and not yet reminded in this quiet
// period (a reminder sent before the last message belongs to an earlier period).
bool reminder_due(const storage::Channel& channel, std::int64_t now_ms);

// Not archived and idle for kArchiveAfterIdle.
bool archive_due(const storage::Channel& channel, std::int64_t now_ms);

// Unclaimed help requests get their @here reminder after this (MEGATRON_HELP_ESCALATE_MINUTES).
inline constexpr std::chrono::minutes kDefaultHelpEscalateAfter{5};

// Hand-back (issue 19.4): a warning one minute before the hand-back, once per quiet period.
inline constexpr std::chrono::minutes kHandBackWarningBefore{1};
// Quiet for minutes - 1 and not yet warned in this quiet period (a warning from before the
// timer's start belongs to an earlier one).
bool hand_back_warning_due(const storage::HandBackTimer& timer, std::int64_t now_ms);
// Quiet for the full minutes, and warned in this quiet period.
bool hand_back_due(const storage::HandBackTimer& timer, std::int64_t now_ms);

}  // namespace megatron::commands::scheduled
