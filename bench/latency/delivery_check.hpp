#pragma once
// The exactly-once check: reads every engagement channel's messages back from the simulator
// and matches them with what the load sent. Every benchmark message text is
//   "bench <tag> <id> <send-time-us>"
// where <id> is unique within a tag; <send-time-us> is 0 when the sender has no clock (wrk).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace megatron::bench {

struct DeliveryReport {
    std::size_t delivered = 0;   // distinct ids of the tag found in the channels
    std::size_t duplicates = 0;  // extra copies of an id (must be 0)
    std::size_t misplaced = 0;   // ids found in a channel other than their customer's
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

// channels: how many CZ<n> channels megatron-bench-setup made. Throws on transport errors.
DeliveryReport collect_deliveries(const std::string& sim_url, int channels, const std::string& tag,
                                  Destination destination = Destination::EngagementChannels);

}  // namespace megatron::bench
