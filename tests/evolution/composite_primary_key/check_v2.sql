SELECT COUNT(*) = 2 AND SUM(site_id) = 300 FROM memberships;
