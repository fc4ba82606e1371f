SELECT COUNT(*) = 2 FROM notes;
