#pragma once
// Every Web API call the simulator receives, in arrival order, for tests to assert on.
#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace megatron::slack_sim {

struct RecordedCall {
    std::string method;        // "chat.postMessage", or "response_url", "file_upload", ...
    std::string workspace_id;  // empty when the token was unknown
    std::map<std::string, std::string> args;  // the token is never recorded
    std::string token_source;                 // "header", "body", "query" or "none"
    std::string http_method;
    std::string content_type;
    bool ok = false;
    std::string error;  // Slack's error when !ok (or the injected fault)
    // When the call was recorded (set by the recorder), to check pacing and order.
    std::chrono::steady_clock::time_point at{};
};

boost::json::object call_to_json(const RecordedCall& call);

class CallRecorder {
  public:
    // Keeps at most max_calls (0 = all), dropping the oldest.
    explicit CallRecorder(std::size_t max_calls = 0) : max_calls_(max_calls) {}
    void record(RecordedCall call);
    std::vector<RecordedCall> all() const;
    std::vector<RecordedCall> of_method(const std::string& method) const;
    std::size_t count(const std::string& method) const;
    void clear();

  private:
    mutable std::mutex mutex_;
    std::vector<RecordedCall> calls_;
    std::size_t max_calls_;
};

}  // namespace megatron::slack_sim
