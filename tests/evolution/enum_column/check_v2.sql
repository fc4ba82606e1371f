SELECT COUNT(*) = 1 AND MIN(status) = 'draft' FROM sites;
