#pragma once
// The bot-app API's outreach job kinds (broadcast, message/<user_id>, notify-user,
// get-a-human) and their payloads. Payloads name Megatron's rows by id and never carry a
// token: handlers look credentials up when they run, so a rotated token is picked up.
#include "commands/job_payload.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace megatron::commands::outreach {

// Requests are read by Boost.JSON (job_payload.hpp).
using payload::tag_invoke;

inline constexpr const char* kDirectMessageKind = "outreach.direct_message";
inline constexpr const char* kEphemeralNoticeKind = "outreach.ephemeral_notice";
inline constexpr const char* kHelpRequestKind = "outreach.help_request";

// What a bot app asks to show: Slack-shaped, passed through as given.
struct OutreachMessage {
    std::string text;
    boost::json::value attachments;  // a list, or null
    boost::json::value blocks;       // a list, or null
};
BOOST_DESCRIBE_STRUCT(OutreachMessage, (), (text, attachments, blocks))

// A DM from the bot to a customer in a customer workspace (broadcast, message/<user_id>).
struct DirectMessageJob {
    std::int64_t workspace_id = 0;  // Megatron's customer workspace row
    std::string user;               // the customer's user id in that workspace
    OutreachMessage message;
};
BOOST_DESCRIBE_STRUCT(DirectMessageJob, (), (workspace_id, user, message))

// An ephemeral message to one person in a support-workspace channel (notify-user).
struct EphemeralNoticeJob {
    std::int64_t integration_id = 0;  // the support workspace
    std::string channel;              // its channel id
    std::string user;                 // who sees it
    OutreachMessage message;
};
BOOST_DESCRIBE_STRUCT(EphemeralNoticeJob, (), (integration_id, channel, user, message))

// A customer asked for a human (get-a-human): a notice with an "Open engagement channel"
// button in the support workspace's customer-service channel.
struct HelpRequestJob {
    std::int64_t integration_id = 0;
    std::string channel;                // CUSTOMER_SERVICE_CHANNEL
    std::string requester;              // how the customer is named ("carla@customer-co")
    std::string workspace_platform_id;  // the customer's workspace (Slack team id)
    std::string user;                   // the customer's user id there
};
BOOST_DESCRIBE_STRUCT(HelpRequestJob, (),
                      (integration_id, channel, requester, workspace_platform_id, user))

// Ordering: one customer's DMs go out one at a time, in the order they were asked for.
std::string dm_ordering_key(std::int64_t workspace_id, const std::string& user);

// What each kind cannot run without (job_payload.hpp refuses a payload lacking it).
bool complete(const DirectMessageJob& job);
bool complete(const EphemeralNoticeJob& job);
bool complete(const HelpRequestJob& job);

}  // namespace megatron::commands::outreach
