SELECT COUNT(*) = 3 AND COUNT(nickname) = 3 AND MAX(email) = 'unknown@example.org' AND MAX(CASE WHEN id = 3 THEN nickname END) = 'anonymous' FROM users;
