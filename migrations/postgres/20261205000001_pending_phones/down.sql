DROP TABLE pending_phones;
