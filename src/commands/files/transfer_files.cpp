#include "commands/files/transfer_files.hpp"

#include "commands/delivery_marks.hpp"
#include "commands/engagement_thread.hpp"
#include "commands/files/temp_dir.hpp"
#include "commands/megatron_messages.hpp"
#include "commands/message_mapping.hpp"
#include "commands/profiles.hpp"
#include "platforms/slack/connection/file_transfer.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace megatron::commands::files {
namespace {

namespace json = boost::json;

// A transient download failure is retried (by the queue) this many runs before the file is
// reported as failed, so one Slack hiccup does not lose a file, nor a dead host block the
// channel for long.
constexpr int kDownloadRuns = 3;
constexpr std::size_t kMaxSectionText = 3000;  // Slack's limit for a section block's text

// Who is on which side of this transfer.
struct Route {
    slack::Credentials source;  // downloads
    slack::Credentials target;  // uploads and the delivered message
    std::string target_channel;
    std::string author;         // the agent's or the customer's name
    std::string target_thread;  // threads mode: the engagement's thread (customer's files)
};

struct Ready {
    TransferFile file;
    std::filesystem::path path;
    std::string content_type;
};

struct Problem {
    std::string file_name;
    std::string reason;
};

std::string shown_name(const TransferFile& file) {
    if (!file.name.empty()) return file.name;
    if (!file.title.empty()) return file.title;
    return file.id;
}

// The words for a download that did not work.
std::string download_reason(const slack::SlackError& error, std::size_t max_bytes) {
    switch (error.code) {
        case slack::SlackErrorCode::TooLarge:
            return "it is larger than the " + describe_size(max_bytes) + " limit";
        case slack::SlackErrorCode::UntrustedUrl:
            return "its address is not on Slack's file hosts, so it was not downloaded";
        case slack::SlackErrorCode::FileNotFound:
            return "it no longer exists";
        case slack::SlackErrorCode::DownloadRefused:
            return "Slack refused the download";
        default:
            return "the download failed";
    }
}

// block_id that marks the delivered message as this job's (Slack keeps block ids, and
// conversations.history shows them), so a retry can tell that the share already happened.
std::string delivery_marker(const std::string& idempotency_key) {
    return ("megatron-files:" + idempotency_key).substr(0, 255);
}

bool carries_marker(const slack::HistoryMessage& message, const std::string& marker) {
    if (!message.blocks.is_array()) return false;
    for (const auto& block : message.blocks.as_array()) {
        if (block.is_object() &&
            json_fields::string_or_empty(block.as_object(), "block_id") == marker)
            return true;
    }
    return false;
}

json::array message_blocks(const TransferFilesJob& request, const std::string& author,
                           const std::string& marker) {
    json::object by{
        {"type", "context"},
        {"block_id", marker},
        {"elements", json::array{json::object{{"type", "mrkdwn"},
                                              {"text", request.direction == Direction::ToCustomer
                                                           ? "sent by " + author
                                                           : "*" + author + "*"}}}}};
    json::array blocks;
    if (request.direction == Direction::ToSupport) blocks.push_back(by);
    if (!request.text.empty()) {
        blocks.push_back(json::object{
            {"type", "section"},
            {"text",
             json::object{{"type", "mrkdwn"}, {"text", request.text.substr(0, kMaxSectionText)}}}});
    }
    if (request.direction == Direction::ToCustomer) blocks.push_back(by);
    return blocks;
}

// The text message as the relay shows it without files: the agent's with the sent-by footer,
// the customer's under their name.
slack::PostMessage text_message(const TransferFilesJob& request, const Route& route,
                                const std::string& text) {
    slack::PostMessage post;
    post.channel = route.target_channel;
    post.thread_ts = route.target_thread;
    post.text = text;
    if (request.direction == Direction::ToCustomer) {
        post.attachments = sent_by_footer(route.author, {});
    } else {
        post.username = route.author;
    }
    return post;
}

// What reaching the other side produced: the delivered message (empty when nothing was
// posted) and whether an earlier run had already delivered it.
struct Delivery {
    std::string ts;
    std::optional<bool> recovered;  // unset when nothing was delivered
};

template <class T>
using Step = Expected<T, jobs::JobOutcome>;

// One run of a transfer job, in the steps the header names: route, download, deliver (to
// Slack or to S3), report problems, then the completion's writes.
class FileTransferRun {
  public:
    FileTransferRun(const jobs::Job& job, TransferFilesJob request, ChannelContext context,
                    slack::WebApiClient& client, const TransferSettings& settings,
                    std::unique_ptr<megatron::files::ObjectStore>& object_store)
        : job_(job),
          request_(std::move(request)),
          context_(std::move(context)),
          client_(client),
          settings_(settings),
          object_store_(object_store) {}

