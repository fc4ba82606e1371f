INSERT INTO events (id, happened, wall_clock) VALUES (1, '2026-12-06 09:30:00', '2026-12-06 09:30:00');
