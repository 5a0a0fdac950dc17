#pragma once
// An HTTP/1.1 server on Boost.Beast: keep-alive, a fixed pool of threads, a body limit, and a
// graceful stop (stop accepting, finish requests in flight, hang up idle connections).
// Connections, header time and held body bytes are capped, and running out of descriptors
// pauses accepting instead of spinning (docs/hardening.md).
#include "http/router.hpp"

#include <memory>
#include <string>

namespace megatron::http {

struct ServerOptions {
    std::string address = "0.0.0.0";
    unsigned short port = 8002;  // 0 picks a free port; see Server::port()
    int threads = 4;
    std::size_t body_limit = 1024 * 1024;  // larger bodies get 413
    int idle_timeout_seconds = 30;         // reading a body, writing an answer
    int header_timeout_seconds = 5;        // waiting for a complete header (also when idle)
    // Open connections beyond this are closed at once; 0: default_max_connections().
    std::size_t max_connections = 0;
    // Body bytes all connections together may hold; a request beyond it gets 503.
    std::size_t max_body_bytes = 64 * 1024 * 1024;
};

// The descriptor limit (RLIMIT_NOFILE) less a reserve of half of it, at most 256, kept for the
// database pool, Redis, Slack and the files the process opens itself.
std::size_t default_max_connections();

class Server {
  public:
    Server(ServerOptions options, const Router& router);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the threads; throws std::system_error when the port cannot be bound.
    void start();
    unsigned short port() const;
    // Stops accepting, lets requests in flight finish, closes idle connections, joins threads.
    void stop();

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace megatron::http
