#include "jobs/job.hpp"

#include <array>
#include <utility>

namespace megatron::jobs {
namespace {

constexpr std::array<std::pair<JobStatus, std::string_view>, 5> kNames{{
    {JobStatus::Queued, "queued"},
    {JobStatus::Running, "running"},
    {JobStatus::Retrying, "retrying"},
    {JobStatus::Done, "done"},
    {JobStatus::Dead, "dead"},
}};

}  // namespace

std::string_view to_string(JobStatus status) {
    for (const auto& [s, name] : kNames) {
        if (s == status) return name;
    }
    return "unknown";
}

std::optional<JobStatus> status_from_string(std::string_view text) {
    for (const auto& [s, name] : kNames) {
        if (name == text) return s;
    }
    return std::nullopt;
}

}  // namespace megatron::jobs
