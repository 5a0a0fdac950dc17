#include "app_commands/client.hpp"

#include "app_commands/signature.hpp"
#include "util/json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::app_commands {
namespace {

using Kind = AppCommandError::Kind;

AppCommandError bad_answer(std::string detail) {
    return {Kind::BadAnswer, 200, std::move(detail)};
}

Expected<boost::json::object, AppCommandError> answer_object(std::string_view body) {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    if (ec) return unexpected(bad_answer("answer is not JSON"));
    if (!value.is_object()) return unexpected(bad_answer("answer is not a JSON object"));
    return std::move(value.as_object());
}

// A field of the bot app's answer that is missing or of another type than `what` ("a
// string"): the answer is bad. `prefix` names where the object read sits ("users[].").
auto missing_or_not(std::string_view what, std::string prefix = {}) {
    return [what, prefix = std::move(prefix)](const json_fields::FieldProblem& problem) {
        return bad_answer(prefix + problem.field + " missing or not " + std::string(what));
    };
}

AppCommandError from_transport(const http::TransportError& e) {
    switch (e.kind) {
        case http::TransportError::Kind::Timeout:
            return {Kind::Timeout, 0, e.message};
        case http::TransportError::Kind::Connect:
            return {Kind::Unreachable, 0, e.message};
        case http::TransportError::Kind::TooLarge:
            return {Kind::BadAnswer, 0, "answer larger than allowed"};
        case http::TransportError::Kind::Other:
            break;
    }
    return {Kind::Transport, 0, e.message};
}

}  // namespace

std::string to_string(AppCommandError::Kind kind) {
    switch (kind) {
        case Kind::NoCommandUrl:
            return "no_command_url";
        case Kind::Timeout:
            return "timeout";
        case Kind::Unreachable:
            return "unreachable";
        case Kind::HttpStatus:
            return "http_status";
        case Kind::BadAnswer:
            return "bad_answer";
        case Kind::Refused:
            return "refused";
        case Kind::Transport:
            return "transport";
    }
    return "unknown";
}

bool AppCommandError::retryable() const {
    switch (kind) {
        case Kind::Timeout:
        case Kind::Unreachable:
        case Kind::Transport:
            return true;
        case Kind::HttpStatus:
            return status >= 500 || status == 429 || status == 408;
        case Kind::NoCommandUrl:
        case Kind::BadAnswer:
        case Kind::Refused:
            return false;
    }
    return false;
}

std::string AppCommandError::message() const {
    std::string out = "app command failed: " + to_string(kind);
    if (status != 0) out += " (HTTP " + std::to_string(status) + ")";
    if (!detail.empty()) out += ": " + detail;
    return out;
}

AppCommandClient::AppCommandClient(http::Client& http, const Clock& clock, ClientOptions options)
    : http_(http), clock_(clock), options_(options) {}

Expected<std::string, AppCommandError> AppCommandClient::send(const Endpoint& endpoint,
                                                              boost::json::object body,
                                                              bool fresh_connection) {
    if (endpoint.command_url.empty()) {
        return unexpected(AppCommandError{Kind::NoCommandUrl, 0, "no command_url configured"});
    }
    body["megatron_verification_token"] = endpoint.verification_token.reveal();
    http::ClientRequest request;
    request.method = "POST";
    request.url = endpoint.command_url;
    request.body = boost::json::serialize(body);
    auto timestamp = std::to_string(clock_.now_seconds());
    request.headers = {
        {"Content-Type", "application/json"},
        {std::string(kTimestampHeader), timestamp},
        {std::string(kSignatureHeader), sign(endpoint.verification_token, timestamp, request.body)},
    };
    request.connect_timeout = options_.connect_timeout;
    request.total_timeout = options_.total_timeout;
    request.max_body_bytes = options_.max_answer_bytes;
    request.fresh_connection = fresh_connection;
    auto response = http_.send(request);
    if (!response) return unexpected(from_transport(response.error()));
    if (response->status != 200) {
        return unexpected(AppCommandError{Kind::HttpStatus, response->status, "bot app answered"});
    }
    return std::move(response->body);
}

Expected<void, AppCommandError> AppCommandClient::pause(const Endpoint& endpoint,
                                                        const PauseRequest& request) {
    auto answer = send(endpoint, to_json(request));
    if (!answer) return observed<void>("pause", unexpected(std::move(answer.error())));
    return observed<void>("pause", {});
}

