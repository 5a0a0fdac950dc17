#pragma once
// One unit of durable work and what a producer hands the queue to create it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace megatron::jobs {

enum class JobStatus {
    Queued,    // waiting for its turn (first run, or handed back after a rate limit / stop)
    Running,   // claimed by a worker until its lease ends
    Retrying,  // failed with a retryable error; waits for not_before
    Done,      // completed; result recorded
    Dead,      // parked after too many failures or a fatal error; an admin may retry it
};

std::string_view to_string(JobStatus status);
std::optional<JobStatus> status_from_string(std::string_view text);

struct NewJob {
    std::string kind;             // handler name, e.g. "slack.post_message"
    std::string ordering_key;     // jobs sharing it run one at a time in arrival order
    std::string idempotency_key;  // a second enqueue with the same key is the same job
    std::string payload;          // JSON text; never a token (handlers look credentials up)
    // The request that asked for this work (logs); empty: the producer's current one
    // (util/request_context.hpp), taken by enqueue() in the producer's thread.
    std::string request_id;
};

struct Job {
    std::int64_t id = 0;
    std::string kind;
    std::string ordering_key;
    std::string idempotency_key;
    std::string payload;
    int attempts = 0;                // runs started, this one included
    int failures = 0;                // retryable failures so far (rate limits do not count)
    std::int64_t not_before_ms = 0;  // epoch milliseconds
    std::string last_error;
    JobStatus status = JobStatus::Queued;
    std::string result;              // set when Done
    std::int64_t created_at_ms = 0;  // epoch milliseconds of its enqueue (its acceptance)
    std::string request_id;          // the request it came from; restored while it runs
};

}  // namespace megatron::jobs
