#pragma once
// The simulator's Socket Mode endpoint: apps.connections.open hands out one-time URLs of this
// WebSocket server (ws://, or wss:// with the certificate given), and envelopes are delivered
// as Slack delivers them: `hello` on connect, then events_api / slash_commands / interactive
// envelopes, each waiting for the app's {"envelope_id": ...} ack. Tests can ask for a refresh
// (a `disconnect` envelope, then the server closes the connection after a grace period),
// drop connections abruptly, and read every ack received.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace megatron::slack_sim {

// PEM files of the certificate chain and key the endpoint serves wss:// with; empty: ws://.
struct SocketModeTls {
    std::string cert_file;
    std::string key_file;
};

struct EnvelopeAttempt {
    bool acked = false;
    bool no_connection = false;    // no connection was open for the whole wait
    bool connection_lost = false;  // every connection it went out on closed before the ack
    bool timed_out = false;
    boost::json::value ack_payload;  // the ack's "payload" (null when it had none)
};

struct EnvelopeToSend {
    std::string type;  // "events_api", "slash_commands", "interactive"
    boost::json::object payload;
    bool accepts_response_payload = false;
    int retry_attempt = 0;
    std::string retry_reason;
    bool to_every_connection = false;  // Slack sometimes sends one envelope on two links
};

class SocketModeHub {
  public:
    SocketModeHub(std::string address, SocketModeTls tls);
    ~SocketModeHub();
    SocketModeHub(const SocketModeHub&) = delete;
    SocketModeHub& operator=(const SocketModeHub&) = delete;

    void start();  // an ephemeral port
    void stop();   // closes every connection

    // A one-time URL for a new connection of `team_id`'s app (apps.connections.open).
    std::string new_connection_url(const std::string& team_id, const std::string& app_id);
    // Sends the envelope on an open connection of the team (taking turns between them) and
    // waits up to `timeout` for its ack; a team with no connection yet is waited for within
    // the same time, as Slack holds envelopes for an app that is reconnecting.
    EnvelopeAttempt deliver(const std::string& team_id, EnvelopeToSend envelope,
                            std::chrono::milliseconds timeout, const std::stop_token& stop);
    // Sends each of the team's connections a `disconnect` envelope with `reason` and closes
    // any the app has not closed within `grace`. No new envelope goes to them meanwhile.
    void request_refresh(const std::string& team_id, const std::string& reason,
                         std::chrono::milliseconds grace);
    // Cuts `count` of the team's open connections without a close frame (a network failure).
    void drop(const std::string& team_id, int count);
    // Connections of the team that got their hello and were not asked to go.
    int open_connections(const std::string& team_id) const;
    // How many connections were ever accepted for the team.
    int connections_accepted(const std::string& team_id) const;
    // The team's connections opening and closing, in order: "open 1", "close 1" ("close"
    // also when the app closed it), to check that a replacement opened before the old went.
    std::vector<std::string> history(const std::string& team_id) const;
    // Every ack received (the app's JSON), oldest first.
    std::vector<boost::json::object> acks() const;
    void reset();  // forgets acks and tickets; closes every connection

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace megatron::slack_sim
