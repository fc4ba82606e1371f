# Turns the files in templates/ into C++ string constants, so an installed `strata`
# binary can write a new migrations directory without its source tree.
# Usage: cmake -DTEMPLATE_DIR=... -DOUTPUT=... -P embed_templates.cmake
set(_content "// Generated from generator/templates by embed_templates.cmake. Do not edit.\n")
string(APPEND _content "#include \"project/embedded_templates.hpp\"\n\nnamespace strata::generator {\n")
foreach(_pair "script_template:script.cpp.tmpl" "ini_template:strata.ini" "readme_template:README.md")
    string(REPLACE ":" ";" _parts "${_pair}")
    list(GET _parts 0 _name)
    list(GET _parts 1 _file)
    file(READ "${TEMPLATE_DIR}/${_file}" _text)
    string(APPEND _content "const char* const ${_name} = R\"strata_embedded(${_text})strata_embedded\";\n")
endforeach()
string(APPEND _content "} // namespace strata::generator\n")
file(WRITE "${OUTPUT}.tmp" "${_content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
