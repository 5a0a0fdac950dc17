#include "http/message.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::http {

Response text_response(Status status, std::string body, std::string_view content_type) {
    Response res{status, 11};
    res.set(boost::beast::http::field::content_type, content_type);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

Response json_response(Status status, const boost::json::value& body) {
    return text_response(status, boost::json::serialize(body), "application/json; charset=utf-8");
}

Response error_response(Status status, std::string_view error) {
    return json_response(status, boost::json::object{{"ok", false}, {"error", error}});
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

std::string_view query_of(std::string_view target) {
    auto q = target.find('?');
    return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace megatron::http
