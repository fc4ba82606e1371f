SELECT COUNT(*) = 2 AND COUNT(nickname) = 0 FROM users;
