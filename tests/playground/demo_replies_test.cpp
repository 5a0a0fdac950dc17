// The demo bot's answers: canned intents by whole-word prefix, otherwise an echo, and the
// count of messages it remembers (which clear-context resets).
#include "playground/demo_replies.hpp"

#include <gtest/gtest.h>

namespace megatron::playground {
namespace {

TEST(DemoReplies, AnswersAnIntentFoundAtTheStartOfAWord) {
    EXPECT_EQ(demo_reply("Where are my ORDERS?", 2),
              "Your last order shipped yesterday and should arrive on Friday. (message 2 of our "
              "conversation)");
    EXPECT_EQ(demo_reply("hello", 1),
              "Hello! I'm the demo bot. How can I help? (message 1 of our conversation)");
}

TEST(DemoReplies, TheFirstIntentInItsListWins) {
    // "refund" comes before "order" in the bot's list, whatever the order of the words.
    EXPECT_TRUE(demo_reply("order refund", 1).starts_with("Refunds take"));
}

TEST(DemoReplies, AKeywordInsideAWordIsNotAnIntent) {
    // "this" contains "hi", "chelp" is not "help".
    EXPECT_EQ(demo_reply("  this chelp  ", 3),
              "You said: \"this chelp\" (message 3 of our conversation)");
}

TEST(DemoReplies, PunctuationBeforeAWordDoesNotHideIt) {
    EXPECT_TRUE(demo_reply("(help)", 1).starts_with("I can help with"));
}

}  // namespace
}  // namespace megatron::playground
