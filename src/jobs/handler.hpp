#pragma once
// What a job kind does, and how it tells the worker what happened. Each worker thread makes
// its own handler instances (from the registry's factories), so a handler may keep
// per-thread resources such as a Slack client with its keep-alive connection.
#include "jobs/job.hpp"
#include "jobs/queue.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace megatron::jobs {

namespace outcome {
struct Done {
    std::string result = "{}";  // JSON text recorded with the completion
    CompletionWrites writes;    // optional further writes in the same transaction
};
struct Retry {
    std::string error;
    std::optional<std::chrono::milliseconds> after;  // default: the queue's backoff
};
struct RateLimited {
    std::chrono::milliseconds retry_after{1000};  // holds back the whole ordering key
};
struct Fatal {
    std::string error;  // parked as dead at once
};
}  // namespace outcome

using JobOutcome =
    std::variant<outcome::Done, outcome::Retry, outcome::RateLimited, outcome::Fatal>;

class JobHandler {
  public:
    virtual ~JobHandler() = default;
    // Runs one job. `job.attempts` > 1 means an earlier run may have had effects: check for
    // them (e.g. a post already made) before acting again.
    virtual JobOutcome run(const Job& job) = 0;
    // Told after the queue stored a retryable failure (or a rate limit) of `job`, which runs
    // again after `delay`; and after the job was parked as dead with `error` (a fatal
    // outcome, or the last failure allowed). For what people should see about it (the agent
    // relay's delivery marks): best-effort, never changing the job's outcome. Called from the
    // worker pool, never from run().
    virtual void retrying(const Job& /*job*/, std::chrono::milliseconds /*delay*/) {}
    virtual void failed_for_good(const Job& /*job*/, const std::string& /*error*/) {}
};

using HandlerFactory = std::function<std::unique_ptr<JobHandler>()>;

// kind -> factory. Filled before the workers start; read-only afterwards.
class HandlerRegistry {
  public:
    void add(const std::string& kind, HandlerFactory factory) {
        factories_[kind] = std::move(factory);
    }
    const std::map<std::string, HandlerFactory>& factories() const { return factories_; }

  private:
    std::map<std::string, HandlerFactory> factories_;
};

// A handler from a plain function, for small kinds (scheduler ticks, tests).
class FunctionHandler final : public JobHandler {
  public:
    explicit FunctionHandler(std::function<JobOutcome(const Job&)> fn) : fn_(std::move(fn)) {}
    JobOutcome run(const Job& job) override { return fn_(job); }

  private:
    std::function<JobOutcome(const Job&)> fn_;
};

}  // namespace megatron::jobs
