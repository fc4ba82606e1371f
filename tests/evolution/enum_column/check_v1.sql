SELECT COUNT(*) = 1 FROM sites;
