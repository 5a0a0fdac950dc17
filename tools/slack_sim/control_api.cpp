#include "control_api.hpp"

#include "config_file.hpp"
#include "render.hpp"
#include "simulator.hpp"
#include "slack_sender.hpp"
#include "util/strings.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <stop_token>

namespace megatron::slack_sim {
namespace {

using http::Request;
using http::RequestContext;
using http::Response;
using http::Status;
using http::Verb;

std::optional<boost::json::object> body_object(const Request& req) {
    if (req.body().empty()) return boost::json::object{};
    boost::system::error_code ec;
    auto v = boost::json::parse(req.body(), ec);
    if (ec || !v.is_object()) return std::nullopt;
    return v.as_object();
}

std::string str(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                    : std::string{};
}

Response ok(boost::json::object extra = {}) {
    extra["ok"] = true;
    return http::json_response(Status::ok, extra);
}

Response bad_request(std::string_view error) {
    return http::error_response(Status::bad_request, error);
}

boost::json::object attempt_json(const DeliveryAttempt& a) {
    return {{"retry_num", a.retry_num}, {"retry_reason", a.retry_reason},
            {"status", a.status},       {"body", a.body},
            {"timed_out", a.timed_out}, {"connection_failed", a.connection_failed}};
}

// POST /_sim/send: act as Slack toward a URL; gives up when the simulator stops.
Response send(const boost::json::object& in, const std::stop_token& stop) {
    auto url = str(in, "url");
    auto secret = str(in, "signing_secret");
    auto kind = str(in, "kind");
    if (url.empty() || secret.empty()) return bad_request("url_and_signing_secret_required");
    SlackSender sender{Secret(secret)};
    boost::json::array attempts;
    bool abandoned = false;
    if (kind == "event") {
        auto body = in.find("body");
        if (body == in.end() || !body->value().is_object()) return bad_request("body_required");
        EventRetryPolicy policy;
        if (auto d = in.find("retry_delays_ms"); d != in.end() && d->value().is_array()) {
            policy.retry_delays.clear();
            for (const auto& ms : d->value().as_array()) {
                if (ms.is_int64()) policy.retry_delays.emplace_back(ms.as_int64());
            }
        }
        auto delivery = sender.send_event(url, body->value().as_object(), policy, stop);
        for (const auto& a : delivery.attempts) attempts.push_back(attempt_json(a));
        abandoned = delivery.abandoned;
    } else if (kind == "slash_command") {
        auto fields = in.find("fields");
        if (fields == in.end() || !fields->value().is_object())
            return bad_request("fields_required");
        std::vector<std::pair<std::string, std::string>> form;
        for (const auto& [k, v] : fields->value().as_object()) {
            form.emplace_back(std::string(k), v.is_string() ? std::string(v.as_string()) : "");
        }
        attempts.push_back(attempt_json(sender.send_slash_command(url, form)));
    } else if (kind == "interactive") {
        auto payload = in.find("payload");
        if (payload == in.end()) return bad_request("payload_required");
        attempts.push_back(attempt_json(sender.send_interactive(url, payload->value())));
    } else {
        return bad_request("unknown_kind");
    }
    return ok({{"attempts", std::move(attempts)}, {"abandoned", abandoned}});
}

void add_socket_mode_routes(http::Router& router, Simulator& sim) {
    router.add(Verb::post, "/_sim/app_tokens", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in || str(*in, "token").empty() || str(*in, "team_id").empty()) {
            return bad_request("team_id_and_token_required");
        }
        sim.add_app_token(str(*in, "team_id"), str(*in, "token"));
        return ok();
    });
    router.add(Verb::post, "/_sim/socket_mode/{team}/disconnect",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   auto reason = str(*in, "reason");
                   sim.socket_mode_refresh(ctx.params["team"],
                                           reason.empty() ? "refresh_requested" : reason);
                   return ok();
               });
    router.add(Verb::post, "/_sim/socket_mode/{team}/drop",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   auto count = in->find("count");
                   sim.socket_mode_drop(ctx.params["team"],
                                        count != in->end() && count->value().is_int64()
                                            ? static_cast<int>(count->value().as_int64())
                                            : 1);
                   return ok();
               });
    router.add(Verb::get, "/_sim/socket_mode/{team}", [&sim](const Request&, RequestContext& ctx) {
        return ok(
            {{"open_connections", sim.socket_mode_open_connections(ctx.params["team"])},
             {"connections_accepted", sim.socket_mode_connections_accepted(ctx.params["team"])}});
    });
    router.add(Verb::get, "/_sim/socket_mode_acks", [&sim](const Request&, RequestContext&) {
        boost::json::array acks;
        for (auto& a : sim.socket_mode_acks()) acks.push_back(std::move(a));
        return ok({{"acks", std::move(acks)}});
    });
}

}  // namespace

