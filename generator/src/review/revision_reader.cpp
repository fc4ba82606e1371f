// The review reads revisions with the generator's one revision reader (revision_reader.hpp,
// the inverse of render.hpp), which the snapshot proof uses too: what upgrade() records at
// run time, op.execute() included.

#include "review/revision_reader.hpp"

#include "../revision_reader.hpp" // the generator's reader, not this header

namespace strata::generator::review {

revision_body read_revision_body(const std::filesystem::path& file, const std::string& text) {
    auto effect = read_revision_effect(file, text);
    revision_body body;
    body.transactional = effect.transactional;
    for (auto& [op, line, column] : effect.recorded) {
        body.upgrade.push_back(std::move(op));
        body.lines.push_back(line);
    }
    return body;
}

} // namespace strata::generator::review
