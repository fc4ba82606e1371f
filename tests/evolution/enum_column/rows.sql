INSERT INTO sites (id, title) VALUES (1, 'Notes');
