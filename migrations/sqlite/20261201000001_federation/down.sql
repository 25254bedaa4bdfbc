DROP TABLE sso_modes;
DROP TABLE upstream_links;
