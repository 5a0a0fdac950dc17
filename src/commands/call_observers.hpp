#pragma once
// Who is told of the commands' calls to the outside (the metrics): the Slack client's calls
// and the App Commands sent to bot apps. Null members tell nobody (tests, tools). Not owned:
// they outlive the workers.
#include "app_commands/call_observer.hpp"
#include "platforms/slack/connection/call_observer.hpp"

namespace megatron::commands {

struct CallObservers {
    slack::CallObserver* slack = nullptr;
    app_commands::CallObserver* app_commands = nullptr;
};

}  // namespace megatron::commands
