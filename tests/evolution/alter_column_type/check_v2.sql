SELECT COUNT(*) = 2 AND SUM(visits) = 16 AND MIN(email) = 'ada@example.org' FROM users;
