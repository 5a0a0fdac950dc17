#include "storage/store.hpp"

#include "storage/secret_columns.hpp"
#include "util/crypto.hpp"

#include <type_traits>

#include <fmt/format.h>

#include <array>
#include <utility>

namespace megatron::storage {
namespace {

using Params = std::vector<Value>;

// Sizes of the generated secrets, as the original: a 40-hex DRF-style API token and a
// 24-hex verification token.
constexpr std::size_t kApiTokenBytes = 20;
constexpr std::size_t kVerificationTokenBytes = 12;

Value nullable(const std::optional<std::string>& v) {
    return v ? Value{*v} : Value{std::monostate{}};
}
Value integer(std::int64_t v) {
    return Value{v};
}
Value flag(bool v) {
    return Value{std::int64_t{v ? 1 : 0}};
}

StorageError not_found(std::string_view what) {
    return StorageError{StorageError::Kind::NotFound, fmt::format("{} not found", what)};
}

template <class T, class Map>
StorageResult<T> exactly_one(StorageResult<Result> r, Map map, std::string_view what) {
    if (!r) return unexpected(r.error());
    if (r->rows.empty()) return unexpected(not_found(what));
    return map(r->rows.front());
}

template <class T, class Map>
StorageResult<std::optional<T>> at_most_one(StorageResult<Result> r, Map map) {
    if (!r) return unexpected(r.error());
    if (r->rows.empty()) return std::optional<T>{};
    return std::optional<T>{map(r->rows.front())};
}

template <class T, class Map>
StorageResult<std::vector<T>> all(StorageResult<Result> r, Map map) {
    if (!r) return unexpected(r.error());
    std::vector<T> out;
    out.reserve(r->rows.size());
    for (const auto& row : r->rows) out.push_back(map(row));
    return out;
}

StorageResult<void> changed_one(StorageResult<Result> r, std::string_view what) {
    if (!r) return unexpected(r.error());
    if (r->affected == 0) return unexpected(not_found(what));
    return {};
}

// Column lists and the matching row readers, one pair per table.
constexpr const char* kOrganizationColumns =
    "id, name, verification_token, command_url, created_at";
Organization to_organization(const Row& r) {
    return Organization{r.integer(0), r.text(1), r.text(2), r.optional_text(3), r.integer(4)};
}

constexpr const char* kIntegrationColumns =
    "id, organization_id, platform_type, team_id, bot_token, created_at";
Integration to_integration(const Row& r) {
    return Integration{r.integer(0), r.integer(1),      static_cast<PlatformType>(r.integer(2)),
                       r.text(3),    Secret(r.text(4)), r.integer(5)};
}

constexpr const char* kWorkspaceColumns =
    "id, organization_id, name, platform_type, platform_id, domain, bot_token, created_at";
CustomerWorkspace to_workspace(const Row& r) {
    return CustomerWorkspace{
        r.integer(0), r.integer(1), r.text(2),         static_cast<PlatformType>(r.integer(3)),
        r.text(4),    r.text(5),    Secret(r.text(6)), r.integer(7)};
}

constexpr const char* kChannelColumns =
    "id, organization_id, integration_id, workspace_id, name, platform_channel_id, "
    "platform_user_id, last_message_sent, is_paused, is_archived, paused_reminder_sent_at, "
    "not_paused_warning_at, created_at, thread_ts, paused_by";
// A thread engagement's platform_channel_id column holds "<channel>/<thread ts>" (unique per
// thread: core migration 50); callers see the channel and the thread apart.
std::string stored_channel_key(const std::string& channel_id, const std::string& thread_ts) {
    return thread_ts.empty() ? channel_id : channel_id + "/" + thread_ts;
}
Value nullable_text(const std::string& v) {
    return v.empty() ? Value{std::monostate{}} : Value{v};
}
Channel to_channel(const Row& r) {
    Channel c;
    c.id = r.integer(0);
    c.organization_id = r.integer(1);
    c.integration_id = r.integer(2);
    c.workspace_id = r.integer(3);
    c.name = r.text(4);
    c.platform_channel_id = r.text(5);
    c.platform_user_id = r.text(6);
    c.last_message_sent = r.integer(7);
    c.is_paused = r.integer(8) != 0;
    c.is_archived = r.integer(9) != 0;
    c.paused_reminder_sent_at = r.optional_integer(10);
    c.not_paused_warning_at = r.optional_integer(11);
    c.created_at = r.integer(12);
    c.thread_ts = r.optional_text(13).value_or("");
    c.paused_by = r.text(14);
    if (c.is_thread())
        c.platform_channel_id = c.platform_channel_id.substr(0, c.platform_channel_id.find('/'));
    return c;
}

constexpr const char* kMessageColumns =
    "id, channel_id, integration_msg_id, customer_msg_id, created_at, origin";
constexpr std::array<std::pair<MessageOrigin, const char*>, 3> kOriginNames = {
    {{MessageOrigin::Agent, "agent"},
     {MessageOrigin::Customer, "customer"},
     {MessageOrigin::Bot, "bot"}}};
std::optional<std::string> origin_text(MessageOrigin origin) {
    for (auto [value, name] : kOriginNames) {
        if (value == origin) return std::string(name);
    }
    return std::nullopt;
}
MessageOrigin origin_of(const std::optional<std::string>& text) {
    for (auto [value, name] : kOriginNames) {
        if (text == name) return value;
    }
    return MessageOrigin::Unknown;
}
Message to_message(const Row& r) {
    return Message{r.integer(0),       r.integer(1), r.optional_text(2),
                   r.optional_text(3), r.integer(4), origin_of(r.optional_text(5))};
}

// platform_users and platform_agents share a shape; only the owner column differs.
constexpr const char* kProfileColumns =
    "id, {owner}, platform_id, username, display_name, real_name, profile_image, updated_at";
Profile to_profile(const Row& r) {
    return Profile{r.text(2), r.text(3), r.optional_text(4), r.optional_text(5), r.text(6)};
}
PlatformUser to_platform_user(const Row& r) {
    return PlatformUser{r.integer(0), r.integer(1), to_profile(r), r.integer(7)};
}
PlatformAgent to_platform_agent(const Row& r) {
    return PlatformAgent{r.integer(0), r.integer(1), to_profile(r), r.integer(7)};
}

struct ProfileTable {
    const char* table;
    const char* owner;
};
constexpr ProfileTable kUsers{"platform_users", "workspace_id"};
constexpr ProfileTable kAgents{"platform_agents", "integration_id"};

std::string profile_columns(const ProfileTable& t) {
    return fmt::format(fmt::runtime(kProfileColumns), fmt::arg("owner", t.owner));
}

std::string upsert_profile_sql(const ProfileTable& t) {
    return fmt::format(
        "INSERT INTO {0} ({1}, platform_id, username, display_name, real_name, profile_image, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT ({1}, platform_id) DO UPDATE SET username = excluded.username, "
        "display_name = excluded.display_name, real_name = excluded.real_name, "
        "profile_image = excluded.profile_image, updated_at = excluded.updated_at "
        "RETURNING {2}",
        t.table, t.owner, profile_columns(t));
}

Params profile_params(std::int64_t owner, const Profile& p, std::int64_t now) {
    return {owner,
            p.platform_id,
            p.username,
            nullable(p.display_name),
            nullable(p.real_name),
            p.profile_image,
            now};
}

// The secret columns of a row read back, opened (secret_columns.hpp).
StorageResult<void> open_secrets(const crypto::KeyRing* ring, Organization& o) {
    auto plain = open_secret(ring, o.verification_token, kVerificationTokenColumn);
    if (!plain) return unexpected(plain.error());
    o.verification_token = std::move(*plain);
    return {};
}
template <class Row>
requires std::is_same_v<Row, Integration> || std::is_same_v<Row, CustomerWorkspace>
    StorageResult<void> open_secrets(const crypto::KeyRing* ring, Row& row) {
    const auto& column =
        std::is_same_v<Row, Integration> ? kIntegrationTokenColumn : kWorkspaceTokenColumn;
    auto plain = open_secret(ring, row.bot_token.reveal(), column);
    if (!plain) return unexpected(plain.error());
    row.bot_token = Secret(std::move(*plain));
    return {};
}

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// A repository answer (one row, an optional row or a list) with its secrets opened.
template <class T>
StorageResult<T> opened(const crypto::KeyRing* ring, StorageResult<T> r) {
    if (!r) return r;
    StorageResult<void> ok;
    if constexpr (IsOptional<T>::value) {
        if (*r) ok = open_secrets(ring, **r);
    } else if constexpr (IsVector<T>::value) {
        for (auto& row : *r) {
            ok = open_secrets(ring, row);
            if (!ok) break;
        }
    } else {
        ok = open_secrets(ring, *r);
    }
    if (!ok) return unexpected(ok.error());
    return r;
}

StorageResult<void> insert_token(Connection& conn, std::int64_t organization_id,
                                 const std::string& plaintext, std::int64_t now) {
    auto r = conn.execute(
        "INSERT INTO api_tokens (organization_id, token_hash, created_at) VALUES (?, ?, ?)",
        {organization_id, crypto::sha256_hex(plaintext), now});
    if (!r) return unexpected(r.error());
    return {};
}

}  // namespace

Store::Store(Database& db) : db_(&db), clock_(&system_clock_) {}
Store::Store(Database& db, const Clock& clock) : db_(&db), clock_(&clock) {}
Store::Store(Connection& conn) : conn_(&conn), clock_(&system_clock_) {}
Store::Store(Connection& conn, const Clock& clock) : conn_(&conn), clock_(&clock) {}

const crypto::KeyRing* Store::ring() const {
    return conn_ != nullptr ? conn_->key_ring() : db_->key_ring();
}

StorageResult<Result> Store::execute(std::string_view sql, const std::vector<Value>& params) {
    return conn_ != nullptr ? conn_->execute(sql, params) : db_->execute(sql, params);
}

StorageResult<void> Store::transaction(
    const std::function<StorageResult<void>(Connection&)>& work) {
    // On a connection the caller's transaction is already open: join it.
    return conn_ != nullptr ? work(*conn_) : db_->transaction(work);
}

// --- organizations ---------------------------------------------------------------------------

StorageResult<CreatedOrganization> Store::create_organization(
    const std::string& name, const std::optional<std::string>& command_url) {
    CreatedOrganization created;
    auto outcome = transaction([&](Connection& conn) -> StorageResult<void> {
        const std::int64_t now = this->now();
        auto org = opened(
            ring(), exactly_one<Organization>(
                        conn.execute(
                            fmt::format("INSERT INTO organizations (name, verification_token, "
                                        "command_url, created_at) VALUES (?, ?, ?, ?) RETURNING {}",
                                        kOrganizationColumns),
                            {name,
                             seal_secret(ring(), crypto::random_hex(kVerificationTokenBytes),
                                         kVerificationTokenColumn),
                             nullable(command_url), now}),
                        to_organization, "organization"));
        if (!org) return unexpected(org.error());
        Secret token(crypto::random_hex(kApiTokenBytes));
        if (auto ok = insert_token(conn, org->id, token.reveal(), now); !ok) return ok;
        created = CreatedOrganization{std::move(*org), std::move(token)};
        return {};
    });
    if (!outcome) return unexpected(outcome.error());
    return created;
}

StorageResult<Organization> Store::organization(std::int64_t id) {
    return opened(
        ring(),
        exactly_one<Organization>(
            execute(fmt::format("SELECT {} FROM organizations WHERE id = ?", kOrganizationColumns),
                    {id}),
            to_organization, "organization"));
}

StorageResult<std::optional<Organization>> Store::find_organization_by_name(
    const std::string& name) {
    return opened(ring(), at_most_one<Organization>(
                              execute(fmt::format("SELECT {} FROM organizations WHERE name = ?",
                                                  kOrganizationColumns),
                                      {name}),
                              to_organization));
}

StorageResult<std::vector<Organization>> Store::organizations() {
    return opened(ring(),
                  all<Organization>(execute(fmt::format("SELECT {} FROM organizations ORDER BY id",
                                                        kOrganizationColumns)),
                                    to_organization));
}

StorageResult<std::optional<Organization>> Store::organization_for_token(
    const std::string& plaintext) {
    if (plaintext.empty()) return std::optional<Organization>{};
    // Looked up by hash: the index does the comparison, and the plaintext is never stored.
    return opened(
        ring(),
        at_most_one<Organization>(
            execute("SELECT o.id, o.name, o.verification_token, o.command_url, o.created_at "
                    "FROM api_tokens t JOIN organizations o ON o.id = t.organization_id "
                    "WHERE t.token_hash = ?",
                    {crypto::sha256_hex(plaintext)}),
            to_organization));
}

StorageResult<Secret> Store::rotate_token(std::int64_t organization_id) {
    Secret token(crypto::random_hex(kApiTokenBytes));
    auto outcome = transaction([&](Connection& conn) -> StorageResult<void> {
        auto exists = conn.execute("SELECT id FROM organizations WHERE id = ?", {organization_id});
        if (!exists) return unexpected(exists.error());
        if (exists->rows.empty()) return unexpected(not_found("organization"));
        auto removed =
            conn.execute("DELETE FROM api_tokens WHERE organization_id = ?", {organization_id});
        if (!removed) return unexpected(removed.error());
        return insert_token(conn, organization_id, token.reveal(), now());
    });
    if (!outcome) return unexpected(outcome.error());
    return token;
}

StorageResult<void> Store::set_command_url(std::int64_t organization_id,
                                           const std::optional<std::string>& command_url) {
    return changed_one(execute("UPDATE organizations SET command_url = ? WHERE id = ?",
                               {nullable(command_url), organization_id}),
                       "organization");
}

StorageResult<void> Store::set_verification_token(std::int64_t organization_id,
                                                  const std::string& verification_token) {
    return changed_one(execute("UPDATE organizations SET verification_token = ? WHERE id = ?",
                               {seal_secret(ring(), verification_token, kVerificationTokenColumn),
                                organization_id}),
                       "organization");
}

StorageResult<void> Store::delete_organization(std::int64_t organization_id) {
    return changed_one(execute("DELETE FROM organizations WHERE id = ?", {organization_id}),
                       "organization");
}

// --- integrations ----------------------------------------------------------------------------

StorageResult<Integration> Store::create_integration(std::int64_t organization_id,
                                                     PlatformType platform_type,
                                                     const std::string& team_id,
                                                     const Secret& bot_token) {
    return opened(
        ring(),
        exactly_one<Integration>(
            execute(fmt::format("INSERT INTO integrations (organization_id, platform_type, "
                                "team_id, bot_token, created_at) VALUES (?, ?, ?, ?, ?) "
                                "RETURNING {}",
                                kIntegrationColumns),
                    {organization_id, integer(static_cast<int>(platform_type)), team_id,
                     seal_secret(ring(), bot_token.reveal(), kIntegrationTokenColumn), now()}),
            to_integration, "integration"));
}

StorageResult<Integration> Store::integration(std::int64_t id) {
    return opened(
        ring(),
        exactly_one<Integration>(
            execute(fmt::format("SELECT {} FROM integrations WHERE id = ?", kIntegrationColumns),
                    {id}),
            to_integration, "integration"));
}

StorageResult<std::optional<Integration>> Store::find_integration(PlatformType platform_type,
                                                                  const std::string& team_id) {
    return opened(ring(),
                  at_most_one<Integration>(
                      execute(fmt::format("SELECT {} FROM integrations WHERE platform_type = ? AND "
                                          "team_id = ?",
                                          kIntegrationColumns),
                              {integer(static_cast<int>(platform_type)), team_id}),
                      to_integration));
}

StorageResult<std::vector<Integration>> Store::integrations_for(std::int64_t organization_id) {
    return opened(
        ring(),
        all<Integration>(
            execute(fmt::format("SELECT {} FROM integrations WHERE organization_id = ? ORDER BY id",
                                kIntegrationColumns),
                    {organization_id}),
            to_integration));
}

StorageResult<void> Store::set_integration_token(std::int64_t id, const Secret& bot_token) {
    return changed_one(
        execute("UPDATE integrations SET bot_token = ? WHERE id = ?",
                {seal_secret(ring(), bot_token.reveal(), kIntegrationTokenColumn), id}),
        "integration");
}

StorageResult<void> Store::delete_integration(std::int64_t id) {
    return changed_one(execute("DELETE FROM integrations WHERE id = ?", {id}), "integration");
}

// --- customer workspaces ---------------------------------------------------------------------

StorageResult<CustomerWorkspace> Store::upsert_workspace(std::int64_t organization_id,
                                                         const WorkspaceRegistration& reg) {
    // The WHERE on the update leaves another organization's workspace alone; then no row
    // comes back, which is the Conflict.
    auto r = execute(
        fmt::format("INSERT INTO customer_workspaces (organization_id, name, platform_type, "
                    "platform_id, domain, bot_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (platform_type, platform_id) DO UPDATE SET name = excluded.name, "
                    "domain = excluded.domain, bot_token = excluded.bot_token "
                    "WHERE customer_workspaces.organization_id = excluded.organization_id "
                    "RETURNING {}",
                    kWorkspaceColumns),
        {organization_id, reg.name, integer(static_cast<int>(reg.platform_type)), reg.platform_id,
         reg.domain, seal_secret(ring(), reg.bot_token.reveal(), kWorkspaceTokenColumn), now()});
    if (!r) return unexpected(r.error());
    if (r->rows.empty()) {
        return unexpected(StorageError{StorageError::Kind::Conflict,
                                       "workspace is registered to another organization"});
    }
    return opened(ring(), StorageResult<CustomerWorkspace>(to_workspace(r->rows.front())));
}

StorageResult<CustomerWorkspace> Store::workspace(std::int64_t id) {
    return opened(ring(), exactly_one<CustomerWorkspace>(
                              execute(fmt::format("SELECT {} FROM customer_workspaces WHERE id = ?",
                                                  kWorkspaceColumns),
                                      {id}),
                              to_workspace, "workspace"));
}

StorageResult<std::optional<CustomerWorkspace>> Store::find_workspace(
    PlatformType platform_type, const std::string& platform_id) {
    return opened(
        ring(),
        at_most_one<CustomerWorkspace>(
            execute(fmt::format("SELECT {} FROM customer_workspaces WHERE platform_type = ? AND "
                                "platform_id = ?",
                                kWorkspaceColumns),
                    {integer(static_cast<int>(platform_type)), platform_id}),
            to_workspace));
}

StorageResult<std::vector<CustomerWorkspace>> Store::workspaces_for(std::int64_t organization_id) {
    return opened(
        ring(),
        all<CustomerWorkspace>(
            execute(fmt::format("SELECT {} FROM customer_workspaces WHERE organization_id = ? "
                                "ORDER BY id",
                                kWorkspaceColumns),
                    {organization_id}),
            to_workspace));
}

StorageResult<void> Store::delete_workspace(std::int64_t id) {
    return changed_one(execute("DELETE FROM customer_workspaces WHERE id = ?", {id}), "workspace");
}

// --- channels --------------------------------------------------------------------------------

StorageResult<Channel> Store::create_channel(const NewChannel& c) {
    const std::int64_t now = this->now();
    return exactly_one<Channel>(
        execute(fmt::format("INSERT INTO channels (organization_id, integration_id, "
                            "workspace_id, name, platform_channel_id, platform_user_id, "
                            "last_message_sent, created_at, thread_ts) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {}",
                            kChannelColumns),
                {c.organization_id, c.integration_id, c.workspace_id, c.name,
                 stored_channel_key(c.platform_channel_id, c.thread_ts), c.platform_user_id,
                 c.last_message_sent != 0 ? c.last_message_sent : now, now,
                 nullable_text(c.thread_ts)}),
        to_channel, "channel");
}

StorageResult<UpsertedChannel> Store::upsert_channel(const NewChannel& c) {
    UpsertedChannel out;
    auto outcome = transaction([&](Connection& conn) -> StorageResult<void> {
        Store inside(conn, *clock_);
        auto existing = inside.find_channel_for_customer(c.workspace_id, c.platform_user_id);
        if (!existing) return unexpected(existing.error());
        if (!existing->has_value()) {
            auto created = inside.create_channel(c);
            if (!created) return unexpected(created.error());
            out = UpsertedChannel{std::move(*created), true};
            return {};
        }
        if ((*existing)->organization_id != c.organization_id) {
            return unexpected(StorageError{StorageError::Kind::Conflict,
                                           "customer's channel belongs to another organization"});
        }
        auto updated = exactly_one<Channel>(
            conn.execute(fmt::format("UPDATE channels SET name = ?, platform_channel_id = ?, "
                                     "integration_id = ?, thread_ts = ? WHERE id = ? RETURNING {}",
                                     kChannelColumns),
                         {c.name, stored_channel_key(c.platform_channel_id, c.thread_ts),
                          c.integration_id, nullable_text(c.thread_ts), (*existing)->id}),
            to_channel, "channel");
        if (!updated) return unexpected(updated.error());
        out = UpsertedChannel{std::move(*updated), false};
        return {};
    });
    if (!outcome) return unexpected(outcome.error());
    return out;
}

StorageResult<Channel> Store::channel(std::int64_t id) {
    return exactly_one<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE id = ?", kChannelColumns), {id}),
        to_channel, "channel");
}

