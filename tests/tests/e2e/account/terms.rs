use gatehouse_tests::backends;
use gatehouse_tests::browser::{param, Browser};
use gatehouse_tests::fixture::{callback, Fixture, EMAIL, PASSWORD};

const TERMS: &str = "[terms]\nurl = \"https://example.com/terms\"\nversion = \"v1\"\n";

#[test]
fn terms_are_accepted_once_per_version() {
    for backend in backends() {
        // One node: the test restarts it with a new configuration.
        let mut env = gatehouse_tests::TestEnv::new(backend);
        env.extra_toml = TERMS.into();
        env.single_node = true;
        let f = Fixture::with_env(env, &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[]);
        let login = b.visit(&started.url);
        let terms = b.login(&login, EMAIL, PASSWORD);
        assert!(terms.contains("Terms of Service"), "{}", terms.body);
        assert!(terms.contains("href=\"https://example.com/terms\""));
        assert!(
            terms.contains("name=\"decision\" value=\"accept\"")
                && terms.contains("name=\"decision\" value=\"decline\"")
        );
        let done = b.fill_and_submit(&terms, "/terms", &[("decision", "accept")]);
        assert!(param(&callback(&done), "code").is_some());
        // Accepted: the next sign-in goes straight through.
        let again = rp.start(&[], &[("prompt", "login")]);
        let page = b.login(&b.visit(&again.url), EMAIL, PASSWORD);
        assert!(param(&callback(&page), "code").is_some());

        // A new version asks again.
        let Fixture {
            mut env, server, ..
        } = f;
        drop(server);
        env.extra_toml = TERMS.replace("v1", "v2");
        let _server = env.start();
        let b = Browser::new(&env.base_url());
        let started = rp.start(&[], &[]);
        let terms = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
        assert!(terms.contains("version v2"), "{}", terms.body);
    }
}

#[test]
fn declining_the_terms_signs_out() {
    for backend in backends() {
        let f = Fixture::new(backend, TERMS, &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[]);
        let terms = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
        let declined = b.fill_and_submit(&terms, "/terms", &[("decision", "decline")]);
        assert_eq!(param(&callback(&declined), "error"), Some("access_denied"));
        assert!(b.visit("/").contains("You are not signed in"));
        // Plain sign-in without an application: declined, signed out.
        let b = f.browser();
        let terms = b.login(&b.visit("/login"), EMAIL, PASSWORD);
        let page = b.fill_and_submit(&terms, "/terms", &[("decision", "decline")]);
        assert!(page.contains("You declined the Terms of Service"));
    }
}
