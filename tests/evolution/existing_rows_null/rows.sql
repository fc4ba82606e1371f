INSERT INTO authors (id) VALUES (1), (2);
INSERT INTO posts (id, author_id) VALUES (1, 1), (2, 99), (3, NULL), (4, 2);
