INSERT INTO users (id, email, nickname) VALUES (3, 'carol@example.org', NULL);
