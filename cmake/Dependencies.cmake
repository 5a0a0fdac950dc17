# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json url system)
find_package(CURL REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG QUIET)
find_package(prometheus-cpp CONFIG REQUIRED)  # /metrics (core library only)
find_package(yaml-cpp REQUIRED)  # Slack app manifests in YAML (megatron slack-manifest)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
# Redaction rules (commands/text/redaction): linear-time matching, far cheaper than std::regex.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# Asio and Beast are compiled once (src/http/asio_beast_impl.cpp) instead of in every file
# that includes them; this keeps a 2-core build quick.
add_compile_definitions(BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
                        BOOST_ASIO_NO_DEPRECATED)
