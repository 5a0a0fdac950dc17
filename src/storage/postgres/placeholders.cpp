#include "storage/postgres/placeholders.hpp"

#include <cctype>

namespace megatron::storage::postgres {
namespace {

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Index just past the quoted run starting at `i` (which holds `quote`). Doubled quotes are
// escapes; with `backslash_escapes` (E'...' strings) so is a backslash.
std::size_t skip_quoted(std::string_view s, std::size_t i, char quote, bool backslash_escapes) {
    ++i;
    while (i < s.size()) {
        if (backslash_escapes && s[i] == '\\') {
            i += 2;
        } else if (s[i] == quote) {
            if (i + 1 < s.size() && s[i + 1] == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            ++i;
        }
    }
    return s.size();
}

// A dollar quote opens with $tag$ where tag is empty or an identifier not starting with a digit.
std::size_t dollar_tag_length(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) != 0) return 0;
    while (j < s.size() && is_ident_char(s[j])) ++j;
    if (j < s.size() && s[j] == '$') return j - i + 1;
    return 0;
}

}  // namespace

RewrittenSql rewrite_placeholders(std::string_view s) {
    RewrittenSql out;
    out.sql.reserve(s.size() + 8);
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        std::size_t next = i + 1;
        if (c == '\'') {
            const bool e_string = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                                  (i < 2 || !is_ident_char(s[i - 2]));
            next = skip_quoted(s, i, '\'', e_string);
        } else if (c == '"') {
            next = skip_quoted(s, i, '"', false);
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            auto nl = s.find('\n', i);
            next = nl == std::string_view::npos ? s.size() : nl + 1;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            int depth = 1;  // PostgreSQL block comments nest
            next = i + 2;
            while (next < s.size() && depth > 0) {
                if (s.substr(next, 2) == "/*") {
                    ++depth;
                    next += 2;
                } else if (s.substr(next, 2) == "*/") {
                    --depth;
                    next += 2;
                } else {
                    ++next;
                }
            }
        } else if (c == '$' && (i == 0 || !is_ident_char(s[i - 1]))) {
            if (auto len = dollar_tag_length(s, i); len > 0) {
                auto close = s.find(s.substr(i, len), i + len);
                next = close == std::string_view::npos ? s.size() : close + len;
            }
        } else if (c == '?') {
            out.sql += '$';
            out.sql += std::to_string(++out.placeholders);
            i = next;
            continue;
        }
        out.sql.append(s.substr(i, next - i));
        i = next;
    }
    return out;
}

}  // namespace megatron::storage::postgres
