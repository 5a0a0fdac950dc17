#include "commands/outreach/support_credentials.hpp"

#include "commands/channel_context.hpp"

namespace megatron::commands::outreach {

Expected<slack::Credentials, jobs::JobOutcome> support_credentials(storage::Store& store,
                                                                   std::int64_t integration_id) {
    auto integration = store.integration(integration_id);
    if (integration) return slack::Credentials{integration->bot_token, {}};
    if (integration.error().kind == storage::StorageError::Kind::NotFound) {
        return unexpected(
            jobs::JobOutcome{jobs::outcome::Fatal{"the support workspace is no longer connected"}});
    }
    return unexpected(retry_storage(integration.error()));
}

}  // namespace megatron::commands::outreach
