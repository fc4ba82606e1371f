# Packaging beside the CMake package (included by the top-level CMakeLists.txt when
# STRATA_INSTALL is on): pkg-config files for the runtime, the migrate command line and
# each backend, and CPack's
# Debian package (`make package`).

# pkg-config: strata (the runtime) and strata-<backend>. A static strata needs its
# dependencies on the consumer's link line (Requires); a shared one only privately. The
# prefix is relative to the .pc file (in <libdir>/pkgconfig, lib/x86_64-linux-gnu/pkgconfig
# on Debian), so an unpacked or relocated tree works as well.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(STRATA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _strata_pc_up "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
    string(REGEX REPLACE "/$" "" _strata_pc_up "${_strata_pc_up}")
    set(STRATA_PC_PREFIX "\${pcfiledir}/${_strata_pc_up}")
endif()
if(STRATA_STATIC)
    set(STRATA_PC_REQUIRES "Requires")
else()
    set(STRATA_PC_REQUIRES "Requires.private")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/pkgconfig/strata.pc.in
               ${PROJECT_BINARY_DIR}/pkgconfig/strata.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/strata.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
# strata-cli: the migrate command line (strata::cli), for a migrate tool built without CMake.
configure_file(${CMAKE_CURRENT_LIST_DIR}/pkgconfig/strata-cli.pc.in
               ${PROJECT_BINARY_DIR}/pkgconfig/strata-cli.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/strata-cli.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
set(_strata_pc_sqlite sqlite3)
set(_strata_pc_postgresql libpq)
set(_strata_pc_mysql libmariadb)
foreach(_backend IN LISTS STRATA_BACKENDS)
    set(_pc_package ${_strata_pc_${_backend}})
    configure_file(${CMAKE_CURRENT_LIST_DIR}/pkgconfig/strata-backend.pc.in
                   ${PROJECT_BINARY_DIR}/pkgconfig/strata-${_backend}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/strata-${_backend}.pc
            DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# CPack: one Debian package, `strata`, with the generator, the libraries, the headers and
# both package configurations, installed under /usr. dpkg-shlibdeps finds what the
# programs need at run time (libclang, Boost.Program_options); the development packages a
# consumer's build needs are listed by hand: the static libraries' dependencies, and
# clang's own headers, which the generator's libclang parses models with.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME strata)
set(CPACK_PACKAGE_VENDOR "the strata authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "the strata authors <strata@example.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(_strata_deb_depends cmake)
if(STRATA_STATIC)
    list(APPEND _strata_deb_depends libfmt-dev)
    if(TARGET strata_sqlite)
        list(APPEND _strata_deb_depends libsqlite3-dev)
    endif()
    if(TARGET strata_postgresql)
        list(APPEND _strata_deb_depends libpq-dev)
    endif()
    if(TARGET strata_mysql)
        list(APPEND _strata_deb_depends libmariadb-dev)
    endif()
endif()
if(LIBCLANG_LIBRARY MATCHES "llvm-([0-9]+)/")
    list(APPEND _strata_deb_depends libclang-common-${CMAKE_MATCH_1}-dev)
endif()
list(JOIN _strata_deb_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
include(CPack)
