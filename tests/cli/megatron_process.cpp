#include "cli/megatron_process.hpp"

#include "support/environment.hpp"

#include <gtest/gtest.h>

namespace megatron::test {

MegatronServer::MegatronServer(std::map<std::string, std::string> env,
                               std::vector<std::string> extra_args)
    : port_(free_port()) {
    env.emplace("DJANGO_PORT", std::to_string(port_));
    env.emplace("MEGATRON_LISTEN_ADDRESS", "127.0.0.1");
    env.emplace("DATABASE_URL", "sqlite:///megatron.db");
    // The playground starts only where a test asks for it (MEGATRON_PLAYGROUND=on or auto).
    env.emplace("MEGATRON_PLAYGROUND", "off");
    std::vector<std::string> args{"serve"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<ChildProcess>(megatron_binary(), args, env, dir_.path());
    if (!wait_for_port(port_)) {
        ADD_FAILURE() << "megatron serve did not start:\n" << process_->output();
    }
}

std::string MegatronServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

http::ClientResponse MegatronServer::request(
    const std::string& method, const std::string& path, const std::string& body,
    std::vector<std::pair<std::string, std::string>> headers) {
    http::ClientRequest req;
    req.method = method;
    req.url = url(path);
    req.body = body;
    req.headers = std::move(headers);
    auto res = client_.send(req);
    if (!res) {
        ADD_FAILURE() << method << " " << path << ": " << res.error().message;
        return {};
    }
    return *res;
}

}  // namespace megatron::test
