#pragma once
// The get-a-human post as agents see it in the customer-service channel (issue 19.2), in each
// of its states, and the texts about it. Outreach posts it; control updates it in place when
// an agent claims it and when the engagement channel is closed, and the idle archive when it
// closes the channel; the scheduled escalation replies in its thread. Shared by those folders,
// so it lives at commands/.
#include "jobs/handler.hpp"
#include "platforms/slack/connection/credentials.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/models.hpp"
#include "storage/store.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace megatron::commands {

// "🆘 *<requester>* requested some help!" (the customer's id when the bot app gave no name;
// outside text: escaped here).
std::string help_request_text(const storage::HelpRequest& request);

// Whole minutes from `from` to `to` (unix ms), never negative.
std::int64_t minutes_between(std::int64_t from, std::int64_t to);

// Who closed a request when nobody did by hand: the idle archive (closed_by is never an empty
// Slack user id otherwise).
inline constexpr const char* kClosedWhenIdle = "";

// The post's status line under the request: "" while open, "In progress — <@agent>, N min
// after the request" once claimed, "Closed by <@agent> after N min" once closed ("Closed
// after N min: the engagement was idle" when the idle archive closed it).
std::string help_request_status(const storage::HelpRequest& request);

// The post's blocks: the request text, its status (when any) and the buttons: "Open
// engagement channel" always (others may look in), Claim while nobody has claimed it, none
// once it is closed.
boost::json::array help_request_blocks(const storage::HelpRequest& request);

// What a second claimer is told (ephemeral): "<@agent> claimed this N min after the request."
std::string already_claimed_text(const storage::HelpRequest& request);

// The threaded @here reminder for a request nobody claimed in `minutes`.
std::string escalation_text(std::int64_t minutes);

// The post of `request`, updated in place to show it as it is now (support-workspace token).
std::optional<jobs::JobOutcome> show_help_request(slack::WebApiClient& client,
                                                  const slack::Credentials& support,
                                                  const storage::HelpRequest& request);

// Closing a customer's engagement closes their open help request (if any) as `closed_by`, at
// `now_ms`, and says so on its post. An outcome when the job must stop here (retry).
std::optional<jobs::JobOutcome> close_open_help_request(
    storage::Store& store, slack::WebApiClient& client, const slack::Credentials& support,
    const std::string& workspace_platform_id, const std::string& customer,
    const std::string& closed_by, std::int64_t now_ms);

}  // namespace megatron::commands
