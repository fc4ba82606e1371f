SELECT COUNT(*) = 3 FROM memberships;
SELECT id = 1 FROM memberships WHERE user_id = 10 AND site_id = 1;
SELECT id = 2 FROM memberships WHERE user_id = 11 AND site_id = 1;
SELECT id = 4 FROM memberships WHERE user_id = 10 AND site_id = 2;
