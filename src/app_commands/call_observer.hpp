#pragma once
// What the App Command client tells about the commands it sends, for whoever counts them (the
// metrics, in src/metrics). Called from the sending thread; an implementation shared by every
// worker must be thread-safe.
#include <string_view>

namespace megatron::app_commands {

class CallObserver {
  public:
    virtual ~CallObserver() = default;
    // One command ("pause", "search_user", ...) ended: `outcome` is "ok" or the failure's kind
    // as errors.hpp's to_string names it ("timeout", "http_status", "refused", ...).
    virtual void command_finished(std::string_view command, std::string_view outcome) = 0;
};

}  // namespace megatron::app_commands
