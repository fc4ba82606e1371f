SELECT COUNT(*) = 4 AND COUNT(author_id) = 2 FROM posts;
SELECT author_id IS NULL FROM posts WHERE id = 2;
SELECT author_id = 2 FROM posts WHERE id = 4;
