use gatehouse_tests::fixture::{code, Fixture, REDIRECT};
use gatehouse_tests::rp::RelyingParty;
use gatehouse_tests::{backends, http, Backend};
use openidconnect::TokenResponse;
use serde_json::Value;

fn id_token_alg_and_kid(tokens: &openidconnect::core::CoreTokenResponse) -> (String, String) {
    let header = jsonwebtoken::decode_header(tokens.id_token().unwrap().to_string()).unwrap();
    (format!("{:?}", header.alg), header.kid.unwrap())
}

#[test]
fn id_tokens_use_the_client_registered_algorithm() {
    for backend in backends() {
        for alg in ["ES256", "EdDSA"] {
            let f = Fixture::new(
                backend,
                "",
                &["--first-party", "--id-token-signed-response-alg", alg],
            );
            let rp = f.rp();
            let browser = f.browser();
            let started = rp.start(&["email"], &[]);
            let params = f.sign_in(&browser, &started.url);
            let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
            rp.verify_id_token(&tokens, &started.nonce);
            assert_eq!(id_token_alg_and_kid(&tokens).0, alg);
        }
    }
}

#[test]
fn rotation_reaches_the_running_server_on_sighup_and_old_tokens_still_verify() {
    let f = Fixture::new(Backend::Embedded, "", &["--first-party"]);
    let rp = f.rp();
    let browser = f.browser();
    let started = rp.start(&[], &[]);
    let params = f.sign_in(&browser, &started.url);
    let before = rp.exchange(&code(&params), started.verifier).unwrap();
    let (_, old_kid) = id_token_alg_and_kid(&before);

    let published = |want: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut keys = 0;
        while std::time::Instant::now() < deadline {
            let jwks: Value = http()
                .get(format!("{}/jwks", f.issuer()))
                .send()
                .unwrap()
                .json()
                .unwrap();
            keys = jwks["keys"].as_array().unwrap().len();
            if keys == want {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        keys
    };
    // A plain rotation: the new keys are published at once and sign only later.
    assert!(f.env.cli(&["keys", "rotate"]).ok());
    gatehouse_tests::unsafe_kill(f.server.pid(), libc::SIGHUP);
    assert_eq!(published(4), 4, "the next keys are published");
    let middle = rp.start(&[], &[]);
    let params = f.sign_in(&browser, &middle.url);
    let meanwhile = rp.exchange(&code(&params), middle.verifier).unwrap();
    assert_eq!(id_token_alg_and_kid(&meanwhile).1, old_kid);
    // At once (a leaked key): the new keys sign now.
    assert!(f.env.cli(&["keys", "rotate", "--at-once"]).ok());
    gatehouse_tests::unsafe_kill(f.server.pid(), libc::SIGHUP);
    assert_eq!(published(6), 6, "new and retired keys are both published");
    // A fresh relying party (fresh JWKS) still verifies the token signed before rotation...
    let rp2 = RelyingParty::discover(&f.issuer(), &f.client_id, Some(&f.secret), REDIRECT);
    rp2.verify_id_token(&before, &started.nonce);
    // ...and new tokens carry a new kid.
    let started = rp2.start(&[], &[]);
    let params = f.sign_in(&browser, &started.url);
    let after = rp2.exchange(&code(&params), started.verifier).unwrap();
    rp2.verify_id_token(&after, &started.nonce);
    assert_ne!(id_token_alg_and_kid(&after).1, old_kid);
}
