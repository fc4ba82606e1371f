INSERT INTO ticket (id, level) VALUES (1, 5), (2, NULL), (3, NULL);
