#[=======================================================================[.rst:
add_migrations
--------------

Compiles a strata migrations directory into a target and, at build time, writes a new
revision whenever the target's model structs changed (like ``protobuf_generate``, with a
depfile so that a build with no change runs nothing).

.. code-block:: cmake

  add_migrations(<target>
                 MODELS <header>...
                 DIRECTORY <migrations-dir>
                 [AUTOGENERATE ON|OFF]
                 [DIALECTS <dialect>...]
                 [NAMESPACE <c++-namespace>])

``<target>``
  An executable, or a static, shared, module or object library, defined in this project.
  Its compiled revisions register themselves at start-up;
  ``strata::upgrade_to_head(url)`` applies them. For a static library, every executable or
  shared library that links it (directly or through other libraries) links the revisions
  too, although nothing references them: see "Static libraries" below.
``MODELS``
  Headers that declare the annotated model structs (relative to the current source
  directory or absolute). libclang parses them exactly as the compiler sees them: with the
  target's include directories and compile definitions *including those its linked
  libraries propagate* (usage requirements), the ``-D``/``-U``/``-I``/``-std=`` entries of
  its compile options, and its language standard (``CXX_STANDARD`` or the highest
  ``cxx_std_NN`` compile feature, GNU dialect unless ``CXX_EXTENSIONS`` is ``OFF``).
``DIRECTORY``
  The migrations directory made by ``strata init`` (it holds ``strata.ini``). Each target
  has its own; two targets cannot share one (their builds would both write revisions).
``AUTOGENERATE``
  ``ON`` (default): a changed model produces a new revision in ``DIRECTORY/versions`` and
  an updated snapshot during the build, compiled into the target in the same build.
  ``OFF``: the build fails when the models differ from the snapshot, with the command to
  run. The cache variable ``STRATA_AUTOGENERATE=OFF`` forces this for every target (CI).
``DIALECTS``
  The database backends linked into the target so that ``strata::connect(url)`` can open
  their URLs: ``sqlite`` (``strata::sqlite``), ``postgresql`` (``strata::postgresql``) once
  built. Default: every backend strata was built with, or, for an installed strata, every
  component ``find_package(strata COMPONENTS ...)`` loaded.
``NAMESPACE``
  Only structs declared in this C++ namespace (or one nested in it) become tables of this
  target. This lets several targets, each with its own migrations directory, take their
  tables from one set of model headers: ``billing::Invoice`` feeds the billing service,
  ``auth::User`` the auth service. Without it every ``STRATA_TABLE`` the headers declare
  (and include) belongs to the target.

Example:

.. code-block:: cmake

  find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
  add_executable(sitebuilder main.cpp)
  target_link_libraries(sitebuilder PRIVATE site_models)   # its include dirs reach the scan
  add_migrations(sitebuilder
                 MODELS models/user.hpp models/site.hpp
                 DIRECTORY migrations
                 DIALECTS sqlite)

It also adds the executable ``<target>_migrate``, the application's migrate command line
(``upgrade``, ``downgrade``, ``current``, ``history``, ``heads``, ``stamp``, ``check``,
``--sql``), built from the same revisions; see docs/commands.md.

Static libraries: a linker takes from an archive only the members that define a symbol
something already needs, and nothing calls the revisions' self-registering objects. So for
a static ``<target>`` the revisions are compiled through ``revisions_link.cpp``, which
includes the aggregate and defines one anchor symbol, and ``<target>``'s interface link
items mark that symbol undefined (``-Wl,--undefined``, ``-Wl,-u`` on macOS; a link option
``/INCLUDE`` with MSVC): every link of the library then pulls the member in, as for the
strata backends. Link items travel over ``PRIVATE`` links between static libraries under
any setting of policy CMP0099, and with an installed or exported ``<target>``.

The generator runs only when one of its inputs changed: the model headers and every
header they include (tracked with a depfile), the migrations directory's files, the
compiler arguments, and the generator itself. A build with no change runs nothing.
#]=======================================================================]

include(${CMAKE_CURRENT_LIST_DIR}/StrataLinkAnchor.cmake)

set(STRATA_AUTOGENERATE ON CACHE BOOL
    "Let builds write new revisions; OFF turns add_migrations() into a check (for CI)")
set(STRATA_SCAN_CACHE ON CACHE BOOL
    "Keep the system headers the models include precompiled in the build tree between scans")

