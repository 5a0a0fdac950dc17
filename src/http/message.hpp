#pragma once
// The request and response types every handler sees, and the JSON answers they share.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace megatron::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Status = boost::beast::http::status;
using Verb = boost::beast::http::verb;

// A Server-Sent Events stream (text/event-stream) a handler hands to the session instead of
// an answer: the session writes the head, then asks poll() every interval() for text to send
// (complete "data: ...\n\n" events, or "" for nothing yet) until the client goes away or
// the server stops. Polling on the session's own timer keeps no thread waiting.
class EventSource {
  public:
    virtual ~EventSource() = default;
    virtual std::string poll() = 0;
    virtual std::chrono::milliseconds interval() const { return std::chrono::milliseconds(200); }
};

// What the server knows about a request beyond its bytes; handlers may ask the session to hang up.
struct RequestContext {
    std::map<std::string, std::string> params;  // from route patterns like /message/{user_id}/
    std::string remote_address;
    bool drop_connection = false;  // close the socket without answering (used by the simulator)
    // Set by a handler to answer with an event stream (the Response it returns is ignored).
    std::shared_ptr<EventSource> event_stream;
};

Response json_response(Status status, const boost::json::value& body);
// {"ok": false, "error": error}
Response error_response(Status status, std::string_view error);
Response text_response(Status status, std::string body, std::string_view content_type);

// The query-less path of a request target ("/a/b?x=1" -> "/a/b").
std::string_view path_of(std::string_view target);
// The raw query string ("/a?x=1" -> "x=1"), empty when there is none.
std::string_view query_of(std::string_view target);

}  // namespace megatron::http
