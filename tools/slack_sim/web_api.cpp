#include "web_api.hpp"

#include "method_handlers.hpp"
#include "stoppable_sleep.hpp"
#include "util/strings.hpp"
#include "wire.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace megatron::slack_sim {
namespace {

constexpr std::array kRetiredMethods = {"im.open",          "im.history",   "channels.join",
                                        "channels.list",    "files.upload", "channels.create",
                                        "channels.history", "groups.list",  "im.list"};

http::Response slack_json(const boost::json::object& body) {
    return http::json_response(http::Status::ok, body);
}

std::string token_of(const http::Request& req) {
    auto auth = std::string(req[boost::beast::http::field::authorization]);
    return strings::starts_with_icase(auth, "Bearer ") ? strings::trim(auth.substr(7))
                                                       : std::string{};
}

// Slack answers an unauthenticated url_private request with its sign-in page, HTTP 200:
// a client that forgets the token gets HTML instead of the file.
http::Response sign_in_page() {
    return http::text_response(http::Status::ok,
                               "<!DOCTYPE html><html><head><title>Slack</title></head><body>"
                               "Sign in to your workspace</body></html>",
                               "text/html; charset=utf-8");
}

// The first part's bytes of a multipart/form-data body (how SDKs post to upload_url).
std::string first_multipart_part(std::string_view body, std::string_view content_type) {
    auto b = content_type.find("boundary=");
    if (b == std::string_view::npos) return std::string(body);
    auto boundary = std::string("--") + std::string(strings::trim(content_type.substr(b + 9)));
    if (boundary.size() > 2 && boundary[2] == '"')
        boundary = "--" + boundary.substr(3, boundary.size() - 4);
    auto start = body.find(boundary);
    if (start == std::string_view::npos) return std::string(body);
    auto headers_end = body.find("\r\n\r\n", start);
    if (headers_end == std::string_view::npos) return {};
    auto content_start = headers_end + 4;
    auto end = body.find("\r\n" + boundary, content_start);
    return std::string(body.substr(content_start, end == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : end - content_start));
}

}  // namespace

boost::json::object slack_error(std::string_view error) {
    return {{"ok", false}, {"error", error}};
}

const std::vector<MethodSpec>& method_specs() {
    static const std::vector<MethodSpec> specs = {
        {"conversations.open", {}, conversations_open},
        {"conversations.history", {"channel"}, conversations_history},
        {"conversations.replies", {"channel", "ts"}, conversations_replies},
        {"conversations.list", {}, conversations_list},
        {"conversations.create", {}, conversations_create},
        {"conversations.archive", {"channel"}, conversations_archive},
        {"conversations.unarchive", {"channel"}, conversations_unarchive},
        {"conversations.join", {"channel"}, conversations_join},
        {"conversations.invite", {"channel", "users"}, conversations_invite},
        {"chat.postMessage", {"channel"}, chat_post_message},
        {"chat.update", {"channel", "ts"}, chat_update},
        {"chat.postEphemeral", {"channel", "user"}, chat_post_ephemeral},
        {"chat.delete", {"channel", "ts"}, chat_delete},
        {"reactions.add", {"channel", "timestamp", "name"}, reactions_add},
        {"reactions.remove", {"name"}, reactions_remove},
        {"users.info", {"user"}, users_info},
        {"files.info", {"file"}, files_info},
        {"files.getUploadURLExternal", {"filename", "length"}, files_get_upload_url_external},
        {"files.completeUploadExternal", {"files"}, files_complete_upload_external},
    };
    return specs;
}

bool is_known_method(const std::string& method) {
    const auto& specs = method_specs();
    return std::any_of(specs.begin(), specs.end(),
                       [&](const MethodSpec& s) { return method == s.name; });
}

bool is_retired_method(const std::string& method) {
    return std::find(kRetiredMethods.begin(), kRetiredMethods.end(), method) !=
           kRetiredMethods.end();
}

WebApi::WebApi(Store& store, CallRecorder& recorder, FaultInjector& faults,
               ChannelRateLimiter& post_limit, const ShutdownSwitch& shutdown,
               std::function<std::string()> base_url)
    : store_(store),
      recorder_(recorder),
      faults_(faults),
      post_limit_(post_limit),
      shutdown_(shutdown),
      base_url_(std::move(base_url)) {}

