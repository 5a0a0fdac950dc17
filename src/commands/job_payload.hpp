#pragma once
// Job payloads: a job's request as a JSON object, one convention for every kind. Each request
// type is described next to its definition (BOOST_DESCRIBE_STRUCT: the members are the JSON
// keys), so it is written with Boost.JSON's value_from and read here member by member.
// Reading is lenient per field (a missing or mistyped string, integer or value reads as
// empty; a nested request as its defaults), and then the type's own `complete(request)`,
// found next to it, says which fields a job cannot run without: a payload without them is
// refused, and the job is fatal, since a retry would read the same bytes. A member that needs
// its own reading (an enum spelled as a word) has a read_member overload next to its type
// that returns false for a word it does not know, which also refuses the payload.
#include "util/json_fields.hpp"

#include <boost/describe/members.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::commands::payload {

// JSON nesting accepted at the door: a request body, or JSON text inside one (the bot app's
// attachments as a string). Deeper is refused with 400 there.
inline constexpr unsigned kMaxRequestDepth = 32;
// What a worker reads in a job payload: a request's values sit a few levels down in it, so
// twice the door's depth; a request answered 200 is always readable by its job.
inline constexpr unsigned kMaxPayloadDepth = 2 * kMaxRequestDepth;

// `text` as JSON, at most `max_depth` deep; nullopt when it is not JSON or is deeper.
inline std::optional<boost::json::value> parse_json(std::string_view text, unsigned max_depth) {
    return json_fields::parse_value(text, max_depth);
}

template <class T>
concept Described = boost::describe::has_describe_members<T>::value;

template <Described T>
std::optional<T> from_object(const boost::json::object& o);
template <Described T>
bool read_fields(const boost::json::object& o, T& out);

inline bool read_member(const boost::json::value* v, std::string& out) {
    out = v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    return true;
}
inline bool read_member(const boost::json::value* v, std::int64_t& out) {
    out = json_fields::read<std::int64_t>(v).value_or(0);
    return true;
}
inline bool read_member(const boost::json::value* v, boost::json::value& out) {
    out = v != nullptr ? *v : boost::json::value();
    return true;
}
// A nested request (e.g. the message of an outreach job): its defaults when absent.
template <Described T>
bool read_member(const boost::json::value* v, T& out) {
    out = T{};
    return v == nullptr || !v->is_object() || read_fields(v->as_object(), out);
}
// A list of requests: the entries that are objects and complete; others are skipped.
template <Described T>
bool read_member(const boost::json::value* v, std::vector<T>& out) {
    out.clear();
    if (v == nullptr || !v->is_array()) return true;
    for (const auto& entry : v->as_array()) {
        if (!entry.is_object()) continue;
        if (auto item = from_object<T>(entry.as_object())) out.push_back(std::move(*item));
    }
    return true;
}

// Every described member of T from o; false when one member refused its value.
template <Described T>
bool read_fields(const boost::json::object& o, T& out) {
    bool ok = true;
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto member) {
        ok = read_member(o.if_contains(member.name), out.*member.pointer) && ok;
    });
    return ok;
}

template <Described T>
std::optional<T> from_object(const boost::json::object& o) {
    T out{};
    if (!read_fields(o, out) || !complete(out)) return std::nullopt;
    return out;
}

// The payload text as a T; nullopt when it is not a JSON object (at most kMaxPayloadDepth
// deep) or not complete.
template <Described T>
std::optional<T> read(std::string_view payload) {
    auto o = json_fields::parse_object(payload, kMaxPayloadDepth);
    if (!o) return std::nullopt;
    return from_object<T>(*o);
}

// T as payload text.
template <Described T>
std::string write(const T& request) {
    return boost::json::serialize(boost::json::value_from(request));
}

}  // namespace megatron::commands::payload
