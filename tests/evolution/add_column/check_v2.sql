SELECT COUNT(*) = 2 AND COUNT(bio) = 0 FROM users;
