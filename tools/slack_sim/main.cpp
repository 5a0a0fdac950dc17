// slack-sim: the Slack simulator as its own process, for tests and benchmarks that run
// Megatron as a separate binary. The Web API is under /api/, the control API under /_sim/.
#include "simulator.hpp"
#include "util/log.hpp"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    CLI::App app{"slack-sim: a Slack Web API and Events API simulator for tests"};
    std::string address = "127.0.0.1";
    unsigned short port = 0;
    int threads = 4;
    std::string config_path;
    std::string log_level = "info";
    std::size_t max_recorded_calls = 1000000;
    app.add_option("--address", address, "address to listen on");
    app.add_option("--port", port, "port to listen on (0 picks a free one; printed on start)");
    app.add_option("--threads", threads, "server threads");
    app.add_option("--config", config_path, "JSON file with workspaces, users, channels, tokens");
    app.add_option("--max-recorded-calls", max_recorded_calls,
                   "keep at most this many recorded calls (0 = all)");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off");
    CLI11_PARSE(app, argc, argv);
    megatron::log::init(log_level);

    // Block the stop signals before any thread starts so only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    megatron::slack_sim::SimulatorOptions options;
    options.address = address;
    options.port = port;
    options.threads = threads;
    options.max_recorded_calls = max_recorded_calls;
    megatron::slack_sim::Simulator sim(options);
    if (!config_path.empty()) {
        std::ifstream in(config_path);
        if (!in) {
            spdlog::error("cannot read config file {}", config_path);
            return 2;
        }
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        auto config = boost::json::parse(text.str(), ec);
        if (ec) {
            spdlog::error("config file {} is not JSON: {}", config_path, ec.message());
            return 2;
        }
        try {
            sim.load_config(config);
        } catch (const std::exception& e) {
            spdlog::error("config file {}: {}", config_path, e.what());
            return 2;
        }
    }
    try {
        sim.start();
    } catch (const std::exception& e) {
        spdlog::error("cannot listen on {}:{}: {}", address, port, e.what());
        return 1;
    }
    // Tests read this line to learn the port.
    std::cout << "slack-sim listening on " << sim.base_url() << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    sim.stop();
    return 0;
}