    jobs::JobOutcome execute(storage::Store& store, const Clock& clock) {
        auto route = route_for(store);
        if (!route) return std::move(route.error());
        route_ = std::move(*route);
        // The directory and everything in it go when this run ends.
        auto dir = TempDir::create();
        if (!dir) return jobs::outcome::Retry{"cannot create a temporary directory", std::nullopt};
        if (auto failed = download(dir->path())) return std::move(*failed);
        json::object result{{"files", ready_.size()}, {"refused", problems_.size()}};
        auto delivery = !ready_.empty() && settings_.backend == Backend::Slack ? deliver_to_slack()
                                                                               : deliver_as_links();
        if (!delivery) return std::move(delivery.error());
        if (delivery->recovered) result["recovered"] = *delivery->recovered;
        if (auto failed = report_problems()) return std::move(*failed);
        delivered_ = delivery->recovered.has_value();
        result["ts"] = delivery->ts;
        return done(std::move(result), completion(clock, delivery->ts));
    }

    // True once execute() delivered the text or a file (not when every file was refused).
    bool delivered() const { return delivered_; }

  private:
    bool to_customer() const { return request_.direction == Direction::ToCustomer; }
    slack::Credentials support() const { return {context_.integration.bot_token, {}}; }
    slack::Credentials customer() const {
        return {context_.workspace.bot_token, context_.workspace.platform_id};
    }

    // Who is on which side: the agent's files go to the customer's DM, the customer's to the
    // engagement channel.
    Step<Route> route_for(storage::Store& store) {
        Route route{
            to_customer() ? support() : customer(), to_customer() ? customer() : support(), {}, {}};
        if (!to_customer()) {
            route.target_channel = context_.channel.platform_channel_id;
            route.target_thread = context_.channel.thread_ts;
            route.author = customer_profile_or_id(store, client_, context_.workspace, request_.user)
                               .best_name();
            return route;
        }
        auto dm = slack::open_conversation(client_, customer(), context_.channel.platform_user_id);
        if (!dm) return unexpected(outcome_for(dm.error()));
        route.target_channel = dm->channel_id;
        route.author = agent_name(store, client_, context_.integration, request_.user);
        return route;
    }

    // 1. Check and download each file into `dir`; a refused one becomes a problem. Returns the
    // job's outcome when the run must stop (a transient failure to retry).
    std::optional<jobs::JobOutcome> download(const std::filesystem::path& dir) {
        for (std::size_t i = 0; i < request_.files.size(); ++i) {
            const auto& file = request_.files[i];
            if (auto refused = refusal_before_download(file, settings_.limits)) {
                problems_.push_back({shown_name(file), *refused});
                continue;
            }
            if (auto stop = download_one(file, dir / std::to_string(i))) return stop;
        }
        return std::nullopt;
    }

    std::optional<jobs::JobOutcome> download_one(const TransferFile& file,
                                                 const std::filesystem::path& path) {
        const auto& url = file.url_private.empty() ? file.url_private_download : file.url_private;
        if (url.empty()) {
            problems_.push_back({shown_name(file), "Slack did not say where to download it"});
            return std::nullopt;
        }
        auto downloaded = slack::download_private_file(client_, route_.source, url, path.string(),
                                                       settings_.limits.max_bytes);
        if (!downloaded) {
            const auto& error = downloaded.error();
            if ((error.is_transient() || error.outcome_unknown) && job_.attempts < kDownloadRuns) {
                return outcome_for(error);
            }
            spdlog::info("file {} not transferred: {}", file.id, error.describe());
            problems_.push_back(
                {shown_name(file), download_reason(error, settings_.limits.max_bytes)});
            return std::nullopt;
        }
        auto type = file.mimetype.empty() ? downloaded->content_type : file.mimetype;
        if (file.mimetype.empty() && !type_allowed(type, settings_.limits.allowed_types)) {
            problems_.push_back({shown_name(file), "files of type " + type + " are not allowed"});
            return std::nullopt;
        }
        ready_.push_back({file, path, type});
        return std::nullopt;
    }

