#pragma once
// The one way Megatron reads fields of a JSON object (Boost.JSON). A field is named by a
// dotted path ("message.user": every part before the last is an object). Two kinds of read:
// - lenient, for fields whose type nothing relies on: a missing or mistyped field reads as
//   empty (string_or_empty, value_or_null, object_or_empty, integer, flag);
// - typed (required / optional), which say what is wrong (FieldProblem, naming the field at
//   fault) and let the caller choose its own error type with `make_error`: the bot-app API
//   answers 400 naming the field (api::field_error), the Slack interpreter returns a
//   ParseError (interpreter::field_error), a job payload is refused.
#include "util/expected.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace megatron::json_fields {

// What is wrong with a field.
struct FieldProblem {
    enum class Kind { Missing, WrongType };
    Kind kind = Kind::Missing;
    // The dotted path of the field at fault: the field asked for, or the part of its path that
    // is missing or not an object. Empty from read<T>, which does not know the name.
    std::string field;
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

// The value at `path`, nullptr when any part of it is missing or not an object.
const boost::json::value* find(const boost::json::object& o, std::string_view path);

// Lenient reads.
std::string string_or_empty(const boost::json::object& o, std::string_view path);
boost::json::value value_or_null(const boost::json::object& o, std::string_view path);
// The object (list) at `path`, or an empty one.
const boost::json::object& object_or_empty(const boost::json::object& o, std::string_view path);
const boost::json::array& list_or_empty(const boost::json::object& o, std::string_view path);
// An int64 (or a uint64 that fits: Boost.JSON parses large non-negative numbers as uint64; a
// double is truncated).
std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view path);
// True only for JSON true.
bool flag(const boost::json::object& o, std::string_view path);

// A field that some senders write as a string and others as a number (Slack's ids): read
// as text, a number as its digits. An empty string counts as missing.
struct Token {
    using value_type = std::string;
};

template <class T>
struct read_result {
    using type = T;
};
template <>
struct read_result<Token> {
    using type = std::string;
};
template <class T>
using read_result_t = typename read_result<T>::type;

// Typed read of a value that may be absent (nullptr) or null: Missing then; WrongType when it
// is not a T. T is std::string, Token, std::int64_t, bool, const object* or const array*.
template <class T>
Expected<read_result_t<T>, FieldProblem> read(const boost::json::value* v);
template <>
Expected<std::string, FieldProblem> read<std::string>(const boost::json::value* v);
template <>
Expected<std::string, FieldProblem> read<Token>(const boost::json::value* v);
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

// The value at `path` (nullptr when its last part is absent), or the problem of a part before
// it: Missing when absent or null, WrongType ("object") when not an object.
Expected<const boost::json::value*, FieldProblem> locate(const boost::json::object& o,
                                                         std::string_view path);

// o's field at `path` as a T, its problem naming the field.
template <class T>
Expected<read_result_t<T>, FieldProblem> field(const boost::json::object& o,
                                               std::string_view path) {
    auto v = locate(o, path);
    if (!v) return unexpected(std::move(v.error()));
    return read<T>(*v).transform_error([path](FieldProblem problem) {
        problem.field = std::string(path);
        return problem;
    });
}

// The same, nullopt where the field would be Missing (a missing parent is still a problem).
template <class T>
Expected<std::optional<read_result_t<T>>, FieldProblem> optional_field(const boost::json::object& o,
                                                                       std::string_view path) {
    using R = std::optional<read_result_t<T>>;
    auto read_value = field<T>(o, path);
    if (read_value) return R(std::move(*read_value));
    const auto& problem = read_value.error();
    if (problem.kind == FieldProblem::Kind::Missing && problem.field == path) return R();
    return unexpected(problem);
}

// o's field at `path` as a T; a problem becomes the caller's error: make_error(problem).
template <class T, class MakeError>
auto required(const boost::json::object& o, std::string_view path, MakeError&& make_error) {
    return field<T>(o, path).transform_error(std::forward<MakeError>(make_error));
}
// Absent, null (or, for a Token, empty) is nullopt; anything else as required<T>.
template <class T, class MakeError>
auto optional(const boost::json::object& o, std::string_view path, MakeError&& make_error) {
    return optional_field<T>(o, path).transform_error(std::forward<MakeError>(make_error));
}

}  // namespace megatron::json_fields
