SELECT COUNT(*) = 2 FROM memberships;
