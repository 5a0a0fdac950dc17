#pragma once
// Delivers events in the background, in order, so a Web API call that causes an event (the
// bot's own post, which Slack echoes to the app as a message event) answers at once instead
// of waiting for the app to acknowledge.
#include <boost/json/object.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

namespace megatron::slack_sim {

class EventDispatcher {
  public:
    // `stop` is requested when the dispatcher is destroyed: a delivery waiting to retry
    // should give up then rather than hold the destructor.
    using Deliver = std::function<void(std::stop_token stop, const std::string& team_id,
                                       boost::json::object inner_event)>;

    explicit EventDispatcher(Deliver deliver);
    ~EventDispatcher();  // drops what was not delivered yet; cuts short the one in flight
    EventDispatcher(const EventDispatcher&) = delete;
    EventDispatcher& operator=(const EventDispatcher&) = delete;

    void enqueue(std::string team_id, boost::json::object inner_event);
    // Returns once everything enqueued so far has been delivered (or given up on).
    void wait_idle();

  private:
    void run(std::stop_token stop);

    Deliver deliver_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::condition_variable idle_;
    std::deque<std::pair<std::string, boost::json::object>> queue_;
    bool busy_ = false;
    std::jthread thread_;  // last: started after, and joined before, the members it uses
};

}  // namespace megatron::slack_sim