StorageResult<std::optional<Channel>> Store::find_channel_for_customer(
    std::int64_t workspace_id, const std::string& platform_user_id) {
    return at_most_one<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE workspace_id = ? AND "
                            "platform_user_id = ?",
                            kChannelColumns),
                {workspace_id, platform_user_id}),
        to_channel);
}

StorageResult<std::optional<Channel>> Store::find_channel_for_organization_customer(
    std::int64_t organization_id, const std::string& platform_user_id) {
    // A bot app names only the customer's user id; an open channel wins over an archived
    // one, then the most recently used.
    return at_most_one<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE organization_id = ? AND "
                            "platform_user_id = ? ORDER BY is_archived ASC, "
                            "last_message_sent DESC, id DESC LIMIT 1",
                            kChannelColumns),
                {organization_id, platform_user_id}),
        to_channel);
}

StorageResult<std::optional<Channel>> Store::find_channel_by_platform_channel(
    std::int64_t integration_id, const std::string& platform_channel_id) {
    // Uniqueness is per customer workspace (as the original), so in theory two workspaces
    // could share a support channel id; the newest channel wins.
    return at_most_one<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE integration_id = ? AND "
                            "platform_channel_id = ? ORDER BY id DESC LIMIT 1",
                            kChannelColumns),
                {integration_id, platform_channel_id}),
        to_channel);
}