void add_control_routes(http::Router& router, Simulator& sim) {
    router.add(Verb::get, "/_sim/health", [](const Request&, RequestContext&) { return ok(); });

    router.add(Verb::post, "/_sim/reset", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        sim.reset();
        if (!in->empty()) sim.load_config(*in);
        return ok();
    });
    router.add(Verb::post, "/_sim/config", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        sim.load_config(*in);
        return ok();
    });
    router.add(Verb::post, "/_sim/workspaces", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        return ok({{"id", sim.add_workspace(workspace_spec_from_json(*in))}});
    });
    router.add(Verb::post, "/_sim/workspaces/{team}/users",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   return ok({{"id", sim.add_user(ctx.params["team"], user_spec_from_json(*in))}});
               });
    router.add(
        Verb::post, "/_sim/workspaces/{team}/channels",
        [&sim](const Request& req, RequestContext& ctx) {
            auto in = body_object(req);
            if (!in) return bad_request("invalid_json");
            return ok({{"id", sim.add_channel(ctx.params["team"], channel_spec_from_json(*in))}});
        });
    router.add(Verb::post, "/_sim/workspaces/{team}/dms",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in || str(*in, "user").empty()) return bad_request("user_required");
                   return ok({{"id", sim.open_dm(ctx.params["team"], str(*in, "user"))}});
               });
    router.add(Verb::post, "/_sim/tokens", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in || str(*in, "token").empty()) return bad_request("token_required");
        sim.add_token(str(*in, "team_id"), str(*in, "token"));
        return ok();
    });
    router.add(Verb::post, "/_sim/tokens/invalidate", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in || str(*in, "token").empty()) return bad_request("token_required");
        auto error = str(*in, "error");
        sim.invalidate_token(str(*in, "token"), error.empty() ? "invalid_auth" : error);
        return ok();
    });

    router.add(Verb::get, "/_sim/channels/{id}", [&sim](const Request&, RequestContext& ctx) {
        auto c = sim.channel(ctx.params["id"]);
        if (!c) return http::error_response(Status::not_found, "channel_not_found");
        boost::json::array members;
        for (const auto& m : c->members) members.push_back(boost::json::value(m));
        return ok({{"channel", boost::json::object{{"id", c->id},
                                                   {"team_id", c->team_id},
                                                   {"name", c->name},
                                                   {"is_im", c->is_im},
                                                   {"is_private", c->is_private},
                                                   {"is_archived", c->is_archived},
                                                   {"user", c->im_user},
                                                   {"members", std::move(members)}}}});
    });
    router.add(
        Verb::get, "/_sim/channels/{id}/messages", [&sim](const Request&, RequestContext& ctx) {
            auto c = sim.channel(ctx.params["id"]);
            if (!c) return http::error_response(Status::not_found, "channel_not_found");
            boost::json::array messages;
            for (const auto& m : sim.messages(c->id))
                messages.push_back(message_json(m, c->team_id, true));
            boost::json::array ephemeral;
            for (const auto& m : sim.ephemeral_messages(c->id)) {
                boost::json::object e{
                    {"message_ts", m.message_ts}, {"user", m.user}, {"text", m.text}};
                if (!m.blocks.is_null()) e["blocks"] = m.blocks;
                if (!m.attachments.is_null()) e["attachments"] = m.attachments;
                ephemeral.push_back(std::move(e));
            }
            return ok({{"messages", std::move(messages)}, {"ephemeral", std::move(ephemeral)}});
        });
    router.add(Verb::post, "/_sim/channels/{id}/messages",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   if (!sim.channel(ctx.params["id"]))
                       return http::error_response(Status::not_found, "channel_not_found");
                   return ok({{"ts", sim.post_as_user(ctx.params["id"], str(*in, "user"),
                                                      str(*in, "text"), str(*in, "thread_ts"))}});
               });

    router.add(Verb::get, "/_sim/calls", [&sim](const Request& req, RequestContext&) {
        auto query = strings::parse_form(http::query_of(req.target()));
        auto method = query.find("method");
        boost::json::array calls;
        for (const auto& c : method == query.end() ? sim.calls() : sim.calls(method->second)) {
            calls.push_back(call_to_json(c));
        }
        return ok({{"calls", std::move(calls)}});
    });
    router.add(Verb::delete_, "/_sim/calls", [&sim](const Request&, RequestContext&) {
        sim.clear_calls();
        return ok();
    });

    router.add(Verb::get, "/_sim/faults", [&sim](const Request&, RequestContext&) {
        boost::json::array faults;
        for (const auto& f : sim.active_faults()) faults.push_back(fault_to_json(f));
        return ok({{"faults", std::move(faults)}});
    });
    router.add(Verb::post, "/_sim/faults", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        auto fault = fault_from_json(*in);
        if (!fault) return bad_request("invalid_fault");
        sim.inject(*fault);
        return ok();
    });
    router.add(Verb::delete_, "/_sim/faults", [&sim](const Request&, RequestContext&) {
        sim.clear_faults();
        return ok();
    });

    router.add(Verb::post, "/_sim/rate_limits", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        double per_second = 0;
        if (auto v = in->find("posts_per_channel_per_second");
            v != in->end() && v->value().is_number()) {
            per_second = v->value().to_number<double>();
        }
        int burst = 1;
        if (auto v = in->find("burst"); v != in->end() && v->value().is_int64()) {
            burst = static_cast<int>(v->value().as_int64());
        }
        sim.limit_posts_per_channel(per_second, burst);
        return ok();
    });
    router.add(Verb::post, "/_sim/response_urls", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        return ok({{"url", sim.new_response_url(str(*in, "team_id"), str(*in, "channel_id"),
                                                str(*in, "user_id"))}});
    });
    router.add(Verb::get, "/_sim/response_urls/posts", [&sim](const Request& req, RequestContext&) {
        auto query = strings::parse_form(http::query_of(req.target()));
        boost::json::array posts;
        for (auto& p : sim.response_url_posts(query["url"])) posts.push_back(std::move(p));
        return ok({{"posts", std::move(posts)}});
    });

    router.add(Verb::post, "/_sim/apps/{team}", [&sim](const Request& req, RequestContext& ctx) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        AppConnection app;
        app.events_url = str(*in, "events_url");
        app.commands_url = str(*in, "commands_url");
        app.interactive_url = str(*in, "interactive_url");
        app.signing_secret = str(*in, "signing_secret");
        if (auto id = str(*in, "api_app_id"); !id.empty()) app.api_app_id = id;
        if (auto e = in->find("echo_bot_messages"); e != in->end() && e->value().is_bool()) {
            app.echo_bot_messages = e->value().as_bool();
        }
        if (auto e = in->find("socket_mode"); e != in->end() && e->value().is_bool()) {
            app.socket_mode = e->value().as_bool();
        }
        if (auto e = in->find("duplicate_envelopes"); e != in->end() && e->value().is_bool()) {
            app.duplicate_envelopes = e->value().as_bool();
        }
        if (auto d = in->find("retry_delays_ms"); d != in->end() && d->value().is_array()) {
            app.event_retry.retry_delays.clear();
            for (const auto& ms : d->value().as_array()) {
                if (ms.is_int64()) app.event_retry.retry_delays.emplace_back(ms.as_int64());
            }
        }
        sim.connect_app(ctx.params["team"], std::move(app));
        return ok();
    });
    router.add(Verb::post, "/_sim/channels/{id}/say",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   if (!sim.channel(ctx.params["id"]))
                       return http::error_response(Status::not_found, "channel_not_found");
                   auto delivery = sim.user_says(ctx.params["id"], str(*in, "user"),
                                                 str(*in, "text"), str(*in, "thread_ts"));
                   boost::json::array attempts;
                   for (const auto& a : delivery.attempts) attempts.push_back(attempt_json(a));
                   auto messages = sim.messages(ctx.params["id"]);
                   return ok({{"ts", messages.empty() ? "" : messages.back().ts},
                              {"attempts", std::move(attempts)},
                              {"abandoned", delivery.abandoned}});
               });
    router.add(Verb::post, "/_sim/channels/{id}/slash_command",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   if (!sim.channel(ctx.params["id"])) {
                       return http::error_response(Status::not_found, "channel_not_found");
                   }
                   auto sent = sim.slash_command(ctx.params["id"], str(*in, "user"),
                                                 str(*in, "command"), str(*in, "text"));
                   return ok({{"attempt", attempt_json(sent.answer)},
                              {"response_url", sent.response_url},
                              {"trigger_id", sent.trigger_id}});
               });
    router.add(Verb::post, "/_sim/channels/{id}/interactive",
               [&sim](const Request& req, RequestContext& ctx) {
                   auto in = body_object(req);
                   if (!in) return bad_request("invalid_json");
                   if (!sim.channel(ctx.params["id"])) {
                       return http::error_response(Status::not_found, "channel_not_found");
                   }
                   auto payload = in->find("payload");
                   auto sent = sim.interactive(ctx.params["id"], str(*in, "user"),
                                               payload != in->end() && payload->value().is_object()
                                                   ? payload->value().as_object()
                                                   : boost::json::object{});
                   return ok({{"attempt", attempt_json(sent.answer)},
                              {"response_url", sent.response_url},
                              {"trigger_id", sent.trigger_id}});
               });

    add_socket_mode_routes(router, sim);
    router.add(Verb::post, "/_sim/send", [&sim](const Request& req, RequestContext&) {
        auto in = body_object(req);
        if (!in) return bad_request("invalid_json");
        return send(*in, sim.shutdown_token());
    });
}

}  // namespace megatron::slack_sim
