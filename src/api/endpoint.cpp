#include "api/endpoint.hpp"

#include "util/log.hpp"

#include <spdlog/spdlog.h>

namespace megatron::api {

http::Handler authenticated_json(ApiContext& context, Endpoint endpoint) {
    return [&context, endpoint = std::move(endpoint)](const http::Request& req,
                                                      http::RequestContext& ctx) {
        auto organization = context.authenticator.authenticate(req);
        if (!organization) return auth_error_response(organization.error());
        auto body = parse_json_object(req);
        if (!body) return to_response(body.error());
        auto answer = endpoint(context, *organization, *body, ctx);
        if (!answer) return to_response(answer.error());
        return std::move(*answer);
    };
}

Expected<jobs::Enqueued, ApiError> enqueue(jobs::JobQueue& queue, const jobs::NewJob& job) {
    auto enqueued = queue.enqueue(job);
    if (!enqueued) {
        spdlog::error("cannot enqueue {}: {}", job.kind, enqueued.error().message);
        return unexpected(ApiError{http::Status::service_unavailable, "queue_unavailable", {}, {}});
    }
    return *enqueued;
}

ApiError storage_unavailable() {
    return ApiError{http::Status::service_unavailable, "storage_unavailable", {}, {}};
}

http::Response ok_response(boost::json::object extra) {
    boost::json::object body{{"ok", true}};
    for (auto& [key, value] : extra) body[key] = value;
    return http::json_response(http::Status::ok, body);
}

Expected<CustomerMessageFields, ApiError> customer_message_fields(const boost::json::object& body) {
    auto user = json_fields::required<std::string>(body, "message.user", field_error);
    if (!user) return unexpected(user.error());
    auto ts = json_fields::required<std::string>(body, "message.ts", field_error);
    if (!ts) return unexpected(ts.error());
    auto text = json_fields::optional<std::string>(body, "message.text", field_error);
    if (!text) return unexpected(text.error());
    return CustomerMessageFields{std::move(*user), std::move(*ts), text->value_or("")};
}

}  // namespace megatron::api
