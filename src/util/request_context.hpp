#pragma once
// The id of the request a thread is working for, so every log line written on its behalf
// carries it: born in the HTTP router (or taken from a sane incoming X-Request-Id) and in the
// Socket Mode intake, stored with the jobs it enqueues, restored by the worker that runs them.
// The only state is thread-local: a Scope sets it for a block and puts the previous one back.
#include <string>
#include <string_view>

namespace megatron::request_context {

// The current thread's request id; empty outside any request.
const std::string& current();

class Scope {
  public:
    explicit Scope(std::string id);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

  private:
    std::string previous_;
};

// A fresh id: 16 random hex characters.
std::string new_id();

// Whether an id from outside (X-Request-Id, a Socket Mode envelope_id) may be logged as it is:
// 1 to 64 characters of letters, digits, '-', '_', '.' and ':' (no spaces, quotes or escapes
// that could forge a log line).
bool is_sane(std::string_view id);

// `incoming` when sane, else a fresh id.
std::string adopt_or_new(std::string_view incoming);

}  // namespace megatron::request_context
