INSERT INTO sites (id, code, parent_id) VALUES (1, 'root', NULL), (2, 'docs', 1);
INSERT INTO pages (id, site_id) VALUES (1, 1), (2, 2), (3, 2);
