#pragma once
// The simulator's control API, for tests that run `slack-sim` as another process. All
// bodies and answers are JSON.
//   GET    /_sim/health
//   POST   /_sim/reset                       forget everything; a body {"workspaces":[...]}
//                                            is then loaded (same format as --config)
//   POST   /_sim/config                      load more workspaces/users/channels
//   POST   /_sim/workspaces                  WorkspaceSpec fields -> {"id"}
//   POST   /_sim/workspaces/{team}/users     UserSpec fields -> {"id"}
//   POST   /_sim/workspaces/{team}/channels  ChannelSpec fields -> {"id"}
//   POST   /_sim/workspaces/{team}/dms       {"user"} -> {"id"}
//   POST   /_sim/tokens                      {"team_id","token"}
//   POST   /_sim/tokens/invalidate           {"token","error"?}
//   GET    /_sim/channels/{id}               the channel, or 404
//   GET    /_sim/channels/{id}/messages      {"messages":[...]} oldest first, with metadata
//   POST   /_sim/channels/{id}/messages      {"user","text","thread_ts"?} -> {"ts"}
//   GET    /_sim/calls[?method=M]            {"calls":[{method,workspace_id,args,...}]}
//   DELETE /_sim/calls
//   GET    /_sim/faults | POST /_sim/faults (see fault_from_json) | DELETE /_sim/faults
//   POST   /_sim/rate_limits                 {"posts_per_channel_per_second":1,"burst":3} (0 = off)
//   POST   /_sim/response_urls               {"team_id","channel_id","user_id"} -> {"url"}
//   GET    /_sim/response_urls/posts?url=U   {"posts":[...]}
//   POST   /_sim/apps/{team}                 {"events_url","commands_url","interactive_url",
//                                            "signing_secret","retry_delays_ms"?,
//                                            "echo_bot_messages"?} (connect_app)
//   POST   /_sim/channels/{id}/say           {"user","text","thread_ts"?} -> {"ts","attempts",
//                                            "abandoned"} (abandoned: the simulator stopped)
//   POST   /_sim/channels/{id}/slash_command {"user","command","text"} -> {"attempt",
//                                            "response_url","trigger_id"}
//   POST   /_sim/channels/{id}/interactive   {"user","payload":{...}} -> same
//   POST   /_sim/app_tokens                  {"team_id","token"}: an app-level token (Socket Mode)
//   POST   /_sim/apps/{team} also takes "socket_mode": true (deliver over Socket Mode) and
//                                            "duplicate_envelopes": true (on every connection)
//   POST   /_sim/socket_mode/{team}/disconnect {"reason"?}: Slack's disconnect to each link
//   POST   /_sim/socket_mode/{team}/drop     {"count"?}: cut connections without a close frame
//   GET    /_sim/socket_mode/{team}          {"open_connections","connections_accepted"}
//   GET    /_sim/socket_mode_acks            {"acks":[...]} every ack received
//   POST   /_sim/send                        act as Slack: see slack_sender.hpp
//                                            {"kind":"event"|"slash_command"|"interactive",
//                                             "url","signing_secret","body"|"fields"|"payload",
//                                             "retry_delays_ms"?:[...]} -> {"attempts":[...],
//                                             "abandoned"}
#include "http/router.hpp"

namespace megatron::slack_sim {

class Simulator;

void add_control_routes(http::Router& router, Simulator& sim);

}  // namespace megatron::slack_sim