StorageResult<std::vector<Channel>> Store::channels_for(std::int64_t organization_id) {
    return all<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE organization_id = ? ORDER BY id",
                            kChannelColumns),
                {organization_id}),
        to_channel);
}

StorageResult<std::vector<Channel>> Store::paused_channels(
    std::optional<std::int64_t> last_message_before) {
    if (last_message_before) {
        return all<Channel>(
            execute(fmt::format("SELECT {} FROM channels WHERE is_paused = 1 AND "
                                "is_archived = 0 AND last_message_sent <= ? ORDER BY id",
                                kChannelColumns),
                    {*last_message_before}),
            to_channel);
    }
    return all<Channel>(execute(fmt::format("SELECT {} FROM channels WHERE is_paused = 1 AND "
                                            "is_archived = 0 ORDER BY id",
                                            kChannelColumns)),
                        to_channel);
}

StorageResult<std::vector<Channel>> Store::idle_channels(std::int64_t last_message_before) {
    return all<Channel>(execute(fmt::format("SELECT {} FROM channels WHERE is_archived = 0 AND "
                                            "last_message_sent <= ? ORDER BY id",
                                            kChannelColumns),
                                {last_message_before}),
                        to_channel);
}

StorageResult<void> Store::set_paused(std::int64_t channel_id, bool paused) {
    auto changed =
        changed_one(execute("UPDATE channels SET is_paused = ?, paused_reminder_sent_at = "
                            "NULL, not_paused_warning_at = NULL, paused_by = '' WHERE id = ?",
                            {flag(paused), channel_id}),
                    "channel");
    if (!changed) return changed;
    // Hand-back's timer (issue 19) starts with the pause and ends with it.
    if (paused) return restart_hand_back(channel_id, now());
    auto stopped = execute("DELETE FROM hand_backs WHERE channel_id = ?", {channel_id});
    if (!stopped) return unexpected(stopped.error());
    return {};
}

