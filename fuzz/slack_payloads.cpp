// Fuzz target: everything Slack sends, into the interpreter's parsers (they run before any
// Command sees a value). The first line names the parser; the rest is the body as it arrives.
//   events | interactive-form | interactive-json | slash-form | megatron-command | socket |
//   action-target
// Parsers must answer a value or a ParseError, never crash; and what Megatron writes into its
// own buttons must read back the same.
#include "fuzz_input.hpp"
#include "platforms/slack/interpreter/events.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/interpreter/slash_command.hpp"
#include "platforms/slack/interpreter/socket_mode.hpp"

#include <array>
#include <functional>
#include <string_view>

namespace {

namespace si = megatron::slack::interpreter;
using megatron::fuzz::check;

void parse_action_target(std::string_view value) {
    auto target = si::parse_action_target(value);
    if (!target) return;
    check(!target->workspace_id.empty() && !target->user_id.empty(),
          "a parsed action target has both halves");
    check(si::parse_action_target(si::format_action_target(*target)) == target,
          "an action target reads back as it was written");
}

void parse_megatron_command(std::string_view text) {
    auto command = si::parse_megatron_command(text);
    if (!command) return;
    if (const auto* verb = std::get_if<si::ControlCommand>(&*command)) {
        check(si::control_verb_from(si::to_string(verb->verb)) == verb->verb,
              "a control verb reads back as it is named");
    }
}

struct Parser {
    std::string_view name;
    std::function<void(std::string_view)> run;
};

const std::array<Parser, 7>& parsers() {
    static const std::array<Parser, 7> all = {{
        {"events", [](std::string_view b) { (void)si::parse_events_body(b); }},
        {"interactive-form", [](std::string_view b) { (void)si::parse_interactive_body(b); }},
        {"interactive-json", [](std::string_view b) { (void)si::parse_interactive_payload(b); }},
        {"slash-form", [](std::string_view b) { (void)si::parse_slash_command(b); }},
        {"megatron-command", parse_megatron_command},
        {"socket", [](std::string_view b) { (void)si::parse_socket_envelope(b); }},
        {"action-target", parse_action_target},
    }};
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto fields = megatron::fuzz::split_fields(data, size, 2);
    for (const auto& parser : parsers()) {
        if (fields[0] == parser.name) {
            parser.run(fields[1]);
            return 0;
        }
    }
    // An unknown first line: every parser gets the body, so no mutation is wasted.
    for (const auto& parser : parsers()) parser.run(fields[1]);
    return 0;
}
