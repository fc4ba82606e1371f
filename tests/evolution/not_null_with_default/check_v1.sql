SELECT COUNT(*) = 3 AND SUM(level) = 11 FROM ticket;
