//! The database handle: one pool, one backend, chosen from the URL at start-up.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use gatehouse_core::StoreError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

pub use any::AnyConnection;

#[allow(missing_docs)] // the derive generates undocumented items
mod any {
    use diesel::pg::PgConnection;
    use diesel::sqlite::SqliteConnection;

    /// A connection to either backend. Every query is written once against this type.
    #[derive(diesel::MultiConnection)]
    pub enum AnyConnection {
        /// PostgreSQL (production).
        Postgresql(PgConnection),
        /// SQLite (embedded default).
        Sqlite(SqliteConnection),
    }
}

/// Which backend a URL selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file at this path.
    Sqlite(String),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl Backend {
    /// `postgres://` / `postgresql://` select PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a
    /// bare path select SQLite.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            // Never echo the URL: it may hold a password.
            let scheme = url.split("://").next().unwrap_or("");
            return Err(format!(
                "unsupported database URL scheme {scheme:?}: use sqlite://PATH or postgres://..."
            ));
        }
        Ok(Backend::Sqlite(path.to_string()))
    }

    /// Short name for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// Database URL.
    pub url: String,
    /// Maximum connections in the pool.
    pub pool_size: u32,
    /// How long a SQLite writer waits for a lock held by another process.
    pub busy_timeout: Duration,
    /// How long a caller waits for a connection (pooled or new) before the store answers
    /// "unavailable": while the database is down every request fails this fast.
    pub connect_timeout: Duration,
    /// PostgreSQL's `statement_timeout` on every connection.
    pub statement_timeout: Duration,
}

impl DbConfig {
    /// Defaults for a URL.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pool_size: 8,
            busy_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(1),
            statement_timeout: Duration::from_secs(5),
        }
    }
}

/// Opens connections of the configured backend and applies per-connection settings.
#[derive(Debug)]
pub(crate) struct Manager {
    backend: Backend,
    busy_timeout_ms: u128,
    statement_timeout_ms: u128,
}

impl Manager {
    fn open(&self) -> Result<AnyConnection, r2d2::Error> {
        match &self.backend {
            Backend::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(&format!(
                    "SET statement_timeout = {}",
                    self.statement_timeout_ms
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Postgresql(conn))
            }
            Backend::Sqlite(path) => {
                create_private(path);
                let mut conn =
                    SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // WAL lets the CLI and several `serve` processes share the file; busy_timeout
                // makes a writer wait for the lock instead of failing; NORMAL sync in WAL mode
                // survives a process crash (SIGKILL) without losing committed transactions.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA cache_size = -1024; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                    self.busy_timeout_ms
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }
}

/// Creates a new SQLite file readable by its owner only (it holds password and secret
/// hashes); SQLite gives the WAL and shared-memory files the same permissions.
fn create_private(path: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    if path == ":memory:" || std::path::Path::new(path).exists() {
        return;
    }
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        self.open()
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}

/// The database: a connection pool of one backend. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
    backend_name: &'static str,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("backend", &self.backend_name)
            .finish()
    }
}

/// Maps pool and diesel errors to core's storage outcomes.
pub(crate) fn map_err(e: diesel::result::Error) -> StoreError {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::NotFound => StoreError::NotFound,
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            let text = format!(
                "{} {}",
                info.message(),
                info.constraint_name().unwrap_or_default()
            );
            StoreError::Conflict(text)
        }
        Error::DeserializationError(e) => StoreError::Corrupt(e.to_string()),
        other => StoreError::Unavailable(other.to_string()),
    }
}

/// The applied and the pending migrations of a database (`gatehouse migrate --dry-run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Versions already applied, oldest first.
    pub applied: Vec<String>,
    /// Names (`<version>_<name>`) this binary would apply, oldest first.
    pub pending: Vec<String>,
}

