INSERT INTO notes (id, body, stars, pinned) VALUES (1, 'first', 4, TRUE), (2, 'second', 5, FALSE);
