#pragma once
// What every bot-app endpoint shares: the services it may use, authentication and body
// parsing in front of it, and turning its typed errors into JSON answers.
#include "api/authentication.hpp"
#include "api/request_body.hpp"
#include "commands/outreach/support_channels.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "jobs/queue.hpp"
#include "storage/store.hpp"

#include <boost/json/object.hpp>

#include <functional>

namespace megatron::api {

struct ApiContext {
    storage::Store& store;
    jobs::JobQueue& queue;
    Authenticator& authenticator;
    const config::Config& config;
    commands::outreach::SupportChannels& support_channels;  // CUSTOMER_SERVICE_CHANNEL lookups
};

// An endpoint sees an authenticated organization and a parsed JSON object body.
using Endpoint = std::function<Expected<http::Response, ApiError>(
    ApiContext&, const storage::Organization&, const boost::json::object& body,
    const http::RequestContext&)>;

// 401 without a valid token, 400 for a body that is not a JSON object, then the endpoint.
http::Handler authenticated_json(ApiContext& context, Endpoint endpoint);

// "Accepted means durable": returns once the job is stored (503 queue_unavailable if not).
Expected<jobs::Enqueued, ApiError> enqueue(jobs::JobQueue& queue, const jobs::NewJob& job);

// Storage failures while answering: 503, the request can be repeated.
ApiError storage_unavailable();

// {"ok": true, ...extra}
http::Response ok_response(boost::json::object extra = {});

// The customer's message a bot app reports to /incoming/ and /edit/: message.user and
// message.ts are required, message.text may be absent (a message with only files).
struct CustomerMessageFields {
    std::string user;
    std::string ts;
    std::string text;
};
Expected<CustomerMessageFields, ApiError> customer_message_fields(const boost::json::object& body);

// Every endpoint (one file each).
Expected<http::Response, ApiError> incoming(ApiContext&, const storage::Organization&,
                                            const boost::json::object&,
                                            const http::RequestContext&);
Expected<http::Response, ApiError> outgoing(ApiContext&, const storage::Organization&,
                                            const boost::json::object&,
                                            const http::RequestContext&);
Expected<http::Response, ApiError> edit(ApiContext&, const storage::Organization&,
                                        const boost::json::object&, const http::RequestContext&);
Expected<http::Response, ApiError> register_workspace(ApiContext&, const storage::Organization&,
                                                      const boost::json::object&,
                                                      const http::RequestContext&);
// Outreach (DMs, notices, help requests): docs/bot-app-api.md.
Expected<http::Response, ApiError> broadcast(ApiContext&, const storage::Organization&,
                                             const boost::json::object&,
                                             const http::RequestContext&);
Expected<http::Response, ApiError> notify_user(ApiContext&, const storage::Organization&,
                                               const boost::json::object&,
                                               const http::RequestContext&);
Expected<http::Response, ApiError> message_user(ApiContext&, const storage::Organization&,
                                                const boost::json::object&,
                                                const http::RequestContext&);
Expected<http::Response, ApiError> get_a_human(ApiContext&, const storage::Organization&,
                                               const boost::json::object&,
                                               const http::RequestContext&);

}  // namespace megatron::api
