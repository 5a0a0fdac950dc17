#pragma once
// Sends App Commands to an organization's command_url: JSON POSTs signed with the
// organization's verification token (see signature.hpp), one method per command. Every
// failure (timeout, refused connection, non-200 status, malformed answer) comes back as an
// AppCommandError; nothing throws. Not thread-safe: it uses the caller's http::Client, and a
// Client belongs to one thread.
#include "app_commands/call_observer.hpp"
#include "app_commands/errors.hpp"
#include "app_commands/requests.hpp"
#include "http/client.hpp"
#include "util/clock.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <vector>

namespace megatron::app_commands {

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds total_timeout{10000};  // the original waited 10 s for push_message
    std::size_t max_answer_bytes = std::size_t{1024} * 1024;
    // Told of every typed command's outcome (the metrics); may be null. Not owned.
    CallObserver* observer = nullptr;
};

class AppCommandClient {
  public:
    AppCommandClient(http::Client& http, const Clock& clock, ClientOptions options = {});

    Expected<void, AppCommandError> pause(const Endpoint& endpoint, const PauseRequest& request);
    Expected<void, AppCommandError> clear_context(const Endpoint& endpoint,
                                                  const ClearContextRequest& request);
    // An empty list means nobody matched.
    Expected<std::vector<FoundUser>, AppCommandError> search_user(const Endpoint& endpoint,
                                                                  const SearchUserRequest& request);
    Expected<WorkspaceCredentials, AppCommandError> refresh_workspace(
        const Endpoint& endpoint, const RefreshWorkspaceRequest& request);
    Expected<void, AppCommandError> push_message(const Endpoint& endpoint,
                                                 const PushMessageRequest& request);

    // The signed POST itself; answers the body of a 200. Public for commands added later.
    Expected<std::string, AppCommandError> send(const Endpoint& endpoint, boost::json::object body,
                                                bool fresh_connection = false);

  private:
    // `result`, after telling the observer how `command` ended.
    template <class T>
    Expected<T, AppCommandError> observed(std::string_view command,
                                          Expected<T, AppCommandError> result) const {
        if (options_.observer != nullptr) {
            options_.observer->command_finished(command,
                                                result ? "ok" : to_string(result.error().kind));
        }
        return result;
    }

    http::Client& http_;
    const Clock& clock_;
    ClientOptions options_;
};

// Parsers for the two answers with content (public for tests).
Expected<std::vector<FoundUser>, AppCommandError> parse_search_user_answer(std::string_view body);
Expected<WorkspaceCredentials, AppCommandError> parse_refresh_workspace_answer(
    std::string_view body);

}  // namespace megatron::app_commands
