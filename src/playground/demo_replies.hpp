#pragma once
// What the demo bot says: an echo with a few canned intents. Pure, so it is unit-tested.
#include <string>
#include <string_view>

namespace megatron::playground {

// The bot's answer to `text`, the `turn`-th message of the customer it remembers (1 for the
// first; clear-context starts the count again, which is how a visitor sees it work).
std::string demo_reply(std::string_view text, int turn);

}  // namespace megatron::playground
