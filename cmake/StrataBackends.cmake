# strata_add_backend(<name> SOURCES <file>... [DIALECT_SOURCES <file>...]
#                    [PACKAGE <find_package name>] [LINK <target>...])
#
# Internal to strata's own build: adds the backend library strata_<name> with the ALIAS and
# export name strata::<name>, which is also the package component <name>
# (find_package(strata COMPONENTS <name>)) and the dialect name add_migrations(DIALECTS)
# accepts. Adding a backend is one call in runtime/CMakeLists.txt.
#
# One of the SOURCES must define `extern "C" const int strata_link_<name>` in the same file
# as the backend's strata::backend_registrar. strata_link_anchor() (StrataLinkAnchor.cmake)
# marks that symbol undefined on every link of the target, so the linker keeps the
# registering object even from a static library nobody references directly, and
# connect(url) finds the backend.
#
# DIALECT_SOURCES are the backend's SQL writing alone (its strata::dialect), which needs
# no client library: they are compiled once, as the object library strata_<name>_dialect
# that the backend library contains and the generator links without the rest, so that
# `strata review` plans SQL without loading libpq or libmariadb (and libssl, Kerberos,
# GnuTLS behind them) on every start.
#
# PACKAGE is the find_package() name of the backend's own dependency; the package config
# finds it for consumers (a static backend library needs it at link time).
include(${CMAKE_CURRENT_LIST_DIR}/StrataLinkAnchor.cmake)
function(strata_add_backend name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "PACKAGE" "SOURCES;DIALECT_SOURCES;LINK")
    set(dialect strata_${name}_dialect)
    add_library(${dialect} OBJECT ${arg_DIALECT_SOURCES})
    target_link_libraries(${dialect} PUBLIC strata_runtime PRIVATE fmt::fmt)
    target_include_directories(${dialect} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/internal)
    add_library(strata_${name} ${arg_SOURCES} $<TARGET_OBJECTS:${dialect}>)
    # Compiled as part of strata_<name>: its visibility, export macros and warnings.
    get_target_property(type strata_${name} TYPE)
    string(TOUPPER "${name}" upper)
    set_target_properties(${dialect} PROPERTIES CXX_VISIBILITY_PRESET hidden
                                                VISIBILITY_INLINES_HIDDEN ON
                                                POSITION_INDEPENDENT_CODE ON)
    target_compile_definitions(${dialect} PRIVATE STRATA_BUILDING_${upper}
                               $<$<STREQUAL:${type},SHARED_LIBRARY>:STRATA_SHARED>)
    strata_enable_warnings(${dialect})
    add_library(strata::${name} ALIAS strata_${name})
    set_target_properties(strata_${name} PROPERTIES EXPORT_NAME ${name}
                                                    OUTPUT_NAME strata_${name})
    target_link_libraries(strata_${name} PUBLIC strata_runtime PRIVATE ${arg_LINK} fmt::fmt)
    # strata's internal headers (not a link to strata_internal, which no export may name).
    target_include_directories(strata_${name} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/internal)
    set(anchor strata_link_${name})
    strata_link_anchor(strata_${name} ${anchor})
    strata_library_properties(strata_${name})
    strata_enable_warnings(strata_${name})
    set_property(GLOBAL APPEND PROPERTY STRATA_BACKENDS ${name})
    set_property(GLOBAL PROPERTY STRATA_BACKEND_${name}_PACKAGE "${arg_PACKAGE}")
endfunction()

# strata_find_backend(<name> <package>): whether strata's build has backend <name>, whose
# client library is find_package(<package>). The cache variable STRATA_WITH_<NAME> decides:
# AUTO (the default) builds it when <package> is found, ON requires <package>, OFF leaves
# the backend out without looking for it. Sets STRATA_HAVE_<NAME> in the caller.
function(strata_find_backend name package)
    string(TOUPPER "${name}" upper)
    set(STRATA_WITH_${upper} AUTO CACHE STRING
        "Build the ${name} backend: AUTO (when ${package} is found), ON, or OFF")
    set_property(CACHE STRATA_WITH_${upper} PROPERTY STRINGS AUTO ON OFF)
    set(want "${STRATA_WITH_${upper}}")
    string(TOUPPER "${want}" want)
    set(have FALSE)
    if(want STREQUAL "AUTO")
        find_package(${package} QUIET)
        set(have ${${package}_FOUND})
        if(NOT have)
            message(STATUS "strata: ${name} backend off (${package} not found; install its "
                           "development package for it, or set STRATA_WITH_${upper}=ON to insist)")
        endif()
    elseif(want MATCHES "^(ON|YES|TRUE|1)$")
        find_package(${package})
        if(NOT ${package}_FOUND)
            message(FATAL_ERROR "strata: STRATA_WITH_${upper} is ON, but ${package} was not "
                                "found; install its development package (see "
                                "scripts/packages.txt) or set STRATA_WITH_${upper}=AUTO or OFF")
        endif()
        set(have TRUE)
    elseif(NOT want MATCHES "^(OFF|NO|FALSE|0)$")
        message(FATAL_ERROR "strata: STRATA_WITH_${upper} is '${STRATA_WITH_${upper}}'; "
                            "expected AUTO, ON or OFF")
    endif()
    if(have)
        message(STATUS "strata: ${name} backend on")
    endif()
    set(STRATA_HAVE_${upper} ${have} PARENT_SCOPE)
endfunction()
