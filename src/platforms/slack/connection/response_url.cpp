#include "platforms/slack/connection/response_url.hpp"

#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack {

Expected<void, SlackError> post_to_response_url(WebApiClient& client, const std::string& url,
                                                const ResponseMessage& message) {
    if (!client.is_trusted_host(url)) {
        return unexpected(
            SlackError{SlackErrorCode::UntrustedUrl, "host is not Slack's", "response_url"});
    }
    boost::json::object body{{"response_type", message.response_type}};
    if (!message.text.empty()) body["text"] = message.text;
    if (!message.blocks.is_null()) body["blocks"] = message.blocks;
    if (!message.attachments.is_null()) body["attachments"] = message.attachments;
    if (message.replace_original) body["replace_original"] = true;
    if (message.delete_original) body["delete_original"] = true;
    if (!message.thread_ts.empty()) body["thread_ts"] = message.thread_ts;

    http::ClientRequest req;
    req.method = "POST";
    req.url = url;
    req.body = boost::json::serialize(body);
    req.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    req.connect_timeout = client.options().connect_timeout;
    req.total_timeout = client.options().total_timeout;
    // Each use counts against Slack's five; a blind repeat could show the answer twice.
    auto res = client.send("response_url", std::move(req), Replay::Unsafe, client.options().retry);
    if (!res) return unexpected(std::move(res.error()));

    auto text = strings::trim(res->body);
    if (res->status == 200) {
        // Slack answers "ok" as text, or JSON {"ok": ...}.
        boost::system::error_code ec;
        auto parsed = boost::json::parse(text, ec);
        if (ec || !parsed.is_object() || json_fields::flag(parsed.as_object(), "ok")) return {};
        auto error = json_fields::string_or_empty(parsed.as_object(), "error");
        return unexpected(SlackError{code_from_slack_error(error), error, "response_url", 200});
    }
    SlackError e{SlackErrorCode::HttpError, "http_" + std::to_string(res->status), "response_url",
                 res->status};
    if (text == "used_url" || text == "expired_url" || res->status == 404 || res->status == 410) {
        e.code = SlackErrorCode::ExpiredUrl;
        if (!text.empty() && text.size() < 64) e.error = text;
    }
    return unexpected(std::move(e));
}

}  // namespace megatron::slack
