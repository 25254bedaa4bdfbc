//! The operator's brand (issue 15): the logo file is served by Gatehouse, an SVG without the
//! power to run anything.

use gatehouse_tests::in_process::TestApp;

#[test]
fn the_logo_is_served_with_its_type_and_cannot_run_script() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.svg");
    std::fs::write(
        &path,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    )
    .unwrap();
    let app = TestApp::new()
        .config(&format!("[branding]\nlogo_file = \"{}\"\n", path.display()))
        .start();
    let r = gatehouse_tests::http()
        .get(format!("{}/static/logo", app.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "image/svg+xml");
    assert!(header("content-security-policy").contains("sandbox"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    // Without a logo there is none.
    let plain = TestApp::new().start();
    let r = gatehouse_tests::http()
        .get(format!("{}/static/logo", plain.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
