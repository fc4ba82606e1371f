#[=======================================================================[.rst:
add_migrations
--------------

Compiles a strata migrations directory into a target and, at build time, writes a new
revision whenever the target's model structs changed.

.. code-block:: cmake

  add_migrations(<target>
                 MODELS <header>...
                 DIRECTORY <migrations-dir>
                 [AUTOGENERATE ON|OFF])

``MODELS``
  Headers that declare the annotated model structs. They are parsed by libclang with the
  target's include directories, compile definitions and C++ standard.
``DIRECTORY``
  The migrations directory made by ``strata init`` (it holds ``strata.ini``).
``AUTOGENERATE``
  ``ON`` (default): a changed model produces a new revision in ``DIRECTORY/versions`` and
  an updated snapshot during the build, compiled into the target in the same build.
  ``OFF``: the build fails when the models differ from the snapshot. The cache variable
  ``STRATA_AUTOGENERATE`` set to ``OFF`` forces this for every target (for CI).

Example:

.. code-block:: cmake

  find_package(strata REQUIRED)
  add_executable(sitebuilder main.cpp)
  add_migrations(sitebuilder MODELS models/user.hpp models/site.hpp DIRECTORY migrations)

It also adds the executable ``<target>_migrate``, the application's migrate command line
(``upgrade``, ``downgrade``, ``current``, ``history``, ``heads``, ``stamp``, ``check``,
``--sql``), built from the same revisions; see docs/commands.md.

The generator runs only when one of its inputs changed: the model headers and every
header they include (tracked with a depfile), the migrations directory's files, and the
generator itself. A build with no changes runs nothing.
#]=======================================================================]

set(STRATA_AUTOGENERATE ON CACHE BOOL
    "Let builds write new revisions; OFF turns add_migrations() into a check (for CI)")

function(add_migrations target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIRECTORY;AUTOGENERATE" "MODELS")
    if(arg_UNPARSED_ARGUMENTS)
        message(SEND_ERROR "add_migrations: unknown argument(s) '${arg_UNPARSED_ARGUMENTS}'; "
                           "expected MODELS, DIRECTORY or AUTOGENERATE")
        return()
    endif()
    if(NOT TARGET ${target})
        message(SEND_ERROR "add_migrations: '${target}' is not a target; "
                           "call add_migrations() after add_executable()/add_library()")
        return()
    endif()
    if(NOT arg_MODELS)
        message(SEND_ERROR "add_migrations: no MODELS given for '${target}'; "
                           "list the headers that declare its model structs")
        return()
    endif()
    if(NOT arg_DIRECTORY)
        message(SEND_ERROR "add_migrations: no DIRECTORY given for '${target}'")
        return()
    endif()
    if(NOT DEFINED arg_AUTOGENERATE)
        set(arg_AUTOGENERATE ON)
    endif()

    cmake_path(ABSOLUTE_PATH arg_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE directory)
    if(NOT EXISTS "${directory}/strata.ini")
        message(SEND_ERROR "add_migrations: '${directory}' is not a migrations directory "
                           "(it has no strata.ini); create it with `strata init ${arg_DIRECTORY}`")
        return()
    endif()
    set(models)
    foreach(model IN LISTS arg_MODELS)
        cmake_path(ABSOLUTE_PATH model BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
                   NORMALIZE OUTPUT_VARIABLE model_path)
        if(NOT EXISTS "${model_path}")
            message(SEND_ERROR "add_migrations: model header '${model}' does not exist")
            return()
        endif()
        list(APPEND models "${model_path}")
    endforeach()

    if(NOT TARGET strata::generator)
        message(SEND_ERROR "add_migrations: the strata generator is not available; "
                           "build strata with STRATA_BUILD_GENERATOR=ON")
        return()
    endif()

    # The scanner must see the models as the compiler does.
    get_target_property(runtime strata::runtime ALIASED_TARGET)
    if(NOT runtime)
        set(runtime strata::runtime)
    endif()
    set(work "${CMAKE_CURRENT_BINARY_DIR}/strata/${target}")
    set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
    set(runtime_includes "$<TARGET_PROPERTY:${runtime},INTERFACE_INCLUDE_DIRECTORIES>")
    set(defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
    set(standard "$<TARGET_PROPERTY:${target},CXX_STANDARD>")
    file(GENERATE OUTPUT "${work}/compiler_args.txt" CONTENT
        "$<$<BOOL:${includes}>:-I$<JOIN:${includes},\n-I>\n>$<$<BOOL:${runtime_includes}>:-I$<JOIN:${runtime_includes},\n-I>\n>$<$<BOOL:${defines}>:-D$<JOIN:${defines},\n-D>\n>$<$<BOOL:${standard}>:-std=c++${standard}\n>")

    set(check_flag)
    if(NOT arg_AUTOGENERATE OR NOT STRATA_AUTOGENERATE)
        set(check_flag --check)
    endif()

    set(aggregate "${work}/revisions.cpp")
    set(stamp "${work}/generate.stamp")
    add_custom_command(
        OUTPUT "${stamp}"
        BYPRODUCTS "${aggregate}"
        COMMAND strata::generator build
                --directory "${directory}"
                --model ${models}
                --compiler-args-file "${work}/compiler_args.txt"
                --aggregate "${aggregate}"
                --depfile "${work}/generate.d"
                --stamp "${stamp}"
                ${check_flag}
        DEPENDS ${models} "${work}/compiler_args.txt" strata::generator
                "$<TARGET_FILE:strata::generator>"
        DEPFILE "${work}/generate.d"
        WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
        COMMENT "strata: checking the models of ${target} against ${arg_DIRECTORY}"
        VERBATIM)
    target_sources(${target} PRIVATE "${aggregate}" "${stamp}")
    target_link_libraries(${target} PRIVATE strata::runtime)

    # <target>_migrate: the application's migrate command line (the `flask db` analogue),
    # the same revisions compiled with a main that calls strata::migrate_main. strata.ini's
    # path is baked in, so it finds the database_url without being told.
    set(migrate_main "${work}/migrate_main.cpp")
    file(CONFIGURE OUTPUT "${migrate_main}" @ONLY CONTENT [==[
// Generated by add_migrations(): the migrate command line of @target@.
#include <strata/cli.hpp>

int main(int argc, char** argv) {
    strata::migrate_cli_options options;
    options.program_name = "@target@_migrate";
    options.ini_file = R"strata(@directory@/strata.ini)strata";
    return strata::migrate_main(argc, argv, options);
}
]==])
    add_executable(${target}_migrate "${migrate_main}" "${aggregate}")
    # The aggregate is written by ${target}'s generate step; build that first.
    add_dependencies(${target}_migrate ${target})
    target_compile_features(${target}_migrate PRIVATE cxx_std_20)
    target_link_libraries(${target}_migrate PRIVATE strata::runtime)
endfunction()
