#include "commands/delivery_marks.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <array>
#include <cstdlib>
#include <utility>

namespace megatron::commands {
namespace {

namespace json = boost::json;

// Slack's error names (SlackError::describe() starts "slack <method> failed: <name>") and
// what they mean for the customer's copy, in the agent's words.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kReasons{{
    {"token_revoked", "the customer's workspace revoked the bot's token"},
    {"invalid_auth", "the customer's workspace revoked the bot's token"},
    {"token_expired", "the customer's workspace revoked the bot's token"},
    {"account_inactive", "the customer's workspace revoked the bot's token"},
    {"not_authed", "the customer's workspace revoked the bot's token"},
    {"missing_scope", "the bot is not allowed to do this in the customer's workspace"},
    {"channel_not_found", "the customer's conversation with the bot is gone"},
    {"is_archived", "the customer's conversation with the bot is gone"},
    {"user_not_found", "the customer's account is gone"},
    {"msg_too_long", "the message is too long for Slack"},
    {"too_many_attachments", "the message has too many attachments for Slack"},
    {"invalid_blocks", "Slack refused the message's formatting"},
    {"cant_update_message", "Slack no longer lets the bot change the customer's copy"},
    {"file_uploads_disabled", "the customer's workspace does not take files"},
}};

}  // namespace

std::string plain_reason(const std::string& error) {
    auto at = error.find("failed: ");
    std::string_view name =
        at == std::string::npos ? std::string_view(error) : std::string_view(error).substr(at + 8);
    for (const auto& [code, words] : kReasons) {
        if (name.find(code) != std::string_view::npos) {
            return std::string(words);
        }
    }
    return "Slack did not take it (" + std::string(name.substr(0, name.find_first_of(" ,("))) + ")";
}

std::string failure_note_text(const std::string& reason) {
    return "Not delivered to the customer: " + reason + ".";
}

json::array failure_note_blocks(const std::string& reason, std::int64_t job_id) {
    return {json::object{{"type", "section"},
                         {"text", {{"type", "mrkdwn"}, {"text", failure_note_text(reason)}}}},
            slack::blocks::retry_delivery_block(job_id)};
}

std::string retried_note_text(const std::string& agent_id) {
    if (agent_id.empty()) return "Delivered to the customer after a retry.";
    return "Delivered to the customer after <@" + agent_id + "> retried it.";
}

DeliveryMarks::DeliveryMarks(MarkedJob job, const config::DeliveryMarkNames& names,
                             std::string marked_ts)
    : run_(std::move(job)), names_(names), marked_ts_(std::move(marked_ts)) {}

std::chrono::milliseconds DeliveryMarks::age() const {
    // The message's ts is Slack's wall-clock time, so it is compared with the wall clock
    // (not Megatron's clock, which tests move forward).
    auto written_ms =
        static_cast<std::int64_t>(std::strtod(run_.written_ts.c_str(), nullptr) * 1000);
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    return std::chrono::milliseconds(written_ms > 0 ? now_ms - written_ms : 0);
}

storage::DeliveryMark& DeliveryMarks::record() {
    if (record_) return *record_;
    auto found = run_.store.find_delivery_mark(run_.job.idempotency_key);
    if (!found) {
        spdlog::warn("delivery marks: cannot read the marks of job {}: {}", run_.job.id,
                     found.error().message);
    }
    if (found && *found) {
        record_ = std::move(**found);
    } else {
        record_ = storage::DeliveryMark{
            run_.job.idempotency_key, run_.job.id, run_.context.channel.id, marked_ts_, "", "", ""};
    }
    record_->job_id = run_.job.id;
    return *record_;
}

void DeliveryMarks::save() {
    auto saved = run_.store.save_delivery_mark(record());
    if (!saved) {
        spdlog::warn("delivery marks: cannot store the marks of job {}: {}", run_.job.id,
                     saved.error().message);
    }
}

std::string DeliveryMarks::emoji(const std::string& mark) const {
    if (mark == kMarkQueued) return names_.queued;
    if (mark == kMarkFailed) return names_.failed;
    return names_.delivered;
}

void DeliveryMarks::show(const std::string& mark) {
    auto& stored = record();
    if (stored.shown == mark) return;
    if (names_.enabled && !marked_ts_.empty()) {
        const slack::Credentials support{run_.context.integration.bot_token, {}};
        slack::Reaction reaction{run_.context.channel.platform_channel_id, marked_ts_, ""};
        if (!stored.shown.empty()) {
            reaction.name = emoji(stored.shown);
            auto removed = slack::remove_reaction(run_.slack, support, reaction);
            if (!removed) spdlog::warn("delivery marks: {}", removed.error().describe());
        }
        reaction.name = emoji(mark);
        auto added = slack::add_reaction(run_.slack, support, reaction);
        if (!added) spdlog::warn("delivery marks: {}", added.error().describe());
    }
    stored.shown = mark;
    save();
}

void DeliveryMarks::before_attempt() {
    if (age() >= kQueuedMarkAfter) show(kMarkQueued);
}

void DeliveryMarks::retrying(std::chrono::milliseconds delay) {
    if (age() + delay >= kQueuedMarkAfter) show(kMarkQueued);
}

void DeliveryMarks::delivered() {
    // The common case: a first attempt that was quick. Nothing to take away, nothing stored.
    if (!record_ && run_.job.attempts <= 1) {
        if (!names_.enabled || marked_ts_.empty()) return;
        auto added = slack::add_reaction(
            run_.slack, {run_.context.integration.bot_token, {}},
            {run_.context.channel.platform_channel_id, marked_ts_, names_.delivered});
        if (!added) spdlog::warn("delivery marks: {}", added.error().describe());
        return;
    }
    show(kMarkDelivered);
    auto& stored = record();
    if (stored.note_ts.empty()) return;
    slack::UpdateMessage note;
    note.channel = run_.context.channel.platform_channel_id;
    note.ts = stored.note_ts;
    note.text = retried_note_text(stored.retried_by);
    note.blocks = json::array{};  // the Retry button goes
    auto updated =
        slack::update_message(run_.slack, {run_.context.integration.bot_token, {}}, note);
    if (!updated) spdlog::warn("delivery marks: {}", updated.error().describe());
}

void DeliveryMarks::failed(const std::string& error) {
    show(kMarkFailed);
    auto& stored = record();
    const auto reason = plain_reason(error);
    const slack::Credentials support{run_.context.integration.bot_token, {}};
    auto& client = run_.slack;
    if (!stored.note_ts.empty()) {
        // A retry failed again: the same note says so, with a fresh Retry button.
        slack::UpdateMessage note;
        note.channel = run_.context.channel.platform_channel_id;
        note.ts = stored.note_ts;
        note.text = failure_note_text(reason);
        note.blocks = failure_note_blocks(reason, run_.job.id);
        auto updated = slack::update_message(client, support, note);
        if (!updated) spdlog::warn("delivery marks: {}", updated.error().describe());
        return;
    }
    slack::PostMessage note;
    note.channel = run_.context.channel.platform_channel_id;
    note.thread_ts = marked_ts_;  // a deleted message's note goes into the channel
    // Threads mode: the engagement's thread (a reply's ts is not a thread of its own).
    if (run_.context.channel.is_thread()) note.thread_ts = run_.context.channel.thread_ts;
    note.text = failure_note_text(reason);
    note.blocks = failure_note_blocks(reason, run_.job.id);
    auto posted = slack::post_message(client, support, note);
    if (!posted) {
        spdlog::warn("delivery marks: {}", posted.error().describe());
        return;
    }
    stored.note_ts = posted->ts;
    save();
}

}  // namespace megatron::commands
