DROP TABLE reminders_sent;
DROP TABLE leases;
