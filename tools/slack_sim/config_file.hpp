#pragma once
// JSON -> simulator specs, shared by the --config loader and the control API.
#include "simulator.hpp"

#include <boost/json/object.hpp>

namespace megatron::slack_sim {

WorkspaceSpec workspace_spec_from_json(const boost::json::object& json);
UserSpec user_spec_from_json(const boost::json::object& json);
ChannelSpec channel_spec_from_json(const boost::json::object& json);

}  // namespace megatron::slack_sim
