#include "commands/control/control_jobs.hpp"

#include "commands/job_payload.hpp"

namespace megatron::commands::control {

bool complete(const ControlJob& job) {
    return job.integration_id != 0 && !job.verb.empty();
}

std::string to_payload(const ControlJob& job) {
    return payload::write(job);
}

std::optional<ControlJob> control_job_from(const std::string& payload) {
    return payload::read<ControlJob>(payload);
}

}  // namespace megatron::commands::control
