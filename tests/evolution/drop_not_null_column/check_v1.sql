SELECT COUNT(*) = 3 AND MAX(body) = '' AND SUM(stars) = 0 AND COUNT(pinned) = 3 FROM notes;
