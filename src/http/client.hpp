#pragma once
// A blocking HTTP client on libcurl. One Client keeps its connections alive between calls
// (libcurl's connection cache), so reuse a Client per thread rather than one per request.
// A Client is not thread-safe; give each thread its own.
#include "util/expected.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace megatron::http {

struct ClientRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds total_timeout{10000};
    // When set, the body is streamed into this file instead of memory (large downloads).
    std::string download_to_path;
    // When set, the request body is streamed from this file instead of `body` (large uploads
    // never sit in memory); the file is reopened on every send, so retries resend it whole.
    std::string upload_from_path;
    // Bodies larger than this fail with TransportError::Kind::TooLarge (0 = no limit).
    std::size_t max_body_bytes = 0;
    // Open a new connection instead of reusing a kept-alive one. libcurl silently re-sends a
    // request when a reused connection closes before any answer byte; for a request that must
    // not run twice (a Slack post) that re-send could duplicate it.
    bool fresh_connection = false;
    // Never let libcurl send this request twice, while still reusing kept-alive connections.
    // libcurl re-sends a request when a reused connection ends before any answer byte; here
    // the body goes through a read callback that refuses to rewind, so once a body byte went
    // out that re-send fails instead (TransportError::Kind::Other: the caller cannot know
    // whether the request took effect). A connection found dead before the body went out is
    // replaced and the request sent once on the new one: a server cannot act on a request
    // whose body it never received. A request without a body gets a fresh connection.
    bool never_resend = false;
};

struct ClientResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::size_t body_bytes = 0;  // also counts bytes written to download_to_path

    // First header with this (lower-case) name, or empty.
    std::string header(std::string_view name) const;
};

struct TransportError {
    enum class Kind { Timeout, Connect, TooLarge, Other };
    Kind kind = Kind::Other;
    std::string message;  // libcurl's description; never contains request headers or bodies
};

class Client {
  public:
    Client();
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;

    Expected<ClientResponse, TransportError> send(const ClientRequest& req);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace megatron::http
