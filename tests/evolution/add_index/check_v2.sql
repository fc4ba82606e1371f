SELECT COUNT(*) = 2 FROM pages;
