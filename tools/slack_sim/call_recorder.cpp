#include "call_recorder.hpp"

#include <algorithm>

namespace megatron::slack_sim {

boost::json::object call_to_json(const RecordedCall& call) {
    boost::json::object args;
    for (const auto& [key, value] : call.args) args[key] = value;
    return {{"method", call.method},
            {"workspace_id", call.workspace_id},
            {"args", std::move(args)},
            {"token_source", call.token_source},
            {"http_method", call.http_method},
            {"content_type", call.content_type},
            {"ok", call.ok},
            {"error", call.error}};
}

void CallRecorder::record(RecordedCall call) {
    std::lock_guard lock(mutex_);
    if (max_calls_ != 0 && calls_.size() >= max_calls_) {
        // Drop the oldest quarter at once so trimming stays rare.
        calls_.erase(
            calls_.begin(),
            calls_.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, max_calls_ / 4)));
    }
    call.at = std::chrono::steady_clock::now();
    calls_.push_back(std::move(call));
}

std::vector<RecordedCall> CallRecorder::all() const {
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<RecordedCall> CallRecorder::of_method(const std::string& method) const {
    std::lock_guard lock(mutex_);
    std::vector<RecordedCall> out;
    std::copy_if(calls_.begin(), calls_.end(), std::back_inserter(out),
                 [&](const RecordedCall& c) { return c.method == method; });
    return out;
}

std::size_t CallRecorder::count(const std::string& method) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(
        calls_.begin(), calls_.end(), [&](const RecordedCall& c) { return c.method == method; }));
}

void CallRecorder::clear() {
    std::lock_guard lock(mutex_);
    calls_.clear();
}

}  // namespace megatron::slack_sim
