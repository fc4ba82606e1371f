INSERT INTO notes (id) VALUES (3);
