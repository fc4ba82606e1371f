SELECT COUNT(*) = 2 AND MAX(email) = 'unknown@example.org' AND COUNT(nickname) = 2 FROM users;
