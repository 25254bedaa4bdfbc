use std::time::{Duration, Instant};

use gatehouse_tests::fixture::{Fixture, EMAIL};
use gatehouse_tests::smtp::SmtpSink;
use gatehouse_tests::{backends, free_port, http};

/// A second `serve` on the same database (another port): two nodes.
fn second_node(f: &Fixture) -> std::process::Child {
    let port = free_port();
    let mut child = f
        .env
        .command()
        .env("GATEHOUSE_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if http()
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .is_ok_and(|r| r.status() == 200)
        {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("second node did not start");
}

#[test]
fn one_reminder_per_day_across_nodes_and_restarts() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.password]\nmax_age = \"14d\"\n[scheduler]\ninterval = \"1s\"\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &[]);
        let mut node2 = second_node(&f);
        let mail = &smtp.wait_for(EMAIL, 1)[0];
        assert_eq!(mail.subject(), "Your password expires in 14 days");
        assert!(mail.text().contains("/account"));
        // Both nodes keep running passes: still exactly one mail.
        std::thread::sleep(Duration::from_millis(3000));
        assert_eq!(smtp.to(EMAIL).len(), 1);
        // Restarts change nothing.
        let _ = node2.kill();
        let _ = node2.wait();
        let Fixture { env, server, .. } = f;
        drop(server);
        let _again = env.start();
        std::thread::sleep(Duration::from_millis(2500));
        assert_eq!(smtp.to(EMAIL).len(), 1);
    }
}
