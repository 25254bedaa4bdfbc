use gatehouse_tests::fixture::Fixture;
use gatehouse_tests::{backends, http};
use serde_json::Value;

#[test]
fn discovery_documents_and_jwks() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let issuer = f.issuer();
        for path in [
            "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server",
        ] {
            let r = http().get(format!("{issuer}{path}")).send().unwrap();
            assert_eq!(r.status(), 200);
            let d: Value = r.json().unwrap();
            assert_eq!(d["issuer"], issuer.as_str());
            for (k, v) in [
                ("authorization_endpoint", "/authorize"),
                ("token_endpoint", "/token"),
                ("userinfo_endpoint", "/userinfo"),
                ("jwks_uri", "/jwks"),
                ("revocation_endpoint", "/revoke"),
                ("introspection_endpoint", "/introspect"),
                ("end_session_endpoint", "/logout"),
            ] {
                assert_eq!(d[k], format!("{issuer}{v}"), "{k}");
            }
            assert_eq!(d["response_types_supported"], serde_json::json!(["code"]));
            assert_eq!(
                d["response_modes_supported"],
                serde_json::json!(["query", "form_post"])
            );
            assert_eq!(d["subject_types_supported"], serde_json::json!(["public"]));
            assert_eq!(
                d["code_challenge_methods_supported"],
                serde_json::json!(["S256"])
            );
            assert_eq!(d["authorization_response_iss_parameter_supported"], true);
            assert_eq!(
                d["id_token_signing_alg_values_supported"],
                serde_json::json!(["RS256", "ES256", "EdDSA"])
            );
            assert_eq!(
                d["token_endpoint_auth_methods_supported"],
                serde_json::json!([
                    "client_secret_basic",
                    "client_secret_post",
                    "private_key_jwt",
                    "none"
                ])
            );
            for s in ["openid", "profile", "email", "phone", "offline_access"] {
                assert!(
                    d["scopes_supported"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x == s),
                    "{s}"
                );
            }
            for g in ["authorization_code", "refresh_token", "client_credentials"] {
                assert!(
                    d["grant_types_supported"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x == g),
                    "{g}"
                );
            }
            assert!(d["claims_supported"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == "email"));
        }
        let r = http().get(format!("{issuer}/jwks")).send().unwrap();
        assert_eq!(r.status(), 200);
        let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(cache.contains("max-age"), "cacheable: {cache}");
        let jwks: Value = r.json().unwrap();
        let keys = jwks["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        for k in keys {
            assert!(k["kid"].is_string());
            assert_eq!(k["use"], "sig");
            assert!(k.get("d").is_none(), "no private material");
        }
        let mut algs: Vec<_> = keys.iter().map(|k| k["alg"].as_str().unwrap()).collect();
        algs.sort();
        assert_eq!(algs, ["ES256", "RS256"]);
    }
}