# One line per compiler argument for `strata build --compiler-args-file`, from the target's
# properties. $<TARGET_PROPERTY> of INCLUDE_DIRECTORIES, COMPILE_DEFINITIONS,
# COMPILE_OPTIONS and COMPILE_FEATURES includes what linked targets propagate through
# their INTERFACE_* properties, so the scan sees the same usage requirements as the
# compiler. The standard follows CMake's rule: the highest of CXX_STANDARD and the
# cxx_std_NN features; flags go in ascending order and libclang keeps the last -std=.
function(_strata_compiler_args_content target out_var)
    set(tp "$<TARGET_PROPERTY:${target},")
    # The compiler's own directories (/usr/include) are left out, as CMake leaves them out
    # of compile lines: an explicit -I/usr/include would come before the C++ library's
    # headers and break their #include_next.
    set(implicit)
    foreach(dir IN LISTS CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
        string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" dir "${dir}")
        list(APPEND implicit "${dir}")
    endforeach()
    list(JOIN implicit "|" implicit)
    set(includes "${tp}INCLUDE_DIRECTORIES>")
    if(implicit)
        set(includes "$<FILTER:${includes},EXCLUDE,^(${implicit})/?$>")
    endif()
    set(defines "${tp}COMPILE_DEFINITIONS>")
    set(options "$<FILTER:${tp}COMPILE_OPTIONS>,INCLUDE,^-([DUI]|std=)>")
    set(features "${tp}COMPILE_FEATURES>")
    set(standard "${tp}CXX_STANDARD>")
    set(extensions "${tp}CXX_EXTENSIONS>")
    set(dialect "$<IF:$<OR:$<STREQUAL:${extensions},>,$<BOOL:${extensions}>>,gnu,c>")
    string(CONCAT content
        "$<$<BOOL:${includes}>:-I$<JOIN:${includes},\n-I>\n>"
        "$<$<BOOL:${defines}>:-D$<JOIN:${defines},\n-D>\n>"
        "$<$<BOOL:${options}>:$<JOIN:${options},\n>\n>")
    foreach(std IN ITEMS 98 11 14 17 20 23 26)
        set(clang_name ${std})
        if(std EQUAL 23)
            set(clang_name 2b) # the name every libclang since 12 accepts
        elseif(std EQUAL 26)
            set(clang_name 2c)
        endif()
        string(APPEND content "$<$<OR:$<IN_LIST:cxx_std_${std},${features}>,"
                              "$<STREQUAL:${standard},${std}>>:-std=${dialect}++${clang_name}\n>")
    endforeach()
    set(${out_var} "${content}" PARENT_SCOPE)
endfunction()

function(add_migrations target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIRECTORY;AUTOGENERATE;NAMESPACE"
                          "MODELS;DIALECTS")
    set(usage "add_migrations(<target> MODELS <header>... DIRECTORY <dir> "
              "[AUTOGENERATE ON|OFF] [DIALECTS <dialect>...] [NAMESPACE <c++-namespace>])")
    string(JOIN "" usage ${usage})
    if(arg_UNPARSED_ARGUMENTS)
        message(SEND_ERROR "add_migrations: unknown argument(s) '${arg_UNPARSED_ARGUMENTS}'; "
                           "expected ${usage}")
        return()
    endif()
    if(arg_KEYWORDS_MISSING_VALUES)
        message(SEND_ERROR "add_migrations: ${arg_KEYWORDS_MISSING_VALUES} given without a "
                           "value; expected ${usage}")
        return()
    endif()
    if(NOT TARGET ${target})
        message(SEND_ERROR "add_migrations: '${target}' is not a target; "
                           "call add_migrations() after add_executable()/add_library()")
        return()
    endif()
    get_target_property(type ${target} TYPE)
    get_target_property(imported ${target} IMPORTED)
    get_target_property(aliased ${target} ALIASED_TARGET)
    if(imported OR aliased)
        message(SEND_ERROR "add_migrations: '${target}' is an imported or alias target; "
                           "name a target this project builds")
        return()
    endif()
    if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
        message(SEND_ERROR "add_migrations: '${target}' is an ${type}; the revisions must be "
                           "compiled into an executable, or a static, shared or object library")
        return()
    endif()
    get_target_property(previous ${target} STRATA_MIGRATIONS_DIRECTORY)
    if(previous)
        message(SEND_ERROR "add_migrations: '${target}' already has the migrations directory "
                           "'${previous}'; call add_migrations() once per target")
        return()
    endif()
    if(NOT arg_MODELS)
        message(SEND_ERROR "add_migrations: no MODELS given for '${target}'; "
                           "list the headers that declare its model structs")
        return()
    endif()
    if(NOT arg_DIRECTORY)
        message(SEND_ERROR "add_migrations: no DIRECTORY given for '${target}'; name the "
                           "migrations directory (create one with `strata init migrations`)")
        return()
    endif()
    if(NOT DEFINED arg_AUTOGENERATE)
        set(arg_AUTOGENERATE ON)
    endif()
    string(TOUPPER "${arg_AUTOGENERATE}" autogenerate)
    if(NOT autogenerate MATCHES "^(ON|OFF|TRUE|FALSE|YES|NO|1|0)$")
        message(SEND_ERROR "add_migrations: AUTOGENERATE '${arg_AUTOGENERATE}' for '${target}' "
                           "is not ON or OFF")
        return()
    endif()
    if(DEFINED arg_NAMESPACE AND NOT arg_NAMESPACE MATCHES
       "^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
        message(SEND_ERROR "add_migrations: NAMESPACE '${arg_NAMESPACE}' for '${target}' is not "
                           "a C++ namespace name (like app or app::models)")
        return()
    endif()

    cmake_path(ABSOLUTE_PATH arg_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE directory)
    string(REGEX REPLACE "/$" "" directory "${directory}")
    if(NOT EXISTS "${directory}/strata.ini")
        message(SEND_ERROR "add_migrations: '${directory}' is not a migrations directory "
                           "(it has no strata.ini); create it with `strata init ${arg_DIRECTORY}`")
        return()
    endif()
    get_property(owner GLOBAL PROPERTY "STRATA_MIGRATIONS_OWNER_${directory}")
    if(owner)
        message(SEND_ERROR "add_migrations: '${arg_DIRECTORY}' is already the migrations "
                           "directory of '${owner}'; give '${target}' its own (`strata init`), "
                           "or put the shared tables in one target")
        return()
    endif()
    set(models)
    foreach(model IN LISTS arg_MODELS)
        cmake_path(ABSOLUTE_PATH model BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
                   NORMALIZE OUTPUT_VARIABLE model_path)
        if(NOT EXISTS "${model_path}" OR IS_DIRECTORY "${model_path}")
            message(SEND_ERROR "add_migrations: model header '${model}' of '${target}' does not "
                               "exist (looked for '${model_path}')")
            return()
        endif()
        list(APPEND models "${model_path}")
    endforeach()

    get_property(available GLOBAL PROPERTY STRATA_BACKENDS)
    list(REMOVE_DUPLICATES available)
    set(dialects)
    foreach(dialect IN LISTS available)
        if(TARGET strata::${dialect})
            list(APPEND dialects ${dialect})
        endif()
    endforeach()
    if(DEFINED arg_DIALECTS)
        foreach(dialect IN LISTS arg_DIALECTS)
            if(NOT dialect IN_LIST dialects)
                message(SEND_ERROR "add_migrations: unknown dialect '${dialect}' for '${target}'; "
                                   "available: ${dialects} (an installed strata loads the "
                                   "ones named in find_package(strata COMPONENTS ...))")
                return()
            endif()
        endforeach()
        set(dialects ${arg_DIALECTS})
    endif()

    if(NOT TARGET strata::generator)
        message(SEND_ERROR "add_migrations: the strata generator is not available; "
                           "build strata with STRATA_BUILD_GENERATOR=ON")
        return()
    endif()

    set_property(GLOBAL PROPERTY "STRATA_MIGRATIONS_OWNER_${directory}" ${target})
    set_property(TARGET ${target} PROPERTY STRATA_MIGRATIONS_DIRECTORY "${directory}")

    # The scan must see the models as the compiler does. file(GENERATE) rewrites the file
    # only when its content changes, so it re-runs the generator exactly when the flags do.
    set(work "${CMAKE_CURRENT_BINARY_DIR}/strata/${target}")
    get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
    if(multi_config)
        set(args_file "${work}/compiler_args-$<CONFIG>.txt")
    else()
        set(args_file "${work}/compiler_args.txt")
    endif()
    _strata_compiler_args_content(${target} content)
    file(GENERATE OUTPUT "${args_file}" CONTENT "${content}" TARGET ${target})

    set(extra_flags)
    if(NOT autogenerate MATCHES "^(ON|TRUE|YES|1)$" OR NOT STRATA_AUTOGENERATE)
        list(APPEND extra_flags --check)
    endif()
    if(DEFINED arg_NAMESPACE)
        list(APPEND extra_flags --namespace "${arg_NAMESPACE}")
    endif()
    if(STRATA_SCAN_CACHE)
        # The generator's header cache (docs/commands.md, --cache-dir): the standard
        # headers are parsed once per build tree instead of at every scan.
        list(APPEND extra_flags --cache-dir "${work}/scan-cache")
    endif()

    # The stamp is the rule's output; the aggregate, one fixed file including every
    # revision, is a byproduct the generator rewrites only when versions/ changes. So a new
    # revision is compiled in the same build, and nothing recompiles when nothing changed.
    set(aggregate "${work}/revisions.cpp")
    set(stamp "${work}/generate.stamp")
    add_custom_command(
        OUTPUT "${stamp}"
        BYPRODUCTS "${aggregate}"
        COMMAND strata::generator build
                --directory "${directory}"
                --model ${models}
                --compiler-args-file "${args_file}"
                --aggregate "${aggregate}"
                --depfile "${work}/generate.d"
                --stamp "${stamp}"
                ${extra_flags}
        DEPENDS ${models} "${args_file}" strata::generator "$<TARGET_FILE:strata::generator>"
        DEPFILE "${work}/generate.d"
        WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
        COMMENT "strata: checking the models of ${target} against ${arg_DIRECTORY}"
        VERBATIM)
    # The revisions are compiled once, in an object library of their own, and its objects
    # go into both ${target} and ${target}_migrate: a long history costs its compile time
    # once per build, with strata's usage requirements only (what a revision may use).
    # An OBJECT ${target} cannot take another library's objects, so it compiles them itself.
    set(revisions_unit "${aggregate}")
    if(type STREQUAL "STATIC_LIBRARY")
        # Nothing references the registrations, so the linker would skip their archive
        # member: an anchor symbol defined beside them and marked undefined on every link
        # of the library pulls it in (the backends' technique, cmake/StrataBackends.cmake).
        # The name is a C identifier, unique per project and target.
        string(MAKE_C_IDENTIFIER "${target}" anchor)
        string(SHA1 anchor_hash "${PROJECT_NAME}/${target}")
        string(SUBSTRING "${anchor_hash}" 0 12 anchor_hash)
        set(anchor "strata_revisions_${anchor}_${anchor_hash}")
        set(revisions_unit "${work}/revisions_link.cpp")
        file(CONFIGURE OUTPUT "${revisions_unit}" @ONLY CONTENT [==[
// Generated by add_migrations(): the revisions of the static library @target@. The
// library's interface link items mark the anchor undefined, so every link of the library
// takes this archive member, whose static objects register the revisions.
#include "revisions.cpp"

/// The anchor @target@'s interface link items name.
extern "C" {
extern const int @anchor@;
const int @anchor@ = 1;
}
]==])
        # The aggregate is compiled only through the link unit, which a depfile makes
        # depend on it, so a new revision still recompiles it in the same build.
        strata_link_anchor(${target} ${anchor})
    endif()
    set(revisions_objects ${target}_strata_revisions)
    add_library(${revisions_objects} OBJECT "${revisions_unit}" "${stamp}")
    target_link_libraries(${revisions_objects} PRIVATE strata::runtime)
    get_target_property(pic ${target} POSITION_INDEPENDENT_CODE)
    if(pic OR type MATCHES "^(SHARED|MODULE)_LIBRARY$")
        set_property(TARGET ${revisions_objects} PROPERTY POSITION_INDEPENDENT_CODE ON)
    endif()
    if(type STREQUAL "OBJECT_LIBRARY")
        target_sources(${target} PRIVATE "${revisions_unit}")
        add_dependencies(${target} ${revisions_objects})
    else()
        target_sources(${target} PRIVATE $<TARGET_OBJECTS:${revisions_objects}>)
    endif()
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
    add_executable(${target}_migrate "${migrate_main}" $<TARGET_OBJECTS:${revisions_objects}>)
    target_compile_features(${target}_migrate PRIVATE cxx_std_20)
    target_link_libraries(${target}_migrate PRIVATE strata::runtime)
    foreach(dialect IN LISTS dialects)
        target_link_libraries(${target} PRIVATE strata::${dialect})
        target_link_libraries(${target}_migrate PRIVATE strata::${dialect})
    endforeach()
endfunction()
