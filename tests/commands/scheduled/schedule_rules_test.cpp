// When the unpause reminder and the idle archive are due (the original's 3 minutes and 36
// hours; one reminder per quiet period).
#include "commands/scheduled/schedule_rules.hpp"

#include <gtest/gtest.h>

namespace megatron::commands::scheduled {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kLast = 1'700'000'000'000;  // the channel's last message

storage::Channel paused_channel() {
    storage::Channel c;
    c.id = 1;
    c.is_paused = true;
    c.last_message_sent = kLast;
    return c;
}

TEST(ReminderDue, AfterThreeQuietMinutes) {
    auto c = paused_channel();
    EXPECT_FALSE(reminder_due(c, kLast));
    EXPECT_FALSE(reminder_due(c, kLast + 3 * kMinuteMs - 1));
    EXPECT_TRUE(reminder_due(c, kLast + 3 * kMinuteMs));
    EXPECT_TRUE(reminder_due(c, kLast + 10 * kHourMs));  // however late the task runs
}

TEST(ReminderDue, OncePerQuietPeriod) {
    auto c = paused_channel();
    c.paused_reminder_sent_at = kLast + 3 * kMinuteMs;
    EXPECT_FALSE(reminder_due(c, kLast + 20 * kMinuteMs));
    // New activity after the reminder starts a new quiet period.
    c.last_message_sent = kLast + 10 * kMinuteMs;
    EXPECT_FALSE(reminder_due(c, kLast + 12 * kMinuteMs));
    EXPECT_TRUE(reminder_due(c, kLast + 13 * kMinuteMs));
}

TEST(ReminderDue, OnlyForPausedOpenChannels) {
    auto unpaused = paused_channel();
    unpaused.is_paused = false;
    EXPECT_FALSE(reminder_due(unpaused, kLast + kHourMs));
    auto archived = paused_channel();
    archived.is_archived = true;
    EXPECT_FALSE(reminder_due(archived, kLast + kHourMs));
}

TEST(ArchiveDue, After36IdleHoursPausedOrNot) {
    auto c = paused_channel();
    EXPECT_FALSE(archive_due(c, kLast + 36 * kHourMs - 1));
    EXPECT_TRUE(archive_due(c, kLast + 36 * kHourMs));
    c.is_paused = false;
    EXPECT_TRUE(archive_due(c, kLast + 40 * kHourMs));
    c.is_archived = true;
    EXPECT_FALSE(archive_due(c, kLast + 40 * kHourMs));
}

// Hand-back (issue 19.4) after 10 quiet minutes: the warning at 9, once per quiet period; the
// hand-back at 10, only once warned in that period.
TEST(HandBackDue, WarningAMinuteBeforeThenTheHandBack) {
    storage::HandBackTimer timer{.channel_id = 1, .quiet_since = kLast, .minutes = 10};
    EXPECT_FALSE(hand_back_warning_due(timer, kLast + 9 * kMinuteMs - 1));
    EXPECT_TRUE(hand_back_warning_due(timer, kLast + 9 * kMinuteMs));
    EXPECT_FALSE(hand_back_due(timer, kLast + 11 * kMinuteMs));  // never warned
    timer.warned_at = kLast + 9 * kMinuteMs;
    EXPECT_FALSE(hand_back_warning_due(timer, kLast + 9 * kMinuteMs + 1));
    EXPECT_FALSE(hand_back_due(timer, kLast + 10 * kMinuteMs - 1));
    EXPECT_TRUE(hand_back_due(timer, kLast + 10 * kMinuteMs));
    // An agent's message after the warning starts a new period: the old warning counts not.
    timer.quiet_since = kLast + 9 * kMinuteMs + 30'000;
    EXPECT_FALSE(hand_back_due(timer, kLast + 11 * kMinuteMs));
    EXPECT_TRUE(hand_back_warning_due(timer, timer.quiet_since + 9 * kMinuteMs));
    // Off: never.
    timer.minutes = 0;
    EXPECT_FALSE(hand_back_warning_due(timer, kLast + kHourMs));
    EXPECT_FALSE(hand_back_due(timer, kLast + kHourMs));
}

}  // namespace
}  // namespace megatron::commands::scheduled
