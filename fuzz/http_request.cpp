// Fuzz target: raw bytes off a socket into the server's request handling. The bytes go through
// Beast's request parser with the limits the server's session sets (16 KiB of headers, 1 MiB
// of body), then every request they hold (pipelined, as a keep-alive client may send) is
// dispatched through the whole application's router. Credentials can be reached through the
// placeholders of app_world.hpp.
#include "app_world.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <optional>
#include <string_view>

namespace {

namespace bhttp = boost::beast::http;

// The session's limits (src/http/session.cpp).
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBodyLimit = 1024 * 1024;
// More pipelined requests add nothing the first few do not already cover.
constexpr int kMaxRequests = 4;

// Parses one request from the front of `bytes`; consumes what it read. nullopt when the bytes
// are not a complete, valid request (the server answers 400/413 and hangs up).
std::optional<megatron::http::Request> next_request(std::string_view& bytes) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!bytes.empty() && !parser.is_done()) {
        auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        bytes.remove_prefix(used);
        if (ec == bhttp::error::need_more) {
            if (used == 0) break;  // the rest cannot make a whole request
            ec = {};
            continue;
        }
        if (ec) return std::nullopt;
    }
    if (!parser.is_done()) {
        // The client closed the connection: a body delimited by end of stream ends here.
        parser.put_eof(ec);
        if (ec || !parser.is_done()) return std::nullopt;
    }
    return parser.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& world = megatron::fuzz::AppWorld::instance();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (int i = 0; i < kMaxRequests && !bytes.empty(); ++i) {
        auto request = next_request(bytes);
        if (!request) break;
        megatron::fuzz::dispatch_and_check(world, *request);
    }
    return 0;
}
