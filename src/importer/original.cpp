#include "importer/original.hpp"

#include <utility>

namespace megatron::importer {
namespace {

using storage::Row;
using storage::StorageResult;

// Reads every row of `sql` with `map`; the first failing query ends the read.
template <class T, class Map>
StorageResult<std::vector<T>> read_all(storage::Database& source, const char* sql, Map map,
                                       const std::vector<storage::Value>& params = {}) {
    auto result = source.execute(sql, params);
    if (!result) return unexpected(result.error());
    std::vector<T> out;
    out.reserve(result->rows.size());
    for (const auto& row : result->rows) out.push_back(map(row));
    return out;
}

template <class T>
StorageResult<void> read_into(StorageResult<std::vector<T>> rows, std::vector<T>& into) {
    if (!rows) return unexpected(rows.error());
    into = std::move(*rows);
    return {};
}

OriginalProfile to_profile(const Row& r) {
    return OriginalProfile{
        r.integer(0), r.integer(1),
        storage::Profile{r.text(2), r.text(3), r.optional_text(4), r.optional_text(5), r.text(6)}};
}

// The queries name every column, so a database of another shape fails here with the
// missing table or column in the error rather than mapping wrong values.
constexpr const char* kOrganizations =
    "SELECT id, organization_name, verification_token, command_url "
    "FROM megatron_megatronuser ORDER BY id";
constexpr const char* kTokens = "SELECT user_id, key FROM megatron_token ORDER BY user_id, key";
constexpr const char* kIntegrations =
    "SELECT id, megatron_user_id, platform_type, platform_id, connection_token "
    "FROM megatron_megatronintegration ORDER BY id";
constexpr const char* kWorkspaces =
    "SELECT id, name, platform_type, platform_id, domain, connection_token "
    "FROM megatron_customerworkspace ORDER BY id";
// Django stores DateTimeField as timestamptz; ours are unix milliseconds.
constexpr const char* kChannels =
    "SELECT id, megatron_user_id, megatron_integration_id, workspace_id, name, "
    "platform_channel_id, platform_user_id, "
    "CAST(FLOOR(EXTRACT(EPOCH FROM last_message_sent) * 1000) AS BIGINT), is_paused, "
    "is_archived FROM megatron_megatronchannel ORDER BY id";
constexpr const char* kUsers =
    "SELECT id, workspace_id, platform_id, username, display_name, real_name, profile_image "
    "FROM megatron_platformuser ORDER BY id";
constexpr const char* kAgents =
    "SELECT id, integration_id, platform_id, username, display_name, real_name, profile_image "
    "FROM megatron_platformagent ORDER BY id";
constexpr const char* kMessages =
    "SELECT m.id, m.megatron_channel_id, m.integration_msg_id, m.customer_msg_id "
    "FROM megatron_megatronmessage m JOIN megatron_megatronchannel c "
    "ON c.id = m.megatron_channel_id WHERE c.megatron_user_id = ? ORDER BY m.id";

}  // namespace

StorageResult<OriginalData> read_original(storage::Database& source) {
    OriginalData d;
    StorageResult<void> ok = read_into(
        read_all<OriginalOrganization>(
            source, kOrganizations,
            [](const Row& r) {
                return OriginalOrganization{r.integer(0), r.text(1), r.text(2), r.optional_text(3)};
            }),
        d.organizations);
    if (ok) {
        ok = read_into(
            read_all<OriginalToken>(source, kTokens,
                                    [](const Row& r) {
                                        return OriginalToken{r.integer(0), Secret(r.text(1))};
                                    }),
            d.tokens);
    }
    if (ok) {
        ok = read_into(read_all<OriginalIntegration>(source, kIntegrations,
                                                     [](const Row& r) {
                                                         return OriginalIntegration{
                                                             r.integer(0), r.integer(1),
                                                             static_cast<int>(r.integer(2)),
                                                             r.text(3), Secret(r.text(4))};
                                                     }),
                       d.integrations);
    }
    if (ok) {
        ok = read_into(read_all<OriginalWorkspace>(
                           source, kWorkspaces,
                           [](const Row& r) {
                               return OriginalWorkspace{
                                   r.integer(0), r.text(1), static_cast<int>(r.integer(2)),
                                   r.text(3),    r.text(4), Secret(r.text(5))};
                           }),
                       d.workspaces);
    }
    if (ok) {
        ok = read_into(read_all<OriginalChannel>(
                           source, kChannels,
                           [](const Row& r) {
                               return OriginalChannel{
                                   r.integer(0),      r.integer(1),     r.integer(2), r.integer(3),
                                   r.text(4),         r.text(5),        r.text(6),    r.integer(7),
                                   r.integer(8) != 0, r.integer(9) != 0};
                           }),
                       d.channels);
    }
    if (ok) ok = read_into(read_all<OriginalProfile>(source, kUsers, to_profile), d.users);
    if (ok) ok = read_into(read_all<OriginalProfile>(source, kAgents, to_profile), d.agents);
    if (!ok) return unexpected(ok.error());
    return d;
}

StorageResult<std::vector<OriginalMessage>> read_messages(storage::Database& source,
                                                          std::int64_t organization_id) {
    return read_all<OriginalMessage>(source, kMessages,
                                     [](const Row& r) {
                                         return OriginalMessage{r.integer(0), r.integer(1),
                                                                r.optional_text(2),
                                                                r.optional_text(3)};
                                     },
                                     {organization_id});
}

}  // namespace megatron::importer
