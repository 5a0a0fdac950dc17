#pragma once
// Logging set-up. Everything logs through spdlog's default logger; this only chooses level
// and format once at start-up.
#include <string_view>

namespace megatron::log {

// level: trace, debug, info, warn, error, off. Unknown names fall back to info.
void init(std::string_view level);

}  // namespace megatron::log