StorageResult<void> Store::set_archived(std::int64_t channel_id, bool archived) {
    // archived_at: when retention may prune what the closed channel leaves (docs/data.md).
    return changed_one(
        execute("UPDATE channels SET is_archived = ?, archived_at = ? WHERE id = ?",
                {flag(archived), archived ? Value{now()} : Value{std::monostate{}}, channel_id}),
        "channel");
}

StorageResult<void> Store::set_last_message_sent(std::int64_t channel_id, std::int64_t at) {
    return changed_one(
        execute("UPDATE channels SET last_message_sent = ? WHERE id = ?", {at, channel_id}),
        "channel");
}

StorageResult<void> Store::touch_last_message_sent(std::int64_t channel_id, std::int64_t at) {
    auto r =
        execute("UPDATE channels SET last_message_sent = ? WHERE id = ? AND last_message_sent < ?",
                {at, channel_id, at - kActivityGranularityMs});
    if (!r) return unexpected(r.error());
    return {};
}

StorageResult<void> Store::mark_paused_reminder_sent(std::int64_t channel_id, std::int64_t at) {
    return changed_one(
        execute("UPDATE channels SET paused_reminder_sent_at = ? WHERE id = ?", {at, channel_id}),
        "channel");
}

StorageResult<void> Store::mark_not_paused_warning(std::int64_t channel_id, std::int64_t at) {
    return changed_one(
        execute("UPDATE channels SET not_paused_warning_at = ? WHERE id = ?", {at, channel_id}),
        "channel");
}