    // 2a. Slack's external upload, exactly once: a run that may follow one which delivered
    // looks for its marker in the target's recent history (post_once's look-back).
    Step<Delivery> deliver_to_slack() {
        const auto marker = delivery_marker(job_.idempotency_key);
        if (job_.attempts > 1) {
            auto earlier = find_recent(
                client_, route_.target, route_.target_channel,
                [&](const auto& m) { return carries_marker(m, marker); }, route_.target_thread);
            if (!earlier) return unexpected(outcome_for(earlier.error()));
            if (*earlier) return Delivery{(*earlier)->ts, true};
        }
        slack::CompleteUpload complete;
        complete.channel_id = route_.target_channel;
        complete.thread_ts = route_.target_thread;
        complete.blocks = message_blocks(request_, route_.author, marker);
        for (const auto& r : ready_) {
            auto id =
                slack::send_file_bytes(client_, route_.target, {r.path, shown_name(r.file), {}});
            if (!id) return unexpected(outcome_for(id.error()));
            complete.files.push_back(
                {*id, r.file.title.empty() ? shown_name(r.file) : r.file.title});
        }
        auto completed = slack::complete_upload(client_, route_.target, complete);
        if (!completed) return unexpected(outcome_for(completed.error()));
        return Delivery{"", false};
    }

    // 2b. S3 links (or no file passed): one message with the text and a link per file.
    Step<Delivery> deliver_as_links() {
        std::string text = request_.text;
        if (!ready_.empty()) {
            auto links = store_and_link();
            if (!links) return unexpected(std::move(links.error()));
            for (const auto& link : *links) text += (text.empty() ? "" : "\n") + link;
        }
        if (text.empty()) return Delivery{};
        auto posted = post_once(client_, route_.target, text_message(request_, route_, text),
                                job_.idempotency_key, job_.attempts > 1);
        if (!posted) return unexpected(outcome_for(posted.error()));
        return Delivery{posted->ts, posted->recovered};
    }

    // Each ready file stored under an unguessable key: its Slack link "<url|name>".
    Step<std::vector<std::string>> store_and_link() {
        if (!object_store_ && settings_.make_object_store) {
            object_store_ = settings_.make_object_store();
        }
        if (!object_store_) return unexpected(jobs::outcome::Fatal{"no object store configured"});
        std::vector<std::string> links;
        for (const auto& r : ready_) {
            auto url = object_store_->put_and_presign(r.path, shown_name(r.file), r.content_type);
            if (!url) {
                if (url.error().retryable) {
                    return unexpected(
                        jobs::outcome::Retry{"object store: " + url.error().message, {}});
                }
                spdlog::warn("file {} not stored: {}", r.file.id, url.error().message);
                problems_.push_back({shown_name(r.file), "the file store refused it"});
                continue;
            }
            links.push_back("<" + *url + "|" + strings::escape_slack(shown_name(r.file)) + ">");
        }
        return links;
    }

    // 3. One line per file that did not make it: to the agent only (ephemeral), or in the
    // engagement channel for a customer's file (exactly once per line).
    std::optional<jobs::JobOutcome> report_problems() {
        for (std::size_t i = 0; i < problems_.size(); ++i) {
            const auto& p = problems_[i];
            if (to_customer()) {
                slack::PostEphemeral notice;
                notice.channel = context_.channel.platform_channel_id;
                notice.thread_ts = context_.channel.thread_ts;
                notice.user = request_.user;
                notice.text = "Could not send " + strings::escape_slack(p.file_name) +
                              " to the customer: " + strings::escape_slack(p.reason) + ".";
                auto sent = slack::post_ephemeral(client_, support(), notice);
                if (!sent) spdlog::warn("file notice not shown: {}", sent.error().describe());
                continue;
            }
            slack::PostMessage notice = post_into(context_.channel);
            notice.text = "Could not show " + strings::escape_slack(p.file_name) + " from " +
                          strings::escape_slack(route_.author) + ": " +
                          strings::escape_slack(p.reason) + ".";
            auto sent =
                post_once(client_, support(), std::move(notice),
                          job_.idempotency_key + ":notice:" + std::to_string(i), job_.attempts > 1);
            if (!sent) return outcome_for(sent.error());
        }
        return std::nullopt;
    }

