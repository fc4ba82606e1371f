INSERT INTO pages (id, site_id, slug, position) VALUES (1, 1, 'index', 0), (2, 1, 'about', 1);
