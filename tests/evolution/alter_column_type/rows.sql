INSERT INTO users (id, email, visits) VALUES (1, 'ada@example.org', 7), (2, 'bob@example.org', 9);
