INSERT INTO memberships (id, user_id, site_id) VALUES (3, 10, 1), (1, 10, 1), (2, 11, 1), (4, 10, 2), (5, 11, 1);
