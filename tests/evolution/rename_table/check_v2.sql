SELECT COUNT(*) = 2 FROM accounts;
