SELECT COUNT(*) = 2 AND MIN(id) = 1 AND MAX(id) = 4 FROM authors;
SELECT COUNT(*) = 2 AND MIN(id) = 1 AND MAX(id) = 4 FROM posts;