StorageResult<void> Store::delete_channel(std::int64_t channel_id) {
    return changed_one(execute("DELETE FROM channels WHERE id = ?", {channel_id}), "channel");
}

// --- threads mode ----------------------------------------------------------------------------

namespace {

constexpr std::array<std::pair<EngagementMode, const char*>, 2> kModeNames = {
    {{EngagementMode::Channels, "channels"}, {EngagementMode::Threads, "threads"}}};

}  // namespace

StorageResult<EngagementSettings> Store::engagement_settings(std::int64_t organization_id) {
    return exactly_one<EngagementSettings>(
        execute("SELECT engagement_mode, support_channel, note_prefix FROM organizations "
                "WHERE id = ?",
                {organization_id}),
        [](const Row& r) {
            EngagementSettings settings;
            for (const auto& [mode, name] : kModeNames) {
                if (r.text(0) == name) settings.mode = mode;
            }
            settings.support_channel = r.text(1);
            settings.note_prefix = r.text(2);
            return settings;
        },
        "organization");
}

StorageResult<void> Store::set_engagement_settings(std::int64_t organization_id,
                                                   const EngagementSettings& settings) {
    std::string mode = "channels";
    for (const auto& [m, name] : kModeNames) {
        if (m == settings.mode) mode = name;
    }
    return changed_one(
        execute("UPDATE organizations SET engagement_mode = ?, support_channel = ?, "
                "note_prefix = ? WHERE id = ?",
                {mode, settings.support_channel, settings.note_prefix, organization_id}),
        "organization");
}