/// Applied versions of `conn` and the migrations of `source`, refusing a database that has
/// versions this binary does not know (a newer Gatehouse migrated it).
fn status<DB, C>(conn: &mut C, source: EmbeddedMigrations) -> Result<MigrationStatus, StoreError>
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
    EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    use diesel::migration::MigrationSource;
    let fail = |e: String| StoreError::Unavailable(format!("cannot read the migrations: {e}"));
    let mut applied: Vec<String> = conn
        .applied_migrations()
        .map_err(|e| fail(e.to_string()))?
        .into_iter()
        .map(|v| v.to_string())
        .collect();
    applied.sort();
    let known = MigrationSource::<DB>::migrations(&source).map_err(|e| fail(e.to_string()))?;
    let known: Vec<(String, String)> = known
        .iter()
        .map(|m| (m.name().version().to_string(), m.name().to_string()))
        .collect();
    let unknown: Vec<&String> = applied
        .iter()
        .filter(|v| !known.iter().any(|(k, _)| k == *v))
        .collect();
    if !unknown.is_empty() {
        let list: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return Err(StoreError::Unavailable(format!(
            "the database has migrations this version of Gatehouse does not know ({}): a newer version upgraded it; run that version (or restore a backup taken before the upgrade)",
            list.join(", ")
        )));
    }
    let mut pending: Vec<String> = known
        .into_iter()
        .filter(|(v, _)| !applied.contains(v))
        .map(|(_, name)| name)
        .collect();
    pending.sort();
    Ok(MigrationStatus { applied, pending })
}

