SELECT COUNT(*) = 2 AND MAX(id) = 2 AND MAX(slug) = 'tag-2' FROM tags;
