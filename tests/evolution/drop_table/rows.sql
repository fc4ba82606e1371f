INSERT INTO users (id, email) VALUES (1, 'ada@example.org'), (2, 'bob@example.org');
INSERT INTO audit_log (id, entry) VALUES (1, 'signed in');
