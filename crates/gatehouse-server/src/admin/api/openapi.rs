//! The OpenAPI 3.1 document, generated from the handlers' annotations
//! (`GET /admin/api/v1/openapi.json`; `docs/admin-api.json` is checked against it).

use actix_web::http::header;
use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::ServerBuilder;
use utoipa::{Modify, OpenApi};

use super::problem::Problem;
use super::{audit, clients, keys, users};

/// Where the API lives (the document's server).
pub const BASE: &str = "/admin/api/v1";

struct Security;

impl Modify for Security {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Gatehouse access token with scope gatehouse:admin: an administrator's \
                         (authorization code) or a service client's (client credentials)",
                    ))
                    .build(),
            ),
        );
        api.servers = Some(vec![ServerBuilder::new().url(BASE).build()]);
    }
}

/// The admin API's description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse admin API", description = "Administer users, clients, keys and the audit log. Errors are RFC 9457 problem documents."),
    modifiers(&Security),
    security(("bearer" = ["gatehouse:admin"])),
    paths(
        users::list, users::create, users::bulk, users::show, users::update, users::remove,
        users::sessions, users::end_sessions, users::diagnosis,
        clients::list, clients::create, clients::show, clients::update, clients::remove,
        clients::rotate_secret,
        keys::list, keys::rotate,
        audit::list,
    ),
    components(schemas(Problem)),
    tags(
        (name = "users", description = "Accounts, bulk actions, sessions and the sign-in troubleshooter"),
        (name = "clients", description = "Client applications"),
        (name = "keys", description = "Signing keys"),
        (name = "audit", description = "The audit log"),
    )
)]
pub struct ApiDoc;

/// The document as JSON text (pretty, stable order), as served and as checked in.
pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}

/// `GET /admin/api/v1/openapi.json` (public: it describes, it does not reveal).
pub async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(json())
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_file_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/admin-api.json");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk.trim_end() == super::json(),
            "docs/admin-api.json is stale: run `cargo run -p gatehouse -- config openapi > docs/admin-api.json`"
        );
    }

    #[test]
    fn every_route_is_described() {
        let doc: serde_json::Value = serde_json::from_str(&super::json()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        for (path, methods) in [
            ("/users", &["get", "post"][..]),
            ("/users/bulk", &["post"]),
            ("/users/{id}", &["get", "patch", "delete"]),
            ("/users/{id}/sessions", &["get", "delete"]),
            ("/users/{id}/diagnosis", &["get"]),
            ("/clients", &["get", "post"]),
            ("/clients/{id}", &["get", "patch", "delete"]),
            ("/clients/{id}/secret", &["post"]),
            ("/keys", &["get"]),
            ("/keys/rotate", &["post"]),
            ("/audit", &["get"]),
        ] {
            for m in methods {
                assert!(paths[path].get(*m).is_some(), "{m} {path} is not described");
            }
        }
    }
}