    // Written with the job's completion: the ts mapping (so edits and deletions can follow
    // the delivered message) and the channel's last activity.
    jobs::CompletionWrites completion(const Clock& clock, std::string delivered_ts) const {
        auto channel_id = context_.channel.id;
        auto source_ts = request_.ts;
        bool to_customer = this->to_customer();
        return [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            storage::Store inside(conn, clock);
            if (!delivered_ts.empty() && !source_ts.empty()) {
                auto agent_ts = to_customer ? source_ts : delivered_ts;
                auto customer_ts = to_customer ? delivered_ts : source_ts;
                auto mapped = map_message(
                    inside, channel_id, to_customer ? MappedBy::Integration : MappedBy::Customer,
                    agent_ts, customer_ts,
                    to_customer ? storage::MessageOrigin::Agent : storage::MessageOrigin::Customer);
                if (!mapped) return mapped;
            }
            return inside.set_last_message_sent(channel_id, clock.now_millis());
        };
    }

    const jobs::Job& job_;
    TransferFilesJob request_;
    ChannelContext context_;
    slack::WebApiClient& client_;
    const TransferSettings& settings_;
    std::unique_ptr<megatron::files::ObjectStore>& object_store_;  // the handler's, made once
    Route route_;
    std::vector<Ready> ready_;
    std::vector<Problem> problems_;
    bool delivered_ = false;
};

}  // namespace

jobs::JobOutcome transfer_files(ChannelRun<TransferFilesJob>& run, const TransferSettings& settings,
                                std::unique_ptr<megatron::files::ObjectStore>& object_store) {
    if (run.request.direction == Direction::ToSupport) {
        // What goes into the support workspace is redacted: the text and the files' names.
        run.request.text = run.redaction().redact(run.request.text);
        for (auto& file : run.request.files) {
            file.name = run.redaction().redact(file.name);
            file.title = run.redaction().redact(file.title);
        }
    }
    // An agent's files get the delivery marks of an agent's message (commands/delivery_marks).
    std::optional<DeliveryMarks> marks;
    if (run.request.direction == Direction::ToCustomer) {
        marks.emplace(run, settings.marks, run.request.ts);
        marks->before_attempt();
    }
    FileTransferRun transfer(run.job, run.request, run.context, run.clients.slack, settings,
                             object_store);
    auto outcome = transfer.execute(run.store, run.clock);
    if (marks && transfer.delivered() && std::holds_alternative<jobs::outcome::Done>(outcome)) {
        marks->delivered();
    }
    return outcome;
}

namespace {

// The queued mark while an agent's files wait for a retry, the failed mark and note (with
// Retry) once the transfer is dead; a customer's files have no marks.
CommandHooks<ChannelRun<TransferFilesJob>> delivery_mark_hooks(
    std::shared_ptr<const TransferSettings> settings) {
    auto to_customer = [](const ChannelRun<TransferFilesJob>& run) {
        return run.request.direction == Direction::ToCustomer;
    };
    return {[=](ChannelRun<TransferFilesJob>& run, std::chrono::milliseconds delay) {
                if (to_customer(run))
                    DeliveryMarks(run, settings->marks, run.request.ts).retrying(delay);
            },
            [=](ChannelRun<TransferFilesJob>& run, const std::string& error) {
                if (to_customer(run))
                    DeliveryMarks(run, settings->marks, run.request.ts).failed(error);
            }};
}

}  // namespace

void add_file_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                       TransferSettings settings) {
    auto shared = std::make_shared<const TransferSettings>(std::move(settings));
    // Each worker's handler makes its own object store (its HTTP client is not shared).
    add_channel_command_per_worker(
        registry, kTransferFilesKind,
        CommandDeps{db, clock, shared->api_url, shared->refresher, shared->redactor,
                    shared->observers},
        PayloadReader<TransferFilesJob>{"a file transfer"},
        [shared] {
            auto object_store = std::make_shared<std::unique_ptr<megatron::files::ObjectStore>>();
            return [shared, object_store](ChannelRun<TransferFilesJob>& run) {
                return transfer_files(run, *shared, *object_store);
            };
        },
        delivery_mark_hooks(shared));
}

}  // namespace megatron::commands::files
