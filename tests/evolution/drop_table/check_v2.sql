SELECT COUNT(*) = 2 AND MIN(email) = 'ada@example.org' FROM users;
