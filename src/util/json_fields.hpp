#pragma once
// The one way Megatron reads fields of a JSON object (Boost.JSON). Two kinds of read:
// - lenient, for fields whose type nothing relies on: a missing or mistyped field reads as
//   empty (string_or_empty, value_or_null, integer);
// - typed, which say what is wrong (FieldProblem) and let the caller choose its own error
//   type with `make_error`: the bot-app API answers 400 naming the field, the Slack
//   interpreter returns a ParseError, a job payload is fatal.
#include "util/expected.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace megatron::json_fields {

// What is wrong with a field.
struct FieldProblem {
    enum class Kind { Missing, WrongType };
    Kind kind = Kind::Missing;
    std::string_view expected;  // for WrongType: "string", "integer", "object", "list", ...
};

// Boost.JSON's own nesting limit, used unless a caller says otherwise.
inline constexpr unsigned kDefaultMaxDepth = 32;

// `text` as JSON at most `max_depth` deep, or nullopt (not JSON, or deeper).
std::optional<boost::json::value> parse_value(std::string_view text,
                                              unsigned max_depth = kDefaultMaxDepth);

// `text` as a JSON object, or nullopt (not JSON, deeper than `max_depth`, or another JSON type).
std::optional<boost::json::object> parse_object(std::string_view text,
                                                unsigned max_depth = kDefaultMaxDepth);

// Lenient reads.
std::string string_or_empty(const boost::json::object& o, std::string_view key);
boost::json::value value_or_null(const boost::json::object& o, std::string_view key);
// An int64 (or a uint64 that fits: Boost.JSON parses large non-negative numbers as uint64).
std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view key);

// Typed read of a value that may be absent (nullptr) or null: Missing then; WrongType when
// it is not a T. T is std::string, std::int64_t, bool, const object* or const array*.
template <class T>
Expected<T, FieldProblem> read(const boost::json::value* v);
template <>
Expected<std::string, FieldProblem> read<std::string>(const boost::json::value* v);
template <>
Expected<std::int64_t, FieldProblem> read<std::int64_t>(const boost::json::value* v);
template <>
Expected<bool, FieldProblem> read<bool>(const boost::json::value* v);
template <>
Expected<const boost::json::object*, FieldProblem> read<const boost::json::object*>(
    const boost::json::value* v);
template <>
Expected<const boost::json::array*, FieldProblem> read<const boost::json::array*>(
    const boost::json::value* v);

// The same, absent or null being nullopt instead of Missing.
template <class T>
Expected<std::optional<T>, FieldProblem> read_optional(const boost::json::value* v) {
    if (v == nullptr || v->is_null()) return std::optional<T>();
    return read<T>(v).transform([](T value) { return std::optional<T>(std::move(value)); });
}

// o[key] as a T, a problem turned into the caller's error by make_error(problem).
template <class T, class MakeError>
auto required(const boost::json::object& o, std::string_view key, MakeError&& make_error) {
    return read<T>(o.if_contains(key)).transform_error(std::forward<MakeError>(make_error));
}
template <class T, class MakeError>
auto optional(const boost::json::object& o, std::string_view key, MakeError&& make_error) {
    return read_optional<T>(o.if_contains(key))
        .transform_error(std::forward<MakeError>(make_error));
}

}  // namespace megatron::json_fields
