SELECT COUNT(*) = 1 AND MAX(wall_clock) = '2026-12-06 09:30:00' AND COUNT(length) = 1 FROM events;
