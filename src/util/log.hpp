#pragma once
// Logging set-up. Everything logs through spdlog's default logger; this only chooses level
// and format once at start-up. Each line carries the current request id (request_context.hpp)
// when there is one.
#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

namespace megatron::log {

enum class Format {
    Text,  // "2026-01-02T03:04:05.678 info [thread] [request id] message"
    Json,  // one object per line: time, level, logger, thread, message, request_id
};

// level: trace, debug, info, warn, error, off. Unknown names fall back to info.
void init(std::string_view level, Format format = Format::Text);

// The formatter behind Format::Json (public for tests): {"time":"...Z","level":"info",
// "logger":"megatron","thread":123,"message":"...","request_id":"..."}, request_id only
// inside a request; the message escaped as JSON, so a message cannot break its line.
std::unique_ptr<spdlog::formatter> json_formatter();

}  // namespace megatron::log
