// The Store's part for what agents see (issue 19): delivery marks.
#include "storage/store.hpp"

namespace megatron::storage {
namespace {

constexpr const char* kSelectDeliveryMark =
    "SELECT job_key, job_id, channel_id, agent_ts, shown, note_ts, retried_by "
    "FROM delivery_marks WHERE ";

StorageResult<std::optional<DeliveryMark>> first_delivery_mark(StorageResult<Result> found) {
    if (!found) return unexpected(found.error());
    if (found->rows.empty()) return std::optional<DeliveryMark>{};
    const auto& row = found->rows.front();
    return std::optional<DeliveryMark>{DeliveryMark{row.text(0), row.integer(1), row.integer(2),
                                                    row.text(3), row.text(4), row.text(5),
                                                    row.text(6)}};
}

}  // namespace

StorageResult<std::optional<DeliveryMark>> Store::find_delivery_mark(const std::string& job_key) {
    return first_delivery_mark(
        execute(std::string(kSelectDeliveryMark) + "job_key = ?", {job_key}));
}

StorageResult<std::optional<DeliveryMark>> Store::find_delivery_mark_by_job(std::int64_t job_id) {
    return first_delivery_mark(execute(std::string(kSelectDeliveryMark) + "job_id = ?", {job_id}));
}

StorageResult<void> Store::save_delivery_mark(const DeliveryMark& mark) {
    auto saved = execute(
        "INSERT INTO delivery_marks (job_key, job_id, channel_id, agent_ts, shown, note_ts, "
        "retried_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (job_key) DO UPDATE SET job_id = excluded.job_id, shown = excluded.shown, "
        "note_ts = excluded.note_ts, updated_at = excluded.updated_at",
        {mark.job_key, mark.job_id, mark.channel_id, mark.agent_ts, mark.shown, mark.note_ts,
         mark.retried_by, now()});
    if (!saved) return unexpected(saved.error());
    return {};
}

StorageResult<void> Store::set_delivery_retried_by(std::int64_t job_id,
                                                   const std::string& agent_id) {
    auto set = execute("UPDATE delivery_marks SET retried_by = ?, updated_at = ? WHERE job_id = ?",
                       {agent_id, now(), job_id});
    if (!set) return unexpected(set.error());
    return {};
}

}  // namespace megatron::storage
