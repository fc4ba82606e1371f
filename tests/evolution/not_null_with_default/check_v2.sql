SELECT COUNT(*) = 3 AND SUM(level) = 11 AND MIN(level) = 3 FROM ticket;
