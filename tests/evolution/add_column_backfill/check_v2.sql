SELECT SUM(score) = 30 AND COUNT(*) = 2 FROM users;
