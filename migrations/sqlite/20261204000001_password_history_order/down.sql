ALTER TABLE password_history DROP COLUMN seq;
