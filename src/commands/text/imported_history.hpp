#pragma once
// How `open` shows the customer's earlier conversation with the bot in a new engagement
// channel, as the original did (command_actions._get_conversation_history): oldest first,
// and a bold time stamp "*[Nov 26 01:05 PM]*" on its own line before a message unless it came
// within 3 minutes of the message before it, so a burst of messages reads as one group.
// Times are shown in UTC (the original used the server's local time, UTC in its container).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace megatron::text {

// Within this gap of the previous message no new time stamp is shown.
inline constexpr std::chrono::minutes kTimestampGroupGap{3};

struct ImportItem {
    std::string ts;  // Slack ts, "1700000000.000100"
    bool from_customer = false;
};

// Indices of `items` in the order they are shown: by time (whole seconds, as the original
// compared them); in the same second the customer's message comes before the bot's reply.
std::vector<std::size_t> import_order(const std::vector<ImportItem>& items);

// For ts already in shown order: the prefix each message gets ("" inside a group).
std::vector<std::string> timestamp_headers(const std::vector<std::string>& ts_in_order);

// "*[Nov 26 01:05 PM]*\n" for a unix time.
std::string timestamp_header(std::int64_t unix_seconds);

// The whole seconds of a Slack ts (0 when it does not start with digits).
std::int64_t ts_seconds(const std::string& ts);

}  // namespace megatron::text
