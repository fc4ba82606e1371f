SELECT COUNT(*) = 2 AND MIN(email_address) = 'ada@example.org' FROM users;
