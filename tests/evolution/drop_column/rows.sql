INSERT INTO users (id, email, nickname) VALUES (1, 'ada@example.org', 'ada'), (2, 'bob@example.org', NULL);
