SELECT COUNT(*) = 2 AND SUM(visits) = 16 FROM users;
