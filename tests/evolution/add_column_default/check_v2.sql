SELECT COUNT(*) = 2 AND MIN(role) = 'member' AND MAX(role) = 'member' FROM users;