http::Response WebApi::call(const http::Request& req, http::RequestContext& ctx,
                            const std::string& method) {
    ApiRequest api = parse_api_request(req, method);
    RecordedCall record{
        method, {}, flatten_args(api.args), api.token_source, api.http_method, api.content_type};
    // Which workspace the token names, known before faults so the record says who called.
    auto token_state = store_.with([&](SimData& d) -> std::optional<TokenState> {
        auto it = d.tokens.find(api.token);
        if (it == d.tokens.end()) return std::nullopt;
        return it->second;
    });
    if (token_state) record.workspace_id = token_state->team_id;

    bool drop_after = false;
    std::chrono::milliseconds answer_after{0};
    if (auto fault = faults_.take(method, api.token)) {
        switch (fault->kind) {
            case FaultKind::RateLimited: {
                record.error = "ratelimited";
                recorder_.record(std::move(record));
                auto res = http::json_response(http::Status::too_many_requests,
                                               slack_error("ratelimited"));
                res.set(boost::beast::http::field::retry_after,
                        std::to_string(fault->retry_after_seconds));
                return res;
            }
            case FaultKind::ServerError:
                record.error = "http_" + std::to_string(fault->status);
                recorder_.record(std::move(record));
                return http::text_response(static_cast<http::Status>(fault->status),
                                           "<html><body>Server error</body></html>", "text/html");
            case FaultKind::Slow:
                if (!sleep_unless_stopped(shutdown_.token(), fault->delay)) {
                    // The simulator is stopping: hang up rather than hold its stop.
                    record.error = "dropped";
                    recorder_.record(std::move(record));
                    ctx.drop_connection = true;
                    return http::text_response(http::Status::ok, "", "text/plain");
                }
                break;
            case FaultKind::DropConnection:
                record.error = "dropped";
                recorder_.record(std::move(record));
                ctx.drop_connection = true;
                return http::text_response(http::Status::ok, "", "text/plain");
            case FaultKind::DropAfterProcessing:
                drop_after = true;
                break;
            case FaultKind::SlowAfterProcessing:
                answer_after = fault->delay;
                break;
            case FaultKind::SlackError: {
                record.error = fault->error;
                recorder_.record(std::move(record));
                auto body = slack_error(fault->error);
                if (!fault->warning.empty()) {
                    body["warning"] = fault->warning;
                    body["response_metadata"] = boost::json::object{
                        {"warnings", boost::json::array{boost::json::value(fault->warning)}}};
                }
                return slack_json(body);
            }
        }
    }

    boost::json::object answer;
    http::Status status = http::Status::ok;
    const MethodSpec* spec = nullptr;
    for (const auto& s : method_specs()) {
        if (method == s.name) spec = &s;
    }
    if (is_retired_method(method)) {
        answer = slack_error("method_deprecated");
    } else if (spec == nullptr) {
        answer = slack_error("unknown_method");
        answer["req_method"] = method;
        status = http::Status::not_found;
    } else if (!api.parse_error.empty()) {
        answer = slack_error(api.parse_error);
    } else if (api.token.empty()) {
        answer = slack_error("not_authed");
    } else if (!token_state) {
        answer = slack_error("invalid_auth");
    } else if (!token_state->refusal.empty()) {
        answer = slack_error(token_state->refusal);
    } else {
        boost::json::array missing;
        for (const char* name : spec->required) {
            if (!arg_string(api.args, name)) {
                missing.push_back(
                    boost::json::value(std::string("[ERROR] missing required field: ") + name));
            }
        }
        if (!missing.empty()) {
            answer = slack_error("invalid_arguments");
            answer["response_metadata"] = boost::json::object{{"messages", std::move(missing)}};
        } else if (auto wait = method == "chat.postMessage"
                                   ? post_limit_.take(*arg_string(api.args, "channel"))
                                   : std::nullopt) {
            record.error = "ratelimited";
            recorder_.record(std::move(record));
            auto res =
                http::json_response(http::Status::too_many_requests, slack_error("ratelimited"));
            res.set(boost::beast::http::field::retry_after, std::to_string(*wait));
            return res;
        } else {
            auto base_url = base_url_();
            answer = store_.with([&](SimData& d) {
                auto ws = d.workspaces.find(token_state->team_id);
                if (ws == d.workspaces.end()) return slack_error("invalid_auth");
                MethodCall call{api.args, ws->second, base_url, {}};
                auto out = spec->handler(d, call);
                if (!call.warnings.empty()) {
                    boost::json::array list;
                    std::string joined;
                    for (const auto& w : call.warnings) {
                        list.push_back(boost::json::value(w));
                        joined += (joined.empty() ? "" : ",") + w;
                    }
                    out["warning"] = joined;
                    auto& meta = out["response_metadata"];
                    if (!meta.is_object()) meta = boost::json::object{};
                    meta.as_object()["warnings"] = std::move(list);
                }
                return out;
            });
        }
    }
    auto ok = answer.find("ok");
    record.ok = ok != answer.end() && ok->value().is_bool() && ok->value().as_bool();
    if (!record.ok) {
        if (auto e = answer.find("error"); e != answer.end() && e->value().is_string()) {
            record.error = std::string(e->value().as_string());
        }
    }
    if (drop_after) record.error = record.error.empty() ? "dropped_after_processing" : record.error;
    if (record.ok && method == "chat.postMessage" && echo_.wanted &&
        echo_.wanted(record.workspace_id)) {
        echo_bot_message(record.workspace_id, answer);
    }
    recorder_.record(std::move(record));
    if (drop_after) ctx.drop_connection = true;
    // A stopping simulator answers at once rather than hold its stop.
    if (answer_after.count() > 0) sleep_unless_stopped(shutdown_.token(), answer_after);
    return http::json_response(status, answer);
}

