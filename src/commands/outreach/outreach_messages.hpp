#pragma once
// The messages Megatron itself composes for outreach: the feedback buttons a broadcast may
// carry, and the help request that get-a-human posts for the support team.
#include "commands/outreach/outreach_jobs.hpp"

#include "storage/models.hpp"

#include <boost/json/object.hpp>

namespace megatron::commands::outreach {

// The original's feedback attachment (callback_id "BF", buttons "feedback-positive" and
// "feedback-negative"), kept as a legacy attachment because the bot app's own interactivity
// handler receives the clicks and recognises them by those names.
boost::json::object feedback_attachment();

// Appends the feedback attachment after the message's own attachments.
void add_feedback_buttons(OutreachMessage& message);

// "🆘 *<requester>* requested some help!" with an "Open engagement channel" button whose
// click (the Slack interpreter's "open" action) opens the customer's engagement channel, and
// a Claim button (commands/help_request_post.hpp).
OutreachMessage help_request_message(const HelpRequestJob& job);

// The help_requests row of a request not yet posted (no channel, ts or times yet).
storage::HelpRequest help_request_row(const HelpRequestJob& job);

}  // namespace megatron::commands::outreach
