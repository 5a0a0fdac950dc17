#pragma once
// Megatron writes SQL once with `?` placeholders; PostgreSQL wants $1, $2, ... A `?` inside a
// string literal, quoted identifier, comment or dollar-quoted body is text, not a placeholder.
#include <string>
#include <string_view>

namespace megatron::storage::postgres {

struct RewrittenSql {
    std::string sql;
    int placeholders = 0;
};

RewrittenSql rewrite_placeholders(std::string_view sql);

}  // namespace megatron::storage::postgres