StorageResult<std::optional<Channel>> Store::find_engagement_thread(std::int64_t integration_id,
                                                                    const std::string& channel_id,
                                                                    const std::string& thread_ts) {
    if (thread_ts.empty()) return std::optional<Channel>{};
    return find_channel_by_platform_channel(integration_id,
                                            stored_channel_key(channel_id, thread_ts));
}

StorageResult<std::optional<Channel>> Store::find_engagement_of_message(
    std::int64_t integration_id, const std::string& channel_id, const std::string& ts) {
    // The thread's parent is the engagement's own key; a reply is found by its mapping.
    auto parent = find_engagement_thread(integration_id, channel_id, ts);
    if (!parent || *parent) return parent;
    return at_most_one<Channel>(
        execute(fmt::format("SELECT {} FROM channels WHERE id = (SELECT m.channel_id FROM "
                            "messages m JOIN channels c ON c.id = m.channel_id WHERE "
                            "m.integration_msg_id = ? AND c.integration_id = ? AND "
                            "c.thread_ts IS NOT NULL AND c.platform_channel_id = ? || '/' || "
                            "c.thread_ts ORDER BY m.id DESC LIMIT 1)",
                            kChannelColumns),
                {ts, integration_id, channel_id}),
        to_channel);
}

StorageResult<void> Store::set_paused_by(std::int64_t channel_id, const std::string& agent_id) {
    return changed_one(
        execute("UPDATE channels SET paused_by = ? WHERE id = ?", {agent_id, channel_id}),
        "channel");
}

