#pragma once
// Which way a relay job carries a message, for the delivery-latency metric: "incoming"
// (customer -> engagement channel), "outgoing" (bot -> engagement channel), "agent" (agent ->
// customer). Edits, deletions and every other kind deliver no new message: nullopt.
#include <optional>
#include <string_view>

namespace megatron::commands::relay {

std::optional<std::string_view> delivery_direction(std::string_view kind);

}  // namespace megatron::commands::relay
