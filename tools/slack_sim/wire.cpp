#include "wire.hpp"

#include "util/strings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack_sim {
namespace {

void merge_form(boost::json::object& args, std::string_view encoded) {
    for (auto& [key, value] : strings::parse_form(encoded)) args[key] = value;
}

}  // namespace

ApiRequest parse_api_request(const http::Request& req, std::string method) {
    ApiRequest out;
    out.method = std::move(method);
    out.http_method = std::string(req.method_string());
    auto content_type = strings::to_lower(req[boost::beast::http::field::content_type]);
    out.content_type = strings::trim(content_type.substr(0, content_type.find(';')));

    merge_form(out.args, http::query_of(req.target()));
    bool token_in_query = out.args.contains("token");
    if (req.method() == http::Verb::post && !req.body().empty()) {
        if (out.content_type == "application/json") {
            boost::system::error_code ec;
            auto parsed = boost::json::parse(req.body(), ec);
            if (ec) {
                out.parse_error = "invalid_json";
            } else if (!parsed.is_object()) {
                out.parse_error = "json_not_object";
            } else {
                for (auto& [key, value] : parsed.as_object()) out.args[key] = value;
            }
        } else if (out.content_type == "application/x-www-form-urlencoded" ||
                   out.content_type.empty()) {
            merge_form(out.args, req.body());
        } else {
            out.parse_error = "invalid_form_data";
        }
    }

    auto auth = std::string(req[boost::beast::http::field::authorization]);
    if (strings::starts_with_icase(auth, "Bearer ")) {
        out.token = strings::trim(auth.substr(7));
        out.token_source = "header";
    } else if (auto it = out.args.find("token"); it != out.args.end() && it->value().is_string() &&
                                                 out.content_type != "application/json") {
        out.token = std::string(it->value().as_string());
        out.token_source = token_in_query ? "query" : "body";
    } else {
        out.token_source = "none";
    }
    out.args.erase("token");
    return out;
}

std::optional<std::string> arg_string(const boost::json::object& args, std::string_view name) {
    auto it = args.find(name);
    if (it == args.end() || it->value().is_null()) return std::nullopt;
    if (it->value().is_string()) {
        if (it->value().as_string().empty()) return std::nullopt;
        return std::string(it->value().as_string());
    }
    return boost::json::serialize(it->value());
}

std::optional<boost::json::value> arg_json(const boost::json::object& args, std::string_view name) {
    auto it = args.find(name);
    if (it == args.end() || it->value().is_null()) return boost::json::value{};
    if (!it->value().is_string()) return it->value();
    const auto& text = it->value().as_string();
    if (text.empty()) return boost::json::value{};
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text, ec);
    if (ec) return std::nullopt;
    return parsed;
}

bool arg_bool(const boost::json::object& args, std::string_view name, bool fallback) {
    auto it = args.find(name);
    if (it == args.end()) return fallback;
    if (it->value().is_bool()) return it->value().as_bool();
    if (it->value().is_int64()) return it->value().as_int64() != 0;
    if (it->value().is_string()) {
        auto v = strings::to_lower(it->value().as_string());
        return v == "true" || v == "1" || v == "yes";
    }
    return fallback;
}

std::map<std::string, std::string> flatten_args(const boost::json::object& args) {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : args) {
        out[std::string(key)] =
            value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
    }
    return out;
}

}  // namespace megatron::slack_sim