// --- messages --------------------------------------------------------------------------------

StorageResult<Message> Store::create_message(std::int64_t channel_id,
                                             const std::optional<std::string>& integration_msg_id,
                                             const std::optional<std::string>& customer_msg_id,
                                             MessageOrigin origin) {
    return exactly_one<Message>(
        execute(fmt::format("INSERT INTO messages (channel_id, integration_msg_id, "
                            "customer_msg_id, created_at, origin) VALUES (?, ?, ?, ?, ?) "
                            "RETURNING {}",
                            kMessageColumns),
                {channel_id, nullable(integration_msg_id), nullable(customer_msg_id), now(),
                 nullable(origin_text(origin))}),
        to_message, "message");
}

StorageResult<void> Store::create_message_once(std::int64_t channel_id,
                                               const std::string& integration_msg_id,
                                               const std::string& customer_msg_id,
                                               MessageOrigin origin) {
    auto r = execute(
        "INSERT INTO messages (channel_id, integration_msg_id, customer_msg_id, created_at, "
        "origin) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        {channel_id, integration_msg_id, customer_msg_id, now(), nullable(origin_text(origin))});
    if (!r) return unexpected(r.error());
    return {};
}

StorageResult<Message> Store::message(std::int64_t id) {
    return exactly_one<Message>(
        execute(fmt::format("SELECT {} FROM messages WHERE id = ?", kMessageColumns), {id}),
        to_message, "message");
}

StorageResult<std::optional<Message>> Store::find_message_by_integration_id(
    std::int64_t channel_id, const std::string& integration_msg_id) {
    return at_most_one<Message>(
        execute(fmt::format("SELECT {} FROM messages WHERE channel_id = ? AND "
                            "integration_msg_id = ?",
                            kMessageColumns),
                {channel_id, integration_msg_id}),
        to_message);
}

StorageResult<std::optional<Message>> Store::find_message_by_customer_id(
    std::int64_t channel_id, const std::string& customer_msg_id) {
    return at_most_one<Message>(
        execute(fmt::format("SELECT {} FROM messages WHERE channel_id = ? AND "
                            "customer_msg_id = ?",
                            kMessageColumns),
                {channel_id, customer_msg_id}),
        to_message);
}

StorageResult<void> Store::update_message(std::int64_t id,
                                          const std::optional<std::string>& integration_msg_id,
                                          const std::optional<std::string>& customer_msg_id) {
    return changed_one(
        execute("UPDATE messages SET integration_msg_id = ?, customer_msg_id = ? WHERE id = ?",
                {nullable(integration_msg_id), nullable(customer_msg_id), id}),
        "message");
}

// --- profiles --------------------------------------------------------------------------------

StorageResult<PlatformUser> Store::upsert_platform_user(std::int64_t workspace_id,
                                                        const Profile& profile) {
    return exactly_one<PlatformUser>(
        execute(upsert_profile_sql(kUsers), profile_params(workspace_id, profile, now())),
        to_platform_user, "platform user");
}

StorageResult<bool> Store::refresh_platform_user(std::int64_t workspace_id,
                                                 const Profile& profile) {
    auto r = execute(
        "UPDATE platform_users SET username = ?, display_name = ?, real_name = ?, "
        "profile_image = ?, updated_at = ? WHERE workspace_id = ? AND platform_id = ?",
        {profile.username, nullable(profile.display_name), nullable(profile.real_name),
         profile.profile_image, now(), workspace_id, profile.platform_id});
    if (!r) return unexpected(r.error());
    return r->affected > 0;
}

StorageResult<std::optional<PlatformUser>> Store::find_platform_user(
    std::int64_t workspace_id, const std::string& platform_id) {
    return at_most_one<PlatformUser>(
        execute(fmt::format("SELECT {} FROM platform_users WHERE workspace_id = ? AND "
                            "platform_id = ?",
                            profile_columns(kUsers)),
                {workspace_id, platform_id}),
        to_platform_user);
}

StorageResult<std::vector<PlatformUser>> Store::stale_platform_users(std::int64_t updated_before) {
    return all<PlatformUser>(
        execute(fmt::format("SELECT {} FROM platform_users WHERE updated_at < ? "
                            "ORDER BY updated_at, id",
                            profile_columns(kUsers)),
                {updated_before}),
        to_platform_user);
}

StorageResult<PlatformAgent> Store::upsert_platform_agent(std::int64_t integration_id,
                                                          const Profile& profile) {
    return exactly_one<PlatformAgent>(
        execute(upsert_profile_sql(kAgents), profile_params(integration_id, profile, now())),
        to_platform_agent, "platform agent");
}

StorageResult<std::optional<PlatformAgent>> Store::find_platform_agent(
    std::int64_t integration_id, const std::string& platform_id) {
    return at_most_one<PlatformAgent>(
        execute(fmt::format("SELECT {} FROM platform_agents WHERE integration_id = ? AND "
                            "platform_id = ?",
                            profile_columns(kAgents)),
                {integration_id, platform_id}),
        to_platform_agent);
}

StorageResult<std::vector<PlatformAgent>> Store::stale_platform_agents(
    std::int64_t updated_before) {
    return all<PlatformAgent>(
        execute(fmt::format("SELECT {} FROM platform_agents WHERE updated_at < ? "
                            "ORDER BY updated_at, id",
                            profile_columns(kAgents)),
                {updated_before}),
        to_platform_agent);
}

StorageResult<std::int64_t> Store::context_generation() {
    auto r = execute("SELECT value FROM context_generation WHERE id = 1");
    if (!r) return unexpected(r.error());
    if (r->rows.empty()) {
        return unexpected(StorageError{StorageError::Kind::NotFound, "no context generation"});
    }
    return r->rows.front().integer(0);
}

// --- processed events ------------------------------------------------------------------------

StorageResult<bool> Store::mark_event_processed(const std::string& event_id) {
    auto r = execute(
        "INSERT INTO processed_events (event_id, received_at) VALUES (?, ?) "
        "ON CONFLICT (event_id) DO NOTHING",
        {event_id, now()});
    if (!r) return unexpected(r.error());
    return r->affected == 1;
}

StorageResult<std::int64_t> Store::prune_processed_events(std::int64_t received_before) {
    auto r = execute("DELETE FROM processed_events WHERE received_at < ?", {received_before});
    if (!r) return unexpected(r.error());
    return r->affected;
}

// --- audit log -------------------------------------------------------------------------------

StorageResult<void> Store::record_audit(const AuditEntry& entry, const std::string& once_key) {
    if (conn_ != nullptr) return AuditLog(*conn_, *clock_).record(entry, once_key);
    return AuditLog(*db_, *clock_).record(entry, once_key);
}

}  // namespace megatron::storage
