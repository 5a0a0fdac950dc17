#pragma once
// Slack's request wire formats: arguments from the query string, a form-encoded body or a
// JSON body, and the token from "Authorization: Bearer" (or, as Slack still allows for
// form posts, a `token` argument; the simulator records which, so tests can insist on the
// header).
#include "http/message.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>

namespace megatron::slack_sim {

struct ApiRequest {
    std::string method;  // "chat.postMessage"
    std::string http_method;
    std::string content_type;  // lower-case, without parameters
    std::string token;
    std::string token_source;  // "header", "body", "query" or "none"
    boost::json::object args;  // form values arrive as strings, JSON values as they are
    std::string parse_error;   // Slack's error for an unreadable body, else empty
};

ApiRequest parse_api_request(const http::Request& req, std::string method);

// The argument as text: strings as they are, other JSON values serialized; nullopt when
// absent or null. Empty strings count as absent, as on Slack.
std::optional<std::string> arg_string(const boost::json::object& args, std::string_view name);
// The argument as JSON: JSON values as they are, strings parsed (form bodies carry blocks,
// attachments and metadata as JSON text). Absent -> null; unparseable -> nullopt.
std::optional<boost::json::value> arg_json(const boost::json::object& args, std::string_view name);
bool arg_bool(const boost::json::object& args, std::string_view name, bool fallback);

// Arguments flattened to text for the call recorder.
std::map<std::string, std::string> flatten_args(const boost::json::object& args);

}  // namespace megatron::slack_sim
