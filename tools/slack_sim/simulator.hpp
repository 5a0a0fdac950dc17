#pragma once
// The Slack simulator, in-process. No test can reach Slack; this stands in for it.
//
//   slack_sim::Simulator sim;                       // listens on 127.0.0.1, ephemeral port
//   sim.start();
//   auto team = sim.add_workspace({.id = "T1", .name = "Acme", .domain = "acme",
//                                  .bot_token = "xoxb-acme"});
//   auto user = sim.add_user(team, {.name = "carla", .real_name = "Carla C"});
//   auto dm = sim.open_dm(team, user);              // the bot's DM with carla
//   auto chan = sim.add_channel(team, {.name = "support"});
//   // point the code under test at sim.api_url() ("http://127.0.0.1:<port>/api/")
//   sim.messages(dm);                               // what was posted, oldest first
//   sim.calls("chat.postMessage");                  // every call recorded (no tokens)
//   sim.inject({.kind = slack_sim::FaultKind::RateLimited, .method = "chat.postMessage"});
//   sim.invalidate_token("xoxb-acme");              // invalid_auth from now on
//   sim.add_token(team, "xoxb-acme-2");             // e.g. after a refresh
//
// Acting as Slack toward Megatron (signed with the app's signing secret): see
// slack_sender.hpp (SlackSender: events with Slack's retries, slash commands, interactive
// payloads); Simulator::new_response_url() gives response_urls that post back into a channel.
//
// Web API: POST or GET http://127.0.0.1:<port>/api/<method>, form-encoded or JSON bodies,
// token in "Authorization: Bearer" (a `token` form field also works, as on Slack; the call
// record says which). Methods: conversations.open/history/replies/create/archive/unarchive/join/
// invite/list (list pages with cursors as Slack does),
// chat.postMessage/update/postEphemeral/delete, reactions.add/remove, users.info, files.info,
// files.getUploadURLExternal/completeUploadExternal. Retired methods (im.open, im.history,
// channels.join, channels.list, files.upload) answer "method_deprecated"; unknown ones 404
// "unknown_method". Files: url_private needs a token of the file's workspace (without one
// Slack answers its HTML sign-in page, and so does this); upload_url takes raw or multipart
// bytes.
//
// Socket Mode: with an app token (add_app_token) apps.connections.open answers a ws:// URL of
// the simulator's WebSocket endpoint, and an app connected with socket_mode gets its events,
// slash commands and clicks there as envelopes (socket_mode_hub.hpp).
//
// Control API for tests in other processes (the slack-sim binary): see control_api.hpp.
#include "call_recorder.hpp"
#include "fault_injector.hpp"
#include "model.hpp"
#include "slack_sender.hpp"
#include "socket_mode_hub.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace megatron::slack_sim {

struct SimulatorOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 0;  // 0 = ephemeral
    int threads = 4;          // slow-answer faults occupy one each
    std::size_t body_limit = 64 * 1024 * 1024;
    // Keep at most this many recorded calls, dropping the oldest (0 = keep all). Long
    // benchmarks set it so the record does not grow without bound.
    std::size_t max_recorded_calls = 0;
    // The Socket Mode endpoint serves wss:// with these files (ws:// when empty).
    SocketModeTls socket_mode_tls;
};

// Where a workspace's Slack app sends what happens in Slack (Megatron's endpoints).
struct AppConnection {
    std::string events_url;       // Events API request URL
    std::string commands_url;     // slash command request URL
    std::string interactive_url;  // interactivity request URL
    std::string signing_secret;
    std::string api_app_id = "A0MEGATRON";
    EventRetryPolicy event_retry;  // Slack's schedule unless a test shortens it
    // As Slack does, deliver the bot's own chat.postMessage posts back as message events
    // (with bot_id), in the background; an app must recognise and ignore its own messages.
    bool echo_bot_messages = true;
    // Deliver over Socket Mode (the app's WebSockets, opened with an app-level token from
    // add_app_token) instead of POSTing to the URLs above; no signature then.
    bool socket_mode = false;
    // Socket Mode: send each envelope on every open connection (Slack does this at times);
    // the app must act on it once.
    bool duplicate_envelopes = false;
};

// A slash command or interactive payload as sent, with the response_url it carried.
struct SentRequest {
    DeliveryAttempt answer;
    std::string response_url;
    std::string trigger_id;
};

struct WorkspaceSpec {
    std::string id;  // "T..." (generated when empty)
    std::string name = "Workspace";
    std::string domain = "workspace";
    std::string bot_token;    // maps to this workspace (more via add_token)
    std::string bot_user_id;  // generated when empty
    std::string bot_id;       // generated when empty
    std::string bot_name = "bot";
    std::string app_id = "A0MEGATRON";
};

