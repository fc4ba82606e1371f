INSERT INTO users (id, email) VALUES (1, 'ada@example.org'), (2, 'bob@example.org');
