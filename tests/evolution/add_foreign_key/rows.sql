INSERT INTO sites (id, lang) VALUES (1, 'en');
INSERT INTO pages (id, site_id, lang) VALUES (1, 1, 'en'), (2, 1, 'en');
