// reactions.add / reactions.remove: Megatron's delivery marks on agents' messages, and
// agents' reactions carried over to the customer's messages.
#include "platforms/slack/connection/methods.hpp"

namespace megatron::slack {
namespace {

boost::json::object reaction_body(const Reaction& reaction) {
    return {{"channel", reaction.channel}, {"timestamp", reaction.ts}, {"name", reaction.name}};
}

// Reacting twice leaves one reaction (Slack answers already_reacted / no_reaction), so both
// calls are safe to repeat; those answers mean the reaction already is as wanted.
Expected<void, SlackError> done_unless(Expected<boost::json::object, SlackError> answer,
                                       std::string_view already) {
    if (!answer && answer.error().error != already) return unexpected(std::move(answer.error()));
    return {};
}

}  // namespace

Expected<void, SlackError> add_reaction(WebApiClient& client, const Credentials& credentials,
                                        const Reaction& reaction) {
    return done_unless(
        client.call(credentials, {"reactions.add", Replay::Safe, {}, reaction_body(reaction)}),
        "already_reacted");
}

Expected<void, SlackError> remove_reaction(WebApiClient& client, const Credentials& credentials,
                                           const Reaction& reaction) {
    return done_unless(
        client.call(credentials, {"reactions.remove", Replay::Safe, {}, reaction_body(reaction)}),
        "no_reaction");
}

}  // namespace megatron::slack
