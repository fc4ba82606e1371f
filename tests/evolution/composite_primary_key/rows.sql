INSERT INTO memberships (id, user_id, site_id) VALUES (1, 10, 100), (2, 10, 200);
