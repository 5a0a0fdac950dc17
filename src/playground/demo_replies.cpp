#include "playground/demo_replies.hpp"

#include "util/strings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace megatron::playground {
namespace {

struct Intent {
    std::string_view keyword;
    std::string_view answer;
};

// Checked in order; the first keyword that starts a word of the text answers ("orders" is an
// order, "this" is not "hi").
constexpr std::array kIntents{
    Intent{"refund", "Refunds take 3 to 5 business days. Shall I start one for your last order?"},
    Intent{"card", "Sorry about your card! I can't see card details, but a person can help."},
    Intent{"order", "Your last order shipped yesterday and should arrive on Friday."},
    Intent{"human", "I've let the support team know: someone will join this chat."},
    Intent{"help", "I can help with orders, refunds and cards. Or just say hello!"},
    Intent{"hello", "Hello! I'm the demo bot. How can I help?"},
    Intent{"hi", "Hi there! I'm the demo bot. How can I help?"},
};

}  // namespace

std::string demo_reply(std::string_view text, int turn) {
    auto words = strings::split_whitespace(strings::to_lower(text));
    auto said = [&words](std::string_view keyword) {
        return std::any_of(words.begin(), words.end(), [keyword](std::string_view word) {
            while (!word.empty() && !std::isalnum(static_cast<unsigned char>(word.front()))) {
                word.remove_prefix(1);
            }
            return word.starts_with(keyword);
        });
    };
    std::string answer;
    for (const auto& intent : kIntents) {
        if (said(intent.keyword)) {
            answer = intent.answer;
            break;
        }
    }
    if (answer.empty()) answer = fmt::format("You said: \"{}\"", strings::trim(text));
    // The bot's memory made visible: clear-context resets it to 1.
    return fmt::format("{} (message {} of our conversation)", answer, turn);
}

}  // namespace megatron::playground
