#pragma once
// Delivery marks: the reactions Megatron puts on an agent's message in the engagement channel
// so the agent sees how its relay to the customer went (docs/agent-guide.md):
//   queued    the relay was queued or is retrying, and that has lasted over ~2 s;
//   delivered Slack accepted the message (edit, deletion) in the customer's DM;
//   failed    the relay failed for good; a threaded note says why in plain words and carries
//             a Retry button that re-queues the same job (delivered at most once: the job's
//             own exactly-once post).
// One mark at a time: showing one takes the previous one away. Marks are best-effort: a Slack
// or storage failure here is logged and never changes the relay's outcome nor repeats it.
// A fast relay only adds the delivered mark (no row is stored); a slow, retried or failed one
// keeps a row in delivery_marks so the next mark knows what to take away and where the note is.
// The agent relay (messages, edits, deletions) and the file transfer (an agent's files) put
// them, so they live at commands/.
#include "commands/command_handler.hpp"
#include "config/config.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace megatron::commands {

inline constexpr const char* kMarkQueued = "queued";
inline constexpr const char* kMarkDelivered = "delivered";
inline constexpr const char* kMarkFailed = "failed";

// How long a relay may take before the agent sees the queued mark.
inline constexpr std::chrono::milliseconds kQueuedMarkAfter{2000};

// The failure note's text and its Retry button (action_id "retry_delivery|<job id>").
std::string failure_note_text(const std::string& reason);
boost::json::array failure_note_blocks(const std::string& reason, std::int64_t job_id);
// The note once a retry delivered the message.
std::string retried_note_text(const std::string& agent_id);

// The job's last error (SlackError::describe()) in words an agent understands.
std::string plain_reason(const std::string& error);

// The job whose marks these are: what the marks need of a ChannelRun.
struct MarkedJob {
    const jobs::Job& job;
    storage::Store& store;
    slack::WebApiClient& slack;
    const ChannelContext& context;
    std::string written_ts;  // when the agent wrote the message (its Slack ts)
};

// The marks of the agent message one relay (or file transfer) job carries.
class DeliveryMarks {
  public:
    // `marked_ts`: the agent's message ("" for a deletion, whose message is gone: no marks,
    // and the failure note goes into the channel itself).
    DeliveryMarks(MarkedJob job, const config::DeliveryMarkNames& names, std::string marked_ts);
    // For a job whose request names the message's `ts` (relay, file transfer).
    template <class Request>
    DeliveryMarks(ChannelRun<Request>& run, const config::DeliveryMarkNames& names,
                  std::string marked_ts)
        : DeliveryMarks(
              MarkedJob{run.job, run.store, run.clients.slack, run.context, run.request.ts}, names,
              std::move(marked_ts)) {}

    // Before the relay runs: the queued mark when the message was written over ~2 s ago.
    void before_attempt();
    // The relay will run again after `delay`: the queued mark unless it will be quick.
    void retrying(std::chrono::milliseconds delay);
    // The relay reached the customer.
    void delivered();
    // The relay failed for good with `error` (the job is dead).
    void failed(const std::string& error);

  private:
    // The stored row, read once (only when something other than a fast relay happened).
    storage::DeliveryMark& record();
    void show(const std::string& mark);
    std::string emoji(const std::string& mark) const;
    void save();
    std::chrono::milliseconds age() const;

    MarkedJob run_;
    const config::DeliveryMarkNames& names_;
    std::string marked_ts_;
    std::optional<storage::DeliveryMark> record_;
};

}  // namespace megatron::commands
