SELECT COUNT(*) = 0 FROM audit_log;
