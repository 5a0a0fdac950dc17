#include "util/json_fields.hpp"

#include <boost/json/parse.hpp>

#include <limits>

namespace megatron::json_fields {

namespace json = boost::json;

std::optional<json::value> parse_value(std::string_view text, unsigned max_depth) {
    json::parse_options options;
    options.max_depth = max_depth;
    boost::system::error_code ec;
    auto parsed = json::parse(text, ec, {}, options);
    if (ec) return std::nullopt;
    return parsed;
}

std::optional<json::object> parse_object(std::string_view text, unsigned max_depth) {
    auto parsed = parse_value(text, max_depth);
    if (!parsed || !parsed->is_object()) return std::nullopt;
    return std::move(parsed->as_object());
}

const json::value* find(const json::object& o, std::string_view path) {
    const json::object* current = &o;
    while (true) {
        auto dot = path.find('.');
        const auto* v = current->if_contains(path.substr(0, dot));
        if (v == nullptr || dot == std::string_view::npos) return v;
        if (!v->is_object()) return nullptr;
        current = &v->as_object();
        path.remove_prefix(dot + 1);
    }
}

Expected<const json::value*, FieldProblem> locate(const json::object& o, std::string_view path) {
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos) return o.if_contains(path);
    auto parent_path = path.substr(0, dot);
    auto parent = field<const json::object*>(o, parent_path);
    if (!parent) return unexpected(std::move(parent.error()));
    return (*parent)->if_contains(path.substr(dot + 1));
}

std::string string_or_empty(const json::object& o, std::string_view path) {
    const auto* v = find(o, path);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::value value_or_null(const json::object& o, std::string_view path) {
    const auto* v = find(o, path);
    return v != nullptr ? *v : json::value();
}

const json::object& object_or_empty(const json::object& o, std::string_view path) {
    static const json::object empty;  // immutable: never written
    const auto* v = find(o, path);
    return v != nullptr && v->is_object() ? v->as_object() : empty;
}

const json::array& list_or_empty(const json::object& o, std::string_view path) {
    static const json::array empty;  // immutable: never written
    const auto* v = find(o, path);
    return v != nullptr && v->is_array() ? v->as_array() : empty;
}

std::optional<std::int64_t> integer(const json::object& o, std::string_view path) {
    const auto* v = find(o, path);
    if (v != nullptr && v->is_double()) return static_cast<std::int64_t>(v->as_double());
    auto read_int = read<std::int64_t>(v);
    if (!read_int) return std::nullopt;
    return *read_int;
}

bool flag(const json::object& o, std::string_view path) {
    const auto* v = find(o, path);
    return v != nullptr && v->is_bool() && v->as_bool();
}

namespace {

Unexpected<FieldProblem> wrong_type(std::string_view expected) {
    return unexpected(FieldProblem{FieldProblem::Kind::WrongType, {}, expected});
}

}  // namespace

template <>
Expected<std::string, FieldProblem> read<std::string>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (!v->is_string()) return wrong_type("string");
    return std::string(v->as_string());
}

template <>
Expected<std::string, FieldProblem> read<Token>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    if (!v->is_string()) return wrong_type("string");
    if (v->as_string().empty()) return unexpected(FieldProblem{});
    return std::string(v->as_string());
}

template <>
Expected<std::int64_t, FieldProblem> read<std::int64_t>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() <= std::numeric_limits<std::int64_t>::max()) {
        return static_cast<std::int64_t>(v->as_uint64());
    }
    return wrong_type("integer");
}

template <>
Expected<bool, FieldProblem> read<bool>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (!v->is_bool()) return wrong_type("boolean");
    return v->as_bool();
}

template <>
Expected<const json::object*, FieldProblem> read<const json::object*>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (!v->is_object()) return wrong_type("object");
    return &v->as_object();
}

template <>
Expected<const json::array*, FieldProblem> read<const json::array*>(const json::value* v) {
    if (v == nullptr || v->is_null()) return unexpected(FieldProblem{});
    if (!v->is_array()) return wrong_type("list");
    return &v->as_array();
}

}  // namespace megatron::json_fields
