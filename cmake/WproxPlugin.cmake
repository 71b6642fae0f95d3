# wprox_add_plugin(NAME SOURCES...)
# Builds a wprox plugin: a MODULE library named wprox_<NAME>.so, compiled with
# hidden visibility (only the descriptor is exported), linked to the SDK, and
# placed where the wprox loader looks (lib/wprox/plugins in the build tree
# and the install prefix). Works in tree and from find_package(wprox).
function(wprox_add_plugin name)
  set(target wprox_${name})
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE wprox::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME wprox_${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 17)
  if(DEFINED WPROX_BUILD_PLUGIN_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${WPROX_BUILD_PLUGIN_DIR})
    # In tree: tests load every plugin, so they depend on all of them.
    set_property(GLOBAL APPEND PROPERTY WPROX_PLUGIN_TARGETS ${target})
  endif()
  if(NOT WPROX_NO_INSTALL_PLUGINS)
    install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/wprox/plugins)
  endif()
endfunction()
