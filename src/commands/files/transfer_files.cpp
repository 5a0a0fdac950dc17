#include "commands/files/transfer_files.hpp"

#include "commands/control/messages.hpp"
#include "commands/control/people.hpp"
#include "commands/files/temp_dir.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/file_transfer.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace megatron::commands::files {
namespace {

namespace json = boost::json;
using relay::ChannelContext;

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
    std::string author;  // the agent's or the customer's name
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
        const auto* id = block.is_object() ? block.as_object().if_contains("block_id") : nullptr;
        if (id != nullptr && id->is_string() && id->as_string() == marker) return true;
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
    post.text = text;
    if (request.direction == Direction::ToCustomer) {
        post.attachments = control::sent_by_footer(route.author, {});
    } else {
        post.username = route.author;
    }
    return post;
}

jobs::JobOutcome done(json::object result, jobs::CompletionWrites writes = {}) {
    return jobs::outcome::Done{json::serialize(result), std::move(writes)};
}

}  // namespace

TransferFilesHandler::TransferFilesHandler(storage::Database& db, const Clock& clock,
                                           const TransferSettings& settings)
    : db_(db),
      clock_(clock),
      settings_(settings),
      client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome TransferFilesHandler::run(const jobs::Job& job) {
    auto request = transfer_files_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a file transfer"};
    storage::Store store(db_, clock_);
    auto loaded = relay::load_channel_context(store, request->channel_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    const auto& context = std::get<ChannelContext>(loaded);
    const bool to_customer = request->direction == Direction::ToCustomer;

    slack::Credentials support{context.integration.bot_token, {}};
    slack::Credentials customer{context.workspace.bot_token, context.workspace.platform_id};
    Route route{to_customer ? support : customer, to_customer ? customer : support, {}, {}};
    if (to_customer) {
        auto dm = slack::open_conversation(client_, customer, context.channel.platform_user_id);
        if (!dm) return outcome_for(dm.error());
        route.target_channel = dm->channel_id;
        route.author = control::agent_name(store, client_, context.integration, request->user);
    } else {
        route.target_channel = context.channel.platform_channel_id;
        route.author =
            control::customer_profile(store, client_, context.workspace, request->user).best_name();
    }

    // 1. Check and download. The directory and everything in it go when this run ends.
    auto dir = TempDir::create();
    if (!dir) return jobs::outcome::Retry{"cannot create a temporary directory", std::nullopt};
    std::vector<Ready> ready;
    std::vector<Problem> problems;
    for (std::size_t i = 0; i < request->files.size(); ++i) {
        const auto& file = request->files[i];
        if (auto refused = refusal_before_download(file, settings_.limits)) {
            problems.push_back({shown_name(file), *refused});
            continue;
        }
        const auto& url = file.url_private.empty() ? file.url_private_download : file.url_private;
        if (url.empty()) {
            problems.push_back({shown_name(file), "Slack did not say where to download it"});
            continue;
        }
        auto path = dir->path() / std::to_string(i);
        auto downloaded = slack::download_private_file(client_, route.source, url, path.string(),
                                                       settings_.limits.max_bytes);
        if (!downloaded) {
            const auto& error = downloaded.error();
            if ((error.is_transient() || error.outcome_unknown) && job.attempts < kDownloadRuns) {
                return outcome_for(error);
            }
            spdlog::info("file {} not transferred: {}", file.id, error.describe());
            problems.push_back(
                {shown_name(file), download_reason(error, settings_.limits.max_bytes)});
            continue;
        }
        auto type = file.mimetype.empty() ? downloaded->content_type : file.mimetype;
        if (file.mimetype.empty() && !type_allowed(type, settings_.limits.allowed_types)) {
            problems.push_back({shown_name(file), "files of type " + type + " are not allowed"});
            continue;
        }
        ready.push_back({file, path, type});
    }

    // 2. Deliver, exactly once.
    std::string delivered_ts;
    json::object result{{"files", ready.size()}, {"refused", problems.size()}};
    const auto marker = delivery_marker(job.idempotency_key);
    if (!ready.empty() && settings_.backend == Backend::Slack) {
        bool already = false;
        if (job.attempts > 1) {
            slack::HistoryQuery query;
            query.channel = route.target_channel;
            query.limit = 50;
            auto history = slack::conversation_history(client_, route.target, query);
            if (!history) return outcome_for(history.error());
            for (const auto& m : history->messages) {
                if (carries_marker(m, marker)) {
                    already = true;
                    delivered_ts = m.ts;
                }
            }
        }
        if (!already) {
            slack::CompleteUpload complete;
            complete.channel_id = route.target_channel;
            complete.blocks = message_blocks(*request, route.author, marker);
            for (const auto& r : ready) {
                auto id =
                    slack::send_file_bytes(client_, route.target, {r.path, shown_name(r.file), {}});
                if (!id) return outcome_for(id.error());
                complete.files.push_back(
                    {*id, r.file.title.empty() ? shown_name(r.file) : r.file.title});
            }
            auto completed = slack::complete_upload(client_, route.target, complete);
            if (!completed) return outcome_for(completed.error());
        }
        result["recovered"] = already;
    } else {
        // S3 links (or no file passed): one message with the text and a link per file.
        std::string text = request->text;
        if (!ready.empty()) {
            if (!object_store_ && settings_.make_object_store) {
                object_store_ = settings_.make_object_store();
            }
            if (!object_store_) return jobs::outcome::Fatal{"no object store configured"};
            for (const auto& r : ready) {
                auto url =
                    object_store_->put_and_presign(r.path, shown_name(r.file), r.content_type);
                if (!url) {
                    if (url.error().retryable) {
                        return jobs::outcome::Retry{"object store: " + url.error().message, {}};
                    }
                    spdlog::warn("file {} not stored: {}", r.file.id, url.error().message);
                    problems.push_back({shown_name(r.file), "the file store refused it"});
                    continue;
                }
                if (!text.empty()) text += "\n";
                text += "<" + *url + "|" + strings::escape_slack(shown_name(r.file)) + ">";
            }
        }
        if (!text.empty()) {
            auto posted = post_once(client_, route.target, text_message(*request, route, text),
                                    job.idempotency_key, job.attempts > 1);
            if (!posted) return outcome_for(posted.error());
            delivered_ts = posted->ts;
            result["recovered"] = posted->recovered;
        }
    }

    // 3. One line per file that did not make it.
    for (std::size_t i = 0; i < problems.size(); ++i) {
        const auto& p = problems[i];
        if (to_customer) {
            slack::PostEphemeral notice;
            notice.channel = context.channel.platform_channel_id;
            notice.user = request->user;
            notice.text = "Could not send " + strings::escape_slack(p.file_name) +
                          " to the customer: " + strings::escape_slack(p.reason) + ".";
            auto sent = slack::post_ephemeral(client_, support, notice);
            if (!sent) spdlog::warn("file notice not shown: {}", sent.error().describe());
        } else {
            slack::PostMessage notice;
            notice.channel = context.channel.platform_channel_id;
            notice.text = "Could not show " + strings::escape_slack(p.file_name) + " from " +
                          strings::escape_slack(route.author) + ": " +
                          strings::escape_slack(p.reason) + ".";
            auto sent =
                post_once(client_, support, std::move(notice),
                          job.idempotency_key + ":notice:" + std::to_string(i), job.attempts > 1);
            if (!sent) return outcome_for(sent.error());
        }
    }

    const Clock& clock = clock_;
    auto channel_id = context.channel.id;
    auto source_ts = request->ts;
    result["ts"] = delivered_ts;
    return done(
        std::move(result), [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            storage::Store inside(conn, clock);
            // The ts mapping lets edits and deletions follow the delivered message.
            if (!delivered_ts.empty() && !source_ts.empty()) {
                auto agent_ts = to_customer ? source_ts : delivered_ts;
                auto customer_ts = to_customer ? delivered_ts : source_ts;
                auto existing = to_customer
                                    ? inside.find_message_by_integration_id(channel_id, agent_ts)
                                    : inside.find_message_by_customer_id(channel_id, customer_ts);
                if (!existing) return unexpected(existing.error());
                if (!*existing) {
                    auto created =
                        inside.create_message(channel_id, agent_ts, customer_ts,
                                              to_customer ? storage::MessageOrigin::Agent
                                                          : storage::MessageOrigin::Customer);
                    if (!created) return unexpected(created.error());
                }
            }
            return inside.set_last_message_sent(channel_id, clock.now_millis());
        });
}

void add_file_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                       TransferSettings settings) {
    auto shared = std::make_shared<const TransferSettings>(std::move(settings));
    registry.add(kTransferFilesKind, [&db, &clock, shared] {
        return std::make_unique<TransferFilesHandler>(db, clock, *shared);
    });
}

}  // namespace megatron::commands::files
