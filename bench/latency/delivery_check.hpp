#pragma once
// The exactly-once check: reads every engagement channel's messages back from the simulator
// and matches them with what the load sent. Every benchmark message text is
//   "bench <tag> <id> <send-time>"
// where <id> is unique within a tag; <send-time> is send_time_field's "t<seconds>.<micros>",
// or "0" when the sender has no clock (wrk).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::bench {

struct DeliveryReport {
    std::size_t delivered = 0;   // distinct ids of the tag found in the channels
    std::size_t duplicates = 0;  // extra copies of an id (must be 0)
    std::size_t misplaced = 0;   // ids found in a channel other than their customer's
    std::size_t masked = 0;      // texts whose id Megatron's card masking changed (must be 0)
    double first_post_s = 0;     // Slack ts (epoch seconds) of the first and last post
    double last_post_s = 0;
    std::vector<double> delivery_ms;  // post ts - send time, for ids with a send time
    std::map<std::string, int> ids;   // id -> copies
};

// Where a phase's messages land: the engagement channels CZ<n> (bot-app relay), or the
// customers' DMs in the customer workspace (agent -> customer).
// Threads mode (issue 21): the threads of the one support channel CTHREADS, customer n's under
// the parent 1600000000.<n> (megatron-bench-setup threads).
enum class Destination { EngagementChannels, CustomerDms, Threads };

// A send time as benchmark texts carry it. Megatron masks card-shaped digits (13-19 digits in
// groups joined by one space or '-', passing Luhn) in what it posts to the support workspace,
// so no run of digits in a text may be that long: "<n>:<i> <16-digit microseconds>" was, and
// about one text in ten came back as "<n>:*** ****..." (ids that then collided).
std::string send_time_field(std::int64_t sent_us);
// Its inverse: the microseconds, or 0 for "0" and anything unreadable.
std::int64_t parse_send_time(std::string_view field);

// channels: how many CZ<n> channels megatron-bench-setup made. Throws on transport errors.
DeliveryReport collect_deliveries(const std::string& sim_url, int channels, const std::string& tag,
                                  Destination destination = Destination::EngagementChannels);

}  // namespace megatron::bench
