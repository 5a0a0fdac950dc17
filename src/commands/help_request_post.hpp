#pragma once
// The get-a-human post as agents see it in the customer-service channel (issue 19.2), in each
// of its states, and the texts about it. Outreach posts it; control updates it in place when
// an agent claims it and when the engagement channel is closed; the scheduled escalation
// replies in its thread. Shared by those folders, so it lives at commands/.
#include "storage/models.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <string>

namespace megatron::commands {

// "🆘 *<requester>* requested some help!" (the customer's id when the bot app gave no name;
// outside text: escaped here).
std::string help_request_text(const storage::HelpRequest& request);

// Whole minutes from `from` to `to` (unix ms), never negative.
std::int64_t minutes_between(std::int64_t from, std::int64_t to);

// The post's status line under the request: "" while open, "In progress — <@agent>, N min
// after the request" once claimed, "Closed by <@agent> after N min" once closed.
std::string help_request_status(const storage::HelpRequest& request);

// The post's blocks: the request text, its status (when any) and the buttons: "Open
// engagement channel" always (others may look in), Claim while nobody has claimed it, none
// once it is closed.
boost::json::array help_request_blocks(const storage::HelpRequest& request);

// What a second claimer is told (ephemeral): "<@agent> claimed this N min after the request."
std::string already_claimed_text(const storage::HelpRequest& request);

// The threaded @here reminder for a request nobody claimed in `minutes`.
std::string escalation_text(std::int64_t minutes);

}  // namespace megatron::commands
