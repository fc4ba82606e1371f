INSERT INTO tags (slug, note) VALUES ('a', NULL), (NULL, 'x');
