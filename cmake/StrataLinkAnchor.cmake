# strata_link_anchor(<target> <symbol>): every link of <target> keeps the object that
# defines the extern "C" <symbol>, even from a static library that nothing references: the
# self-registering objects of a backend or of a library's revisions.
#
# The symbol is marked undefined as an INTERFACE link item (-Wl,--undefined, -Wl,-u on
# macOS) rather than a link option: link items travel over PRIVATE links between static
# libraries under any setting of policy CMP0099, link options only when it is NEW. MSVC's
# /INCLUDE: is not a link item CMake passes through, so there it stays a link option.
include_guard(GLOBAL)

function(strata_link_anchor target symbol)
    set(msvc "$<CXX_COMPILER_ID:MSVC>")
    set(darwin "$<PLATFORM_ID:Darwin>")
    target_link_options(${target} INTERFACE "$<${msvc}:LINKER:/INCLUDE:${symbol}>")
    # A property, not target_link_libraries(INTERFACE): add_migrations() calls this on the
    # project's targets, whose own target_link_libraries() calls may use the plain signature.
    set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES
        "$<$<AND:${darwin},$<NOT:${msvc}>>:-Wl,-u,_${symbol}>"
        "$<$<NOT:$<OR:${darwin},${msvc}>>:-Wl,--undefined=${symbol}>")
endfunction()
