#include "util/request_context.hpp"

#include "util/crypto.hpp"

#include <algorithm>
#include <utility>

namespace megatron::request_context {
namespace {

std::string& slot() {
    thread_local std::string id;
    return id;
}

}  // namespace

const std::string& current() {
    return slot();
}

Scope::Scope(std::string id) : previous_(std::exchange(slot(), std::move(id))) {}

Scope::~Scope() {
    slot() = std::move(previous_);
}

std::string new_id() {
    return crypto::random_hex(8);
}

bool is_sane(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.' || c == ':';
    });
}

std::string adopt_or_new(std::string_view incoming) {
    return is_sane(incoming) ? std::string(incoming) : new_id();
}

}  // namespace megatron::request_context