Expected<void, AppCommandError> AppCommandClient::clear_context(
    const Endpoint& endpoint, const ClearContextRequest& request) {
    auto answer = send(endpoint, to_json(request));
    if (!answer) return observed<void>("clear-context", unexpected(std::move(answer.error())));
    return observed<void>("clear-context", {});
}

Expected<std::vector<FoundUser>, AppCommandError> AppCommandClient::search_user(
    const Endpoint& endpoint, const SearchUserRequest& request) {
    auto answer = send(endpoint, to_json(request));
    if (!answer) {
        return observed<std::vector<FoundUser>>("search_user",
                                                unexpected(std::move(answer.error())));
    }
    return observed("search_user", parse_search_user_answer(*answer));
}

Expected<WorkspaceCredentials, AppCommandError> AppCommandClient::refresh_workspace(
    const Endpoint& endpoint, const RefreshWorkspaceRequest& request) {
    auto answer = send(endpoint, to_json(request));
    if (!answer) {
        return observed<WorkspaceCredentials>("refresh_workspace",
                                              unexpected(std::move(answer.error())));
    }
    return observed("refresh_workspace", parse_refresh_workspace_answer(*answer));
}

Expected<void, AppCommandError> AppCommandClient::push_message(const Endpoint& endpoint,
                                                               const PushMessageRequest& request) {
    // A fresh connection: libcurl could otherwise re-send on a stale kept-alive one and the
    // customer would get the message twice.
    auto answer = send(endpoint, to_json(request), /*fresh_connection=*/true);
    if (!answer) return observed<void>("push_message", unexpected(std::move(answer.error())));
    return observed<void>("push_message", {});
}

Expected<std::vector<FoundUser>, AppCommandError> parse_search_user_answer(std::string_view body) {
    auto object = answer_object(body);
    if (!object) return unexpected(std::move(object.error()));
    auto users = json_fields::required<const boost::json::array*>(*object, "users",
                                                                  missing_or_not("an array"));
    if (!users) return unexpected(std::move(users.error()));
    std::vector<FoundUser> found;
    for (const auto& item : **users) {
        if (!item.is_object()) return unexpected(bad_answer("users[] not an object"));
        const auto& u = item.as_object();
        FoundUser user;
        for (auto [key, out] : {std::pair{"username", &user.username},
                                std::pair{"platform_user_id", &user.platform_user_id},
                                std::pair{"platform_team_id", &user.platform_team_id}}) {
            auto v =
                json_fields::required<std::string>(u, key, missing_or_not("a string", "users[]."));
            if (!v) return unexpected(std::move(v.error()));
            *out = std::move(*v);
        }
        found.push_back(std::move(user));
    }
    return found;
}

Expected<WorkspaceCredentials, AppCommandError> parse_refresh_workspace_answer(
    std::string_view body) {
    auto object = answer_object(body);
    if (!object) return unexpected(std::move(object.error()));
    auto ok = json_fields::required<bool>(*object, "ok", missing_or_not("a bool"));
    if (!ok) return unexpected(std::move(ok.error()));
    if (!*ok) {
        auto detail = json_fields::string_or_empty(*object, "error");
        if (detail.empty()) detail = "bot app answered ok=false";
        return unexpected(AppCommandError{Kind::Refused, 200, detail});
    }
    auto data = json_fields::required<const boost::json::object*>(*object, "data",
                                                                  missing_or_not("an object"));
    if (!data) return unexpected(std::move(data.error()));
    WorkspaceCredentials credentials;
    for (auto [key, out] :
         {std::pair{"name", &credentials.name}, std::pair{"domain", &credentials.domain}}) {
        auto v =
            json_fields::required<std::string>(**data, key, missing_or_not("a string", "data."));
        if (!v) return unexpected(std::move(v.error()));
        *out = std::move(*v);
    }
    auto token = json_fields::required<std::string>(**data, "connection_token",
                                                    missing_or_not("a string", "data."));
    if (!token) return unexpected(std::move(token.error()));
    if (token->empty()) return unexpected(bad_answer("data.connection_token empty"));
    credentials.connection_token = Secret(std::move(*token));
    return credentials;
}

}  // namespace megatron::app_commands
