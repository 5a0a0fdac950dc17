#include "event_dispatcher.hpp"

namespace megatron::slack_sim {

EventDispatcher::EventDispatcher(Deliver deliver)
    : deliver_(std::move(deliver)), thread_([this](std::stop_token stop) { run(stop); }) {}

EventDispatcher::~EventDispatcher() {
    thread_.request_stop();
    wake_.notify_all();
}

void EventDispatcher::enqueue(std::string team_id, boost::json::object inner_event) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(std::move(team_id), std::move(inner_event));
    }
    wake_.notify_one();
}

void EventDispatcher::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void EventDispatcher::run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
        if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) break;
        auto [team, event] = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        deliver_(stop, team, std::move(event));
        lock.lock();
        busy_ = false;
        if (queue_.empty()) idle_.notify_all();
    }
    queue_.clear();
    busy_ = false;
    idle_.notify_all();
}

}  // namespace megatron::slack_sim
