-- Client metadata shown to users on the login and consent pages (RFC 7591 section 2): the
-- client's logo, privacy policy, terms of service and home page. NULL: not registered.
ALTER TABLE clients ADD COLUMN logo_uri TEXT;
ALTER TABLE clients ADD COLUMN policy_uri TEXT;
ALTER TABLE clients ADD COLUMN tos_uri TEXT;
ALTER TABLE clients ADD COLUMN client_uri TEXT;
