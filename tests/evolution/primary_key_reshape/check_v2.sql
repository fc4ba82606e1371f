SELECT COUNT(*) = 2 AND SUM(site_id) = 14 AND MIN(slug) = 'a' AND MAX(slug) = 'tag-2' FROM labels;
