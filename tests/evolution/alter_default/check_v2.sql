SELECT COUNT(*) = 1 AND MIN(role) = 'member' FROM users;
