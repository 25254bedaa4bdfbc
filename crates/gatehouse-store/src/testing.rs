//! Helpers for tests in this crate and the end-to-end suite: fresh databases per test run.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;

/// Creates a new, empty PostgreSQL database next to the one in `base_url` and returns its
/// URL. Each test gets its own, so tests never share rows or depend on order.
pub fn fresh_postgres_database(base_url: &str) -> String {
    let mut conn = PgConnection::establish(base_url)
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {base_url}: {e}"));
    let name = format!("gh_test_{}", random_suffix());
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
    replace_database(base_url, &name)
}

/// A random lower-case suffix for database names and key prefixes.
pub fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    // Tests only: fall back to time if the OS RNG fails.
    if getrandom_fill(&mut bytes).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        bytes = (t as u64).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn getrandom_fill(buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

fn replace_database(base_url: &str, name: &str) -> String {
    let (head, query) = match base_url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (base_url, None),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = head[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(head.len());
    let mut url = format!("{}/{}", &head[..path_start], name);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

/// Runs raw SQL on `db` (tests that check what the schema itself refuses, such as an
/// `UPDATE` of the append-only audit log).
pub fn execute_sql(db: &crate::Database, sql: &str) -> Result<(), gatehouse_core::StoreError> {
    db.with_conn(|c| c.batch_execute(sql))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_database_name() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://127.0.0.1?sslmode=disable", "x"),
            "postgres://127.0.0.1/x?sslmode=disable"
        );
    }
}
