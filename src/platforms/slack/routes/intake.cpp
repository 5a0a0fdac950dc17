#include "platforms/slack/routes/intake.hpp"

#include "platforms/slack/routes/verified.hpp"

#include <boost/json/object.hpp>

namespace megatron::slack::routes {

IntakeAnswer IntakeAnswer::ephemeral(const std::string& text) {
    return {"", boost::json::object{{"response_type", "ephemeral"}, {"text", text}}};
}

http::Response to_http(const IntakeAnswer& answer) {
    if (!answer.unavailable.empty()) {
        return http::error_response(http::Status::service_unavailable, answer.unavailable);
    }
    if (answer.payload.is_null()) return acknowledge();
    return http::json_response(http::Status::ok, answer.payload);
}

}  // namespace megatron::slack::routes
