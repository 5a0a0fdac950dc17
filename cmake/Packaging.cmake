# The Debian package (cpack -G DEB, or scripts/package.sh): the megatron binary, its systemd
# unit with its own system user, and a commented env file. Files under /etc are conffiles, so
# an upgrade keeps the operator's configuration.
install(TARGETS megatron RUNTIME DESTINATION bin)
# Debian 12 keeps units in /lib/systemd/system (the same place on its merged /usr).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/megatron.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/megatron.env DESTINATION /etc/megatron)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME megatron)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Megatron maintainers <megatron@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Agents take over a Slack chatbot's conversation with one customer")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/postinst
                                       ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
