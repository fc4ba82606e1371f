SELECT COUNT(*) = 1 FROM users;
