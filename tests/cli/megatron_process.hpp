#pragma once
// A `megatron serve` child process on a free port with its own SQLite file, for tests that
// drive the real binary over HTTP.
#include "http/client.hpp"
#include "support/process.hpp"

#include <map>
#include <memory>
#include <string>

namespace megatron::test {

class MegatronServer {
  public:
    explicit MegatronServer(std::map<std::string, std::string> env = {},
                            std::vector<std::string> extra_args = {});
    unsigned short port() const { return port_; }
    std::string url(const std::string& path) const;
    ChildProcess& process() { return *process_; }
    const std::string& dir() const { return dir_.path(); }
    http::ClientResponse request(const std::string& method, const std::string& path,
                                 const std::string& body = {},
                                 std::vector<std::pair<std::string, std::string>> headers = {});

  private:
    TempDir dir_;
    unsigned short port_;
    std::unique_ptr<ChildProcess> process_;
    http::Client client_;
};

}  // namespace megatron::test
