SELECT (SELECT COUNT(*) FROM sites) = 2 AND (SELECT COUNT(*) FROM pages WHERE site_id = 2) = 2;
