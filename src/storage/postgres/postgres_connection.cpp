#include "storage/postgres/postgres_connection.hpp"

#include "storage/postgres/placeholders.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>

namespace megatron::storage::postgres {
namespace {

// Type OIDs from pg_type.h (not installed with libpq's client headers).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string first_line(const char* message) {
    std::string s = message ? message : "";
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s;
}

Value column_value(const PGresult* res, int row, int col) {
    if (PQgetisnull(res, row, col) != 0) return std::monostate{};
    const char* text = PQgetvalue(res, row, col);
    switch (PQftype(res, col)) {
        case kInt2:
        case kInt4:
        case kInt8:
        case kOid:
            return std::int64_t{std::strtoll(text, nullptr, 10)};
        case kBool:
            return std::int64_t{text[0] == 't' ? 1 : 0};
        case kFloat4:
        case kFloat8:
            return std::strtod(text, nullptr);
        default:
            return std::string(text, static_cast<std::size_t>(PQgetlength(res, row, col)));
    }
}

}  // namespace

StorageError::Kind kind_for_sqlstate(std::string_view state) {
    if (state == "23505") return StorageError::Kind::Conflict;
    if (state.substr(0, 2) == "23") return StorageError::Kind::Invalid;
    // 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown),
    // 58 system error: the database, not the statement, is at fault.
    const auto cls = state.substr(0, 2);
    if (cls == "08" || cls == "53" || cls == "57" || cls == "58") {
        return StorageError::Kind::Unavailable;
    }
    if (is_retryable_sqlstate(state)) return StorageError::Kind::Unavailable;
    return StorageError::Kind::Invalid;
}

bool is_retryable_sqlstate(std::string_view state) {
    return state == "40001" || state == "40P01";
}

void PostgresConnection::ConnDeleter::operator()(pg_conn* c) const {
    PQfinish(c);
}

PostgresConnection::PostgresConnection(OpenKey /*key*/, pg_conn* conn) : conn_(conn) {}
PostgresConnection::~PostgresConnection() = default;

StorageResult<std::unique_ptr<PostgresConnection>> PostgresConnection::open(
    const std::string& url) {
    auto conn = std::make_unique<PostgresConnection>(OpenKey{}, PQconnectdb(url.c_str()));
    if (!conn->conn_ || PQstatus(conn->conn_.get()) != CONNECTION_OK) {
        // libpq's message names host and user, never the password.
        return unexpected(StorageError{
            StorageError::Kind::Unavailable,
            fmt::format(
                "postgresql connect failed: {}",
                first_line(conn->conn_ ? PQerrorMessage(conn->conn_.get()) : "no memory"))});
    }
    // Quiet NOTICEs ("relation already exists, skipping") instead of printing them to stderr.
    PQsetNoticeProcessor(
        conn->conn_.get(), [](void*, const char*) {}, nullptr);
    return conn;
}

bool PostgresConnection::healthy() const {
    return PQstatus(conn_.get()) == CONNECTION_OK;
}

bool PostgresConnection::idle() const {
    return PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
}

bool PostgresConnection::failed() const {
    return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR;
}

StorageError PostgresConnection::error_from(const PGresult* res) const {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    // The primary message only: DETAIL can quote the offending values.
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (state == nullptr || !healthy()) {
        return StorageError{
            StorageError::Kind::Unavailable,
            fmt::format("postgresql: {}",
                        first_line(primary ? primary : PQerrorMessage(conn_.get())))};
    }
    return StorageError{kind_for_sqlstate(state),
                        fmt::format("postgresql [{}]: {}", state, first_line(primary))};
}

StorageResult<const PostgresConnection::Prepared*> PostgresConnection::prepare(
    std::string_view sql, std::size_t param_count) {
    std::string key(sql);
    if (auto it = prepared_.find(key); it != prepared_.end()) return &it->second;
    auto rewritten = rewrite_placeholders(sql);
    if (rewritten.placeholders != static_cast<int>(param_count)) {
        return unexpected(
            StorageError{StorageError::Kind::Invalid,
                         fmt::format("postgresql: statement takes {} parameters, {} given",
                                     rewritten.placeholders, param_count)});
    }
    if (prepared_.size() >= kMaxPrepared) {
        // Full: run this one unprepared rather than evict (the hot set is far smaller).
        return nullptr;
    }
    Prepared entry{fmt::format("megatron_{}", ++statements_made_), rewritten.placeholders};
    ResultPtr res(PQprepare(conn_.get(), entry.name.c_str(), rewritten.sql.c_str(),
                            rewritten.placeholders, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return unexpected(error_from(res.get()));
    }
    return &prepared_.emplace(std::move(key), std::move(entry)).first->second;
}

StorageResult<Result> PostgresConnection::execute(std::string_view sql,
                                                  const std::vector<Value>& params) {
    ResultPtr res;
    if (params.empty()) {
        res.reset(PQexec(conn_.get(), std::string(sql).c_str()));
    } else {
        // Prepared once per connection and reused: the relay repeats a few statements a lot.
        auto prepared = prepare(sql, params.size());
        if (!prepared) return unexpected(prepared.error());
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                texts[i] = std::to_string(*n);
            } else if (const auto* d = std::get_if<double>(&v)) {
                texts[i] = fmt::format("{}", *d);  // shortest round-trip form
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                texts[i] = *s;
            } else {
                continue;  // NULL stays nullptr
            }
            values[i] = texts[i].c_str();
        }
        const int n = static_cast<int>(params.size());
        if (*prepared != nullptr) {
            res.reset(PQexecPrepared(conn_.get(), (*prepared)->name.c_str(), n, values.data(),
                                     nullptr, nullptr, 0));
        } else {
            res.reset(PQexecParams(conn_.get(), rewrite_placeholders(sql).sql.c_str(), n, nullptr,
                                   values.data(), nullptr, nullptr, 0));
        }
    }

    const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        auto error = error_from(res.get());
        // "cached plan must not change result type": a table changed under the prepared
        // statement; prepare it afresh next time.
        if (error.message.find("[0A000]") != std::string::npos) prepared_.erase(std::string(sql));
        return unexpected(std::move(error));
    }

    Result result;
    if (status == PGRES_TUPLES_OK) {
        const int rows = PQntuples(res.get());
        const int cols = PQnfields(res.get());
        result.rows.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            Row row;
            row.columns.reserve(static_cast<std::size_t>(cols));
            for (int c = 0; c < cols; ++c) row.columns.push_back(column_value(res.get(), r, c));
            result.rows.push_back(std::move(row));
        }
    }
    // Like SQLite's change count: rows written, so a SELECT reports 0, not its row count.
    const std::string_view command = PQcmdStatus(res.get());
    const char* tuples = PQcmdTuples(res.get());
    if (command.substr(0, 6) != "SELECT" && tuples != nullptr && *tuples != '\0') {
        result.affected = std::strtoll(tuples, nullptr, 10);
    }
    return result;
}

}  // namespace megatron::storage::postgres