void WebApi::echo_bot_message(const std::string& team_id, const boost::json::object& answer) {
    const auto* message = answer.if_contains("message");
    const auto* channel_id = answer.if_contains("channel");
    if (message == nullptr || !message->is_object() || channel_id == nullptr ||
        !channel_id->is_string()) {
        return;
    }
    boost::json::object event = message->as_object();
    event.erase("metadata");  // events carry metadata only for apps subscribed to it
    event["channel"] = *channel_id;
    event["event_ts"] = event["ts"];
    event["channel_type"] = store_.with([&](SimData& d) -> std::string {
        const Channel* c = d.find_channel(std::string(channel_id->as_string()));
        return c == nullptr ? "channel" : c->is_im ? "im" : c->is_private ? "group" : "channel";
    });
    echo_.echo(team_id, std::move(event));
}

http::Response WebApi::download(const http::Request& req, const std::string& team_file) {
    auto dash = team_file.find('-');
    std::string team = team_file.substr(0, dash);
    std::string file_id = dash == std::string::npos ? std::string{} : team_file.substr(dash + 1);
    auto token = token_of(req);
    RecordedCall record{"file_download",
                        team,
                        {{"file", file_id}},
                        token.empty() ? "none" : "header",
                        std::string(req.method_string()),
                        ""};
    struct Found {
        bool authorised = false;
        bool exists = false;
        std::string content;
        std::string mimetype;
    };
    auto found = store_.with([&](SimData& d) {
        Found f;
        auto t = d.tokens.find(token);
        f.authorised =
            t != d.tokens.end() && t->second.refusal.empty() && t->second.team_id == team;
        auto it = d.files.find(file_id);
        if (it != d.files.end() && it->second.team_id == team && it->second.uploaded) {
            f.exists = true;
            if (f.authorised) {
                f.content = it->second.content;
                f.mimetype = it->second.mimetype;
            }
        }
        return f;
    });
    record.ok = found.authorised && found.exists;
    record.error = !found.authorised ? "not_authed" : !found.exists ? "file_not_found" : "";
    recorder_.record(std::move(record));
    if (!found.authorised) return sign_in_page();
    if (!found.exists)
        return http::text_response(http::Status::not_found, "file_not_found", "text/plain");
    return http::text_response(http::Status::ok, std::move(found.content), found.mimetype);
}

