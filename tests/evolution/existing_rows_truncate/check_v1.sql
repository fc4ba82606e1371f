SELECT COUNT(*) = 3 FROM users;
SELECT name = 'ada' AND nick IS NULL FROM users WHERE id = 1;
SELECT name = 'abcde' AND nick = 'abcde' FROM users WHERE id = 2;
SELECT name = 'éèêëē' AND nick = 'abcde' FROM users WHERE id = 3;
