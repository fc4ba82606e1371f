SELECT COUNT(*) = 2 FROM users;
