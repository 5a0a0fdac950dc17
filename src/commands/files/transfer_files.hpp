#pragma once
// Moves the files of one message between the two workspaces, as a job:
//  1. each file is checked (declared size, type, that its URL is on Slack's file hosts or the
//     SLACK_API_URL host) and downloaded to a private temp directory with the source
//     workspace's token, the size cap enforced again while the bytes arrive;
//  2. the files that passed are delivered through the configured back end:
//     - slack: files.getUploadURLExternal + the bytes (streamed from disk) for each, then
//       one files.completeUploadExternal into the target conversation whose blocks carry the
//       text, who wrote it, and a block_id derived from the job's idempotency key;
//     - s3: each file stored under an unguessable key, and one message (posted exactly once,
//       see post_once) with the text and a presigned link per file;
//  3. every refused, missing or failed file is reported with one line naming it and why:
//     to the agent as an ephemeral message, or (customer files) in the engagement channel.
// An agent's files get the delivery marks of an agent's message (commands/delivery_marks):
// queued while slow or retrying, delivered, or failed with a note and Retry once dead.
// The text is delivered exactly once in any case (with the files, or alone when none passed).
#include "commands/command_handler.hpp"
#include "commands/files/file_jobs.hpp"
#include "commands/files/file_limits.hpp"
#include "config/config.hpp"
#include "files/object_store.hpp"
#include "jobs/handler.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <functional>
#include <memory>
#include <string>

namespace megatron::commands::files {

enum class Backend { Slack, S3 };

struct TransferSettings {
    std::string api_url;  // SLACK_API_URL
    // Asked for fresh customer-workspace credentials when Slack refuses a token; may be null.
    slack::CredentialRefresher* refresher = nullptr;
    // MEGATRON_REDACT's rules for names and text going to the support workspace; null: cards.
    const text::Redactor* redactor = nullptr;
    // Told of the handlers' Slack calls and App Commands (the metrics); empty: nobody.
    CallObservers observers;
    FileLimits limits;
    Backend backend = Backend::Slack;
    // Makes the object store for Backend::S3 (called once per worker thread's handler).
    std::function<std::unique_ptr<megatron::files::ObjectStore>()> make_object_store;
    // MEGATRON_MARKS: an agent's files get the delivery marks of an agent's message.
    config::DeliveryMarkNames marks;
};

// One transfer job (channel context loaded); `object_store` is the worker's own, made on
// first use for Backend::S3.
jobs::JobOutcome transfer_files(ChannelRun<TransferFilesJob>& run, const TransferSettings& settings,
                                std::unique_ptr<megatron::files::ObjectStore>& object_store);

// Registers files.transfer. `db` and `clock` must outlive the workers.
void add_file_handlers(jobs::HandlerRegistry& registry, storage::Database& db, const Clock& clock,
                       TransferSettings settings);

}  // namespace megatron::commands::files
