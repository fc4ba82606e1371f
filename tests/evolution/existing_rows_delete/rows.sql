INSERT INTO authors (id, email, age) VALUES (1, 'a@x', 30), (2, 'a@x', 40), (3, 'c@x', -1), (4, 'd@x', 50), (5, 'a@x', 20);
INSERT INTO posts (id, author_id) VALUES (1, 1), (2, 2), (3, 99), (4, 4), (5, 3);
