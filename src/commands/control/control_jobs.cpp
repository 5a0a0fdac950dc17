#include "commands/control/control_jobs.hpp"

namespace megatron::commands::control {

bool complete(const ControlJob& job) {
    return job.integration_id != 0 && !job.verb.empty();
}

}  // namespace megatron::commands::control