http::Response WebApi::upload(const http::Request& req, const std::string& key) {
    auto content_type = std::string(req[boost::beast::http::field::content_type]);
    auto bytes = strings::starts_with_icase(content_type, "multipart/form-data")
                     ? first_multipart_part(req.body(), content_type)
                     : req.body();
    auto size = bytes.size();
    // Faults for the upload URL are injected with the method name "file_upload".
    if (auto fault = faults_.take("file_upload", "");
        fault && fault->kind == FaultKind::ServerError) {
        recorder_.record(RecordedCall{"file_upload",
                                      "",
                                      {{"bytes", std::to_string(size)}},
                                      "none",
                                      std::string(req.method_string()),
                                      content_type,
                                      false,
                                      "http_" + std::to_string(fault->status)});
        return http::text_response(static_cast<http::Status>(fault->status),
                                   "<html><body>Server error</body></html>", "text/html");
    }
    auto result = store_.with([&](SimData& d) -> std::pair<std::string, std::string> {
        auto it = d.upload_urls.find(key);
        if (it == d.upload_urls.end()) return {"", "upload_url_not_found"};
        File& file = d.files.at(it->second);
        if (file.uploaded) return {file.team_id, "already_uploaded"};
        file.content = std::move(bytes);
        file.uploaded = true;
        return {file.team_id, ""};
    });
    recorder_.record(RecordedCall{"file_upload",
                                  result.first,
                                  {{"bytes", std::to_string(size)}},
                                  "none",
                                  std::string(req.method_string()),
                                  content_type,
                                  result.second.empty(),
                                  result.second});
    if (!result.second.empty()) {
        return http::text_response(http::Status::not_found, result.second, "text/plain");
    }
    return http::text_response(http::Status::ok, "OK - " + std::to_string(size), "text/plain");
}

http::Response WebApi::response_url(const http::Request& req, const std::string& key) {
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body(), ec);
    std::string error;
    if (ec || !body.is_object()) error = "invalid_payload";
    auto team = store_.with([&](SimData& d) -> std::string {
        auto it = d.response_urls.find(key);
        if (it == d.response_urls.end()) {
            error = "expired_url";
            return {};
        }
        ResponseUrl& url = it->second;
        if (!error.empty()) return url.team_id;
        // Slack allows five answers per response_url.
        if (url.uses >= 5) {
            error = "used_url";
            return url.team_id;
        }
        ++url.uses;
        url.posts.push_back(body);
        const auto& obj = body.as_object();
        auto text = obj.contains("text") && obj.at("text").is_string()
                        ? std::string(obj.at("text").as_string())
                        : std::string{};
        bool in_channel = obj.contains("response_type") && obj.at("response_type") == "in_channel";
        if (Channel* channel = d.find_channel(url.channel_id)) {
            if (in_channel) {
                Message m;
                m.ts = d.new_ts();
                m.text = text;
                if (auto ws = d.workspaces.find(url.team_id); ws != d.workspaces.end()) {
                    m.user = ws->second.bot_user_id;
                    m.bot_id = ws->second.bot_id;
                }
                if (obj.contains("blocks")) m.blocks = obj.at("blocks");
                if (obj.contains("attachments")) m.attachments = obj.at("attachments");
                channel->messages.push_back(std::move(m));
            } else {
                EphemeralMessage m;
                m.message_ts = d.new_ts();
                m.user = url.user_id;
                m.text = text;
                if (obj.contains("blocks")) m.blocks = obj.at("blocks");
                if (obj.contains("attachments")) m.attachments = obj.at("attachments");
                channel->ephemeral.push_back(std::move(m));
            }
        }
        return url.team_id;
    });
    RecordedCall record{"response_url",
                        team,
                        {},
                        "none",
                        std::string(req.method_string()),
                        std::string(req[boost::beast::http::field::content_type]),
                        error.empty(),
                        error};
    if (body.is_object()) record.args = flatten_args(body.as_object());
    recorder_.record(std::move(record));
    if (error == "invalid_payload")
        return http::text_response(http::Status::bad_request, error, "text/plain");
    if (!error.empty()) return http::text_response(http::Status::not_found, error, "text/plain");
    return http::text_response(http::Status::ok, "ok", "text/plain");
}

}  // namespace megatron::slack_sim
