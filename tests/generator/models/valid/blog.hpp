#pragma once
// clang-format off
// (unformatted on purpose: the scanner tests find declarations by their line text)
// Every table and column option: keys, defaults, backfills, comments, renames, indexes,
// unique constraints, checks and both forms of foreign keys.

#include <strata/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace blog {

enum class PostStatus { draft, published, archived };

struct STRATA_TABLE(name = "posts", comment = "one article",
                    index = (author_id, published_at),
                    unique_index = ("ux_posts_by_slug", slug),
                    unique = (author, title),
                    check = "length(title) > 0",
                    check = ("ck_posts_dates", "updated_at >= published_at"),
                    check = "rating BETWEEN 0 AND 5",
                    foreign_key = ((author_id), "authors", (id), on_delete = cascade,
                                   on_update = restrict),
                    foreign_key = ("fk_posts_editor", (editor_email), "authors", (email),
                                   on_delete = set_null))
    Post {
    STRATA_COLUMN(primary_key, autoincrement) std::int64_t id;
    std::int64_t author_id;
    std::optional<std::string> editor_email;
    STRATA_COLUMN(name = "author") std::string author_name;
    STRATA_COLUMN(length = 200, renamed_from = "headline", comment = "shown in lists")
    std::string title;
    STRATA_COLUMN(unique, index) std::string slug;
    STRATA_COLUMN(default = "'draft'", check = "status <> ''") PostStatus status;
    STRATA_COLUMN(default = "0", backfill = "0") std::int32_t rating;
    STRATA_COLUMN(backfill = "CURRENT_TIMESTAMP") std::chrono::system_clock::time_point
        published_at;
    std::optional<std::chrono::system_clock::time_point> updated_at;
    /// A foreign key to its own table.
    STRATA_COLUMN(references = "posts.id", on_delete = set_null)
    std::optional<std::int64_t> parent_id;
};

/// A composite key referenced by a composite foreign key.
struct STRATA_TABLE(name = "post_revisions") PostRevision {
    STRATA_COLUMN(primary_key, references = "posts.id", on_delete = cascade)
    std::int64_t post_id;
    STRATA_COLUMN(primary_key) std::int32_t revision;
    STRATA_COLUMN(references = "authors.email_address", on_update = cascade) std::string editor;
};

struct STRATA_TABLE(name = "revision_notes",
                    foreign_key = ((post, revision), "post_revisions", (post_id, revision),
                                   on_delete = set_default, on_update = no_action))
    RevisionNote {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(name = "post", default = "1") std::int64_t post_id;
    STRATA_COLUMN(default = "1") std::int32_t revision;
};

} // namespace blog