/// Runs pending migrations. Several processes may start at once on a fresh database (the CLI
/// and `serve`, or several nodes): PostgreSQL serialises them with an advisory lock; SQLite
/// retries once the other process's migration has committed. A database migrated by a newer
/// version (versions this binary does not know) is refused before anything runs.
fn migrate(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let fail = |e: String| StoreError::Unavailable(format!("migration failed: {e}"));
    match conn {
        AnyConnection::Postgresql(c) => {
            // Migrations may wait for another node's (the advisory lock) and may run long:
            // the request-time statement timeout does not apply to them.
            c.batch_execute("SET statement_timeout = 0")
                .map_err(|e| fail(e.to_string()))?;
            c.batch_execute("SELECT pg_advisory_lock(7171001)")
                .map_err(|e| fail(e.to_string()))?;
            let result = status(c, POSTGRES_MIGRATIONS).and_then(|_| {
                c.run_pending_migrations(POSTGRES_MIGRATIONS)
                    .map(|_| ())
                    .map_err(|e| fail(e.to_string()))
            });
            let _ = c.batch_execute("SELECT pg_advisory_unlock(7171001)");
            result
        }
        AnyConnection::Sqlite(c) => {
            status(c, SQLITE_MIGRATIONS)?;
            let mut last = String::new();
            for _ in 0..10 {
                match c.run_pending_migrations(SQLITE_MIGRATIONS) {
                    Ok(_) => return Ok(()),
                    Err(e) => last = e.to_string(),
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(fail(last))
        }
    }
}

/// The newest schema version this build knows (its last migration's version), the same for
/// both backends.
pub fn known_schema_version() -> String {
    use diesel::migration::MigrationSource;
    MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
        .map(|all| {
            all.iter()
                .map(|m| m.name().version().to_string())
                .max()
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

impl Database {
    /// What `connect` would migrate, without changing the schema (`gatehouse migrate
    /// --dry-run`); refuses a database a newer version migrated.
    pub fn migration_status(cfg: &DbConfig) -> Result<MigrationStatus, StoreError> {
        let backend = Backend::from_url(&cfg.url).map_err(StoreError::Unavailable)?;
        // Looking must not create: a SQLite file that does not exist yet would get every
        // migration, and stays absent.
        if let Backend::Sqlite(path) = &backend {
            if path != ":memory:" && !std::path::Path::new(path).exists() {
                use diesel::migration::MigrationSource;
                let fail =
                    |e: String| StoreError::Unavailable(format!("cannot read the migrations: {e}"));
                let mut pending: Vec<String> =
                    MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                        .map_err(|e| fail(e.to_string()))?
                        .iter()
                        .map(|m| m.name().to_string())
                        .collect();
                pending.sort();
                return Ok(MigrationStatus {
                    applied: Vec::new(),
                    pending,
                });
            }
        }
        let manager = Manager {
            backend,
            busy_timeout_ms: cfg.busy_timeout.as_millis(),
            statement_timeout_ms: cfg.statement_timeout.as_millis(),
        };
        let mut conn = manager
            .open()
            .map_err(|e| StoreError::Unavailable(format!("cannot open database: {e}")))?;
        match &mut conn {
            AnyConnection::Postgresql(c) => status(c, POSTGRES_MIGRATIONS),
            AnyConnection::Sqlite(c) => status(c, SQLITE_MIGRATIONS),
        }
    }

    /// Applies the migrations older than `version` only, then runs `sql` (tests: a database
    /// as the previous release left it, with data, before the next migration runs).
    pub fn migrate_before(cfg: &DbConfig, version: &str, sql: &str) -> Result<(), StoreError> {
        let backend = Backend::from_url(&cfg.url).map_err(StoreError::Unavailable)?;
        let manager = Manager {
            backend,
            busy_timeout_ms: cfg.busy_timeout.as_millis(),
            statement_timeout_ms: cfg.statement_timeout.as_millis(),
        };
        let mut conn = manager
            .open()
            .map_err(|e| StoreError::Unavailable(format!("cannot open database: {e}")))?;
        let fail = |e: String| StoreError::Unavailable(format!("migration failed: {e}"));
        fn step<DB, C>(c: &mut C, source: EmbeddedMigrations, version: &str) -> Result<bool, String>
        where
            DB: diesel::backend::Backend,
            C: MigrationHarness<DB>,
            EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
        {
            let pending = c.pending_migrations(source).map_err(|e| e.to_string())?;
            let mut next: Vec<_> = pending.iter().collect();
            next.sort_by_key(|m| m.name().version().to_string());
            match next.first() {
                Some(m) if m.name().version().to_string().as_str() < version => {
                    c.run_migration(*m).map_err(|e| e.to_string())?;
                    Ok(true)
                }
                _ => Ok(false),
            }
        }
        loop {
            let more = match &mut conn {
                AnyConnection::Postgresql(c) => step(c, POSTGRES_MIGRATIONS, version),
                AnyConnection::Sqlite(c) => step(c, SQLITE_MIGRATIONS, version),
            }
            .map_err(fail)?;
            if !more {
                break;
            }
        }
        conn.batch_execute(sql).map_err(|e| fail(e.to_string()))
    }

    /// Connects, runs pending migrations and builds the pool. Fails if the database cannot
    /// be reached.
    pub fn connect(cfg: &DbConfig) -> Result<Self, StoreError> {
        let backend = Backend::from_url(&cfg.url).map_err(StoreError::Unavailable)?;
        let manager = Manager {
            backend: backend.clone(),
            busy_timeout_ms: cfg.busy_timeout.as_millis(),
            statement_timeout_ms: cfg.statement_timeout.as_millis(),
        };
        // Migrations run once on a dedicated connection of the concrete type.
        let mut first = manager
            .open()
            .map_err(|e| StoreError::Unavailable(format!("cannot open database: {e}")))?;
        migrate(&mut first)?;
        drop(first);
        let pool = Pool::builder()
            .max_size(cfg.pool_size.max(1))
            // No background replenishment: a connection being opened by r2d2's worker thread
            // while the process exits races libpq's OpenSSL teardown (seen as SIGSEGV at the
            // end of short CLI commands). Connections are opened on demand and then kept.
            .min_idle(Some(0))
            .connection_timeout(cfg.connect_timeout.max(Duration::from_millis(100)))
            .build(manager)
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Self {
            pool,
            backend_name: backend.name(),
        })
    }

    /// "sqlite" or "postgres".
    pub fn backend_name(&self) -> &'static str {
        self.backend_name
    }

    /// Connections the pool holds: `(in use, idle)`.
    pub fn pool_state(&self) -> (u32, u32) {
        let s = self.pool.state();
        (
            s.connections.saturating_sub(s.idle_connections),
            s.idle_connections,
        )
    }

    /// A pooled connection.
    pub(crate) fn conn(&self) -> Result<PooledConnection<Manager>, StoreError> {
        self.pool
            .get()
            .map_err(|e| StoreError::Unavailable(e.to_string()))
    }

    /// Runs a trivial query: the readiness check.
    pub fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        conn.ping().map_err(map_err)
    }

    /// Runs `f` in a transaction.
    pub(crate) fn transaction<T>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, diesel::result::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let conn: &mut AnyConnection = &mut conn;
        conn.transaction(f).map_err(map_err)
    }

    /// Runs `f` on a pooled connection.
    pub(crate) fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, diesel::result::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        f(&mut conn).map_err(map_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_select_backends() {
        assert_eq!(
            Backend::from_url("postgres://u@h/db"),
            Ok(Backend::Postgres("postgres://u@h/db".into()))
        );
        assert_eq!(
            Backend::from_url("sqlite://gatehouse.db"),
            Ok(Backend::Sqlite("gatehouse.db".into()))
        );
        assert_eq!(
            Backend::from_url("sqlite:/var/lib/g.db"),
            Ok(Backend::Sqlite("/var/lib/g.db".into()))
        );
        assert_eq!(
            Backend::from_url("g.db"),
            Ok(Backend::Sqlite("g.db".into()))
        );
        assert!(Backend::from_url("mysql://x").is_err());
        assert!(Backend::from_url("").is_err());
    }
}
