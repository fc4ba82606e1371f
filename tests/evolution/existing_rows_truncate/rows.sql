INSERT INTO users (id, name, nick) VALUES (1, 'ada', NULL), (2, 'abcdefghij', 'abcde'), (3, 'éèêëēĕ', 'abcdef');
