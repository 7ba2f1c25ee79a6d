# Installation: libraries, headers, the schema, the CLI, CMake package config
# (find_package(pmkit) -> pmkit::pmkit and pmkit::core) and pmkit.pc.
include(CMakePackageConfigHelpers)

install(TARGETS pmkit_core pmkit EXPORT pmkitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS pmkit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(FILES capi/pmkit.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/pmkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PMKIT_GENERATED_DIR}/pmkit/v1
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pmkit FILES_MATCHING PATTERN "*.pb.h")
install(FILES ${PMKIT_PROTO_FILES}
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pmkit/proto/pmkit/v1)

set(PMKIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pmkit)
set_target_properties(pmkit_core PROPERTIES EXPORT_NAME core)
set_target_properties(pmkit PROPERTIES EXPORT_NAME pmkit)
install(EXPORT pmkitTargets NAMESPACE pmkit:: DESTINATION ${PMKIT_CMAKE_DIR})
configure_package_config_file(cmake/pmkitConfig.cmake.in
  ${CMAKE_BINARY_DIR}/pmkitConfig.cmake INSTALL_DESTINATION ${PMKIT_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/pmkitConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/pmkitConfig.cmake
  ${CMAKE_BINARY_DIR}/pmkitConfigVersion.cmake DESTINATION ${PMKIT_CMAKE_DIR})

file(RELATIVE_PATH PMKIT_PC_RELATIVE_PREFIX
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/pmkit.pc.in ${CMAKE_BINARY_DIR}/pmkit.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/pmkit.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
