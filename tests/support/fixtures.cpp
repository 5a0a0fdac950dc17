#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace megatron::test {
namespace json = boost::json;

std::filesystem::path fixtures_dir() {
    return MEGATRON_FIXTURES_DIR;
}

json::value fixture_document(const std::filesystem::path& relative) {
    auto path = fixtures_dir() / relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ADD_FAILURE() << "test fixture missing: " << path.string();
        return nullptr;
    }
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code error;
    auto document = json::parse(text.str(), error);
    if (error) {
        ADD_FAILURE() << "test fixture is not JSON: " << path.string() << ": " << error.message();
        return nullptr;
    }
    // Every fixture names its source and holds exactly one of payload or body.
    const auto* object = document.if_object();
    if (object == nullptr || !object->contains("source") ||
        object->contains("payload") == object->contains("body")) {
        ADD_FAILURE() << "test fixture lacks \"source\" or one of \"payload\"/\"body\": "
                      << path.string();
        return nullptr;
    }
    return document;
}

json::value fixture_json(const std::filesystem::path& relative) {
    auto document = fixture_document(relative);
    if (document.is_null()) return nullptr;
    const auto* payload = document.as_object().if_contains("payload");
    if (payload == nullptr) {
        ADD_FAILURE() << "test fixture has a body, not a JSON payload: " << relative.string();
        return nullptr;
    }
    return *payload;
}

std::string fixture_text(const std::filesystem::path& relative) {
    auto document = fixture_document(relative);
    if (document.is_null()) return {};
    const auto& object = document.as_object();
    if (const auto* body = object.if_contains("body")) {
        if (body->is_string()) return std::string(body->as_string());
        ADD_FAILURE() << "test fixture body is not a string: " << relative.string();
        return {};
    }
    return json::serialize(object.at("payload"));
}

std::vector<std::filesystem::path> fixture_files(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> out;
    std::error_code error;
    for (std::filesystem::directory_iterator it(fixtures_dir() / folder, error), end;
         !error && it != end; it.increment(error)) {
        if (it->path().extension() == ".json") out.push_back(folder / it->path().filename());
    }
    if (error || out.empty()) {
        ADD_FAILURE() << "test fixture folder missing or empty: "
                      << (fixtures_dir() / folder).string()
                      << (error ? ": " + error.message() : std::string());
        return {};
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace megatron::test