struct UserSpec {
    std::string id;  // "U..." (generated when empty)
    std::string name;
    std::string real_name;
    std::string display_name;
    std::string email;
    std::string image_url;  // base URL; image_24 ... image_512 are derived from it
    bool is_bot = false;
    bool deleted = false;
};

struct ChannelSpec {
    std::string id;  // "C..."/"G..." (generated when empty)
    std::string name;
    bool is_private = false;
    bool is_archived = false;
    bool is_general = false;
    bool bot_is_member = true;
    std::vector<std::string> members;  // user ids besides the bot
};

struct FileSpec {
    std::string name = "file.txt";
    std::string title;
    std::string mimetype = "text/plain";
    std::string content;
    std::string user;  // uploader (defaults to the bot user)
};

// A file as shared into a conversation, with its bytes (what a person there would see).
struct SharedFileView {
    std::string message_ts;  // the message that shared it
    std::string message_text;
    boost::json::value message_blocks;
    std::string id;
    std::string name;
    std::string title;
    std::string mimetype;
    std::string content;
};

struct ChannelView {
    std::string id;
    std::string team_id;
    std::string name;
    bool is_im = false;
    bool is_private = false;
    bool is_archived = false;
    std::string im_user;
    std::vector<std::string> members;
};

class Simulator {
  public:
    explicit Simulator(SimulatorOptions options = {});
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    void start();
    // Stops serving and gives up event deliveries in progress: a delivery waiting for
    // Slack's next redelivery (minutes by default) and a slow-answer fault end at once, and
    // no further attempt is made (Delivery::abandoned). start() serves again.
    void stop();
    // Requested by stop(); pass it to a SlackSender of your own to end its waits likewise.
    std::stop_token shutdown_token() const;
    unsigned short port() const;
    std::string base_url() const;  // "http://127.0.0.1:<port>"
    std::string api_url() const;   // base_url() + "/api/" (what SLACK_API_URL should be)

    // --- the model ---
    std::string add_workspace(WorkspaceSpec spec);  // returns the team id
    std::string add_user(const std::string& team_id, UserSpec spec);
    std::string add_channel(const std::string& team_id, ChannelSpec spec);
    std::string open_dm(const std::string& team_id, const std::string& user_id);
    void add_member(const std::string& channel_id, const std::string& user_id);
    // A message from a person (not the bot), as if typed in Slack; returns its ts. No event
    // is sent; use SlackSender for that.
    std::string post_as_user(const std::string& channel_id, const std::string& user_id,
                             const std::string& text, const std::string& thread_ts = {});
    // A completed file (as if a person had shared it); returns its id.
    std::string add_file(const std::string& team_id, FileSpec spec);
    std::optional<std::string> file_content(const std::string& file_id) const;
    // The file object as Slack shows it (files.info, events), url_private included; null when
    // there is no such file.
    boost::json::value file_object(const std::string& file_id) const;
    // Every file shared into the conversation (by a message's files), oldest first.
    std::vector<SharedFileView> shared_files(const std::string& channel_id) const;
    std::string bot_user_id(const std::string& team_id) const;

    std::vector<Message> messages(const std::string& channel_id) const;  // oldest first
    std::vector<EphemeralMessage> ephemeral_messages(const std::string& channel_id) const;
    std::optional<ChannelView> channel(const std::string& channel_id) const;
    std::optional<ChannelView> channel_by_name(const std::string& team_id,
                                               const std::string& name) const;
    // The workspace's channels (not DMs), oldest first (ties by id).
    std::vector<ChannelView> channels(const std::string& team_id) const;

    // --- tokens ---
    void add_token(const std::string& team_id, const std::string& token);
    // From now on calls with this token answer `error` (invalid_auth, token_revoked, ...).
    void invalidate_token(const std::string& token, const std::string& error = "invalid_auth");

    // --- response_urls (handed to Megatron with slash commands and interactive payloads) ---
    std::string new_response_url(const std::string& team_id, const std::string& channel_id,
                                 const std::string& user_id);
    std::vector<boost::json::value> response_url_posts(const std::string& url) const;

    // --- calls and faults ---
    std::vector<RecordedCall> calls() const;
    std::vector<RecordedCall> calls(const std::string& method) const;
    std::size_t call_count(const std::string& method) const;
    void clear_calls();
    void inject(Fault fault);
    void clear_faults();
    // Slack's "about one message per second per channel": chat.postMessage beyond
    // `per_second` (after a burst of `burst`) answers 429 with Retry-After. 0 turns it off
    // (the default). reset() turns it off too.
    void limit_posts_per_channel(double per_second, int burst = 1);
    std::vector<Fault> active_faults() const;
    // Forgets everything: workspaces, tokens, messages, files, calls, faults, apps.
    void reset();

    // --- acting as Slack toward Megatron (signed with the app's signing secret) ---
    void connect_app(const std::string& team_id, AppConnection app);
    // A person writes: the message is stored and, if the workspace has an app connected,
    // delivered as a "message" event (retried as Slack does). No app: no attempts.
    Delivery user_says(const std::string& channel_id, const std::string& user_id,
                       const std::string& text, const std::string& thread_ts = {});
    // A thread reply also sent to the channel ("Also send to #channel"): subtype
    // thread_broadcast, thread_ts set.
    Delivery user_broadcasts_reply(const std::string& channel_id, const std::string& user_id,
                                   const std::string& text, const std::string& thread_ts);
    // A person edits / deletes their message: message_changed / message_deleted events (a
    // deleted bot post's previous_message carries its bot_id, as on Slack).
    // A person shares files with a message (subtype file_share): the files are stored in the
    // channel's workspace, the message carries them, and the app gets the "message" event
    // with the file objects (url_private needing that workspace's token). `file_ids` gives
    // the new files' ids when not null.
    Delivery user_shares_files(const std::string& channel_id, const std::string& user_id,
                               const std::string& text, std::vector<FileSpec> files,
                               std::vector<std::string>* file_ids = nullptr,
                               const std::string& thread_ts = {});
    Delivery user_edits(const std::string& channel_id, const std::string& ts,
                        const std::string& new_text);
    Delivery user_deletes(const std::string& channel_id, const std::string& ts);
    // A person adds (`on`) or removes a reaction on a message: the message's reactions change
    // and the app gets reaction_added / reaction_removed.
    Delivery user_reacts(const std::string& channel_id, const std::string& user_id,
                         const std::string& ts, const std::string& name, bool on = true);
    // Waits until the background echoes of bot posts sent so far have been delivered (or
    // given up on because the simulator stopped).
    void wait_for_echoes();
    // Results of those background deliveries, oldest first.
    std::vector<Delivery> echo_deliveries() const;
    // Any event_callback inner event for the workspace of `team_id`.
    Delivery send_event(const std::string& team_id, boost::json::object inner_event);
    // A slash command typed in a channel, form-encoded as Slack sends it, with a fresh
    // response_url that posts back into that channel.
    SentRequest slash_command(const std::string& channel_id, const std::string& user_id,
                              const std::string& command, const std::string& text);
    // An interactive payload (button, menu): `payload` gives at least "type" and the action
    // fields; user, team, channel, api_app_id, response_url and trigger_id are filled in.
    SentRequest interactive(const std::string& channel_id, const std::string& user_id,
                            boost::json::object payload);
    // A message shortcut (type message_action) used on the message `ts` of the channel: the
    // payload carries `callback_id` and the message as Slack shows it (thread_ts included).
    SentRequest message_shortcut(const std::string& channel_id, const std::string& user_id,
                                 const std::string& callback_id, const std::string& ts);

    // --- Socket Mode (see socket_mode_hub.hpp) ---
    // An app-level token (xapp-...) of the workspace's app: apps.connections.open with it
    // answers a one-time ws:// (wss://) URL of the simulator's Socket Mode endpoint.
    void add_app_token(const std::string& team_id, const std::string& token);
    // Slack's `disconnect` to each of the team's connections; any still open after `grace`
    // is closed by the simulator.
    void socket_mode_refresh(const std::string& team_id,
                             const std::string& reason = "refresh_requested",
                             std::chrono::milliseconds grace = std::chrono::seconds(5));
    // Cuts `count` of the team's connections without a close frame.
    void socket_mode_drop(const std::string& team_id, int count = 1);
    int socket_mode_open_connections(const std::string& team_id) const;
    int socket_mode_connections_accepted(const std::string& team_id) const;
    // The team's connections opening and closing, in order ("open 3", "close 1").
    std::vector<std::string> socket_mode_history(const std::string& team_id) const;
    // Every ack the app sent, oldest first.
    std::vector<boost::json::object> socket_mode_acks() const;

    // The model as JSON ({"workspaces":[...]}), the same format the binary's --config reads.
    void load_config(const boost::json::value& config);

    struct Parts;  // internals shared with the control API

  private:
    Delivery deliver_event(const std::string& team_id, boost::json::object inner_event,
                           const std::stop_token& stop);
    // Socket Mode: an event_callback with Slack's redeliveries (retry_attempt/retry_reason).
    Delivery deliver_event_by_socket(const std::string& team_id, const AppConnection& app,
                                     boost::json::object body, const std::stop_token& stop);
    // Socket Mode: a slash command or interactive payload, one attempt (Slack does not
    // retry those; the person sees an error).
    DeliveryAttempt deliver_request_by_socket(const std::string& team_id, const AppConnection& app,
                                              const std::string& type, boost::json::object payload);

    std::unique_ptr<Parts> parts_;
};

}  // namespace megatron::slack_sim
