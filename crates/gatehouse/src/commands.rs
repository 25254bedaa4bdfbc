//! Command implementations: parse the arguments, call the services
//! (`gatehouse_server::services`), print text or `--json`.

mod client;
mod keys;
mod sso;
mod user;

use anyhow::Context;
use gatehouse_core::audit::AuditRepo;
use gatehouse_server::config::{self, Config, LogFormat};
use gatehouse_server::services::Operator;
use gatehouse_server::telemetry;
use gatehouse_store::Database;

use std::io::Write;

use crate::cli::{AuditArgs, AuditCommand, Cli, Command, ConfigCommand};

/// Dispatches a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Config(ConfigCommand::Docs) = cli.command {
        let docs = config::render_markdown();
        out!("{}", docs.strip_suffix('\n').unwrap_or(&docs));
        return Ok(());
    }
    if let Command::Config(ConfigCommand::Openapi) = cli.command {
        out!("{}", gatehouse_server::admin::api::openapi::json());
        return Ok(());
    }
    let config = config::load(cli.config.as_deref())?;
    let format = if cli.log_json {
        LogFormat::Json
    } else {
        config.log_format
    };
    match cli.command {
        Command::Serve => {
            telemetry::init(format, &config.log_level, config.otlp_endpoint.as_deref());
            let served = actix_web::rt::System::new().block_on(gatehouse_server::serve(config));
            telemetry::flush();
            served
        }
        other => {
            // Operator commands keep stdout for their output; only warnings and errors log.
            telemetry::init(format, "warn", None);
            run_operator(other, config)
        }
    }
}

fn run_operator(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Migrate(args) if args.dry_run => {
            let status = gatehouse_store::Database::migration_status(
                &gatehouse_server::state::db_config(&config),
            )
            .map_err(|e| anyhow::anyhow!("database: {e}"))?;
            if args.json.json {
                print_json(&serde_json::json!({
                    "applied": status.applied.len(),
                    "pending": status.pending,
                }));
            } else if status.pending.is_empty() {
                out!("no pending migrations ({} applied)", status.applied.len());
            } else {
                out!("pending migrations ({} applied):", status.applied.len());
                for name in &status.pending {
                    out!("  {name}");
                }
            }
            Ok(())
        }
        Command::Migrate(args) => {
            let db = gatehouse_server::app::open_database(&config)?;
            if args.json.json {
                print_json(
                    &serde_json::json!({ "status": "up to date", "backend": db.backend_name() }),
                );
            } else {
                out!("database is up to date ({})", db.backend_name());
            }
            Ok(())
        }
        Command::Export { output, json } => {
            let db = open(&config)?;
            let op = operator(&db, &config);
            let file = gatehouse_server::services::export::export(&op)?;
            let text = serde_json::to_vec_pretty(&file)?;
            write_private(&output, &text)
                .with_context(|| format!("cannot write {}", output.display()))?;
            let (users, clients, rows) = (
                file.data.users.len(),
                file.data.clients.len(),
                file.data.len(),
            );
            if json.json {
                print_json(
                    &serde_json::json!({ "file": output, "users": users, "clients": clients, "rows": rows, "schema": file.schema }),
                );
            } else {
                out!(
                    "exported {users} users, {clients} clients ({rows} rows) to {}",
                    output.display()
                );
            }
            Ok(())
        }
        Command::Import { file, json } => {
            let text =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let parsed = gatehouse_server::services::export::parse(&text)?;
            let db = open(&config)?;
            let op = operator(&db, &config);
            let done = gatehouse_server::services::export::import(&op, parsed)?;
            if json.json {
                print_json(
                    &serde_json::json!({ "users": done.users, "clients": done.clients, "rows": done.rows }),
                );
            } else {
                out!(
                    "imported {} users, {} clients ({} rows)",
                    done.users,
                    done.clients,
                    done.rows
                );
            }
            Ok(())
        }
        Command::Client(c) => client::run(c, &config),
        Command::User(c) => user::run(c, &config),
        Command::Keys(c) => keys::run(c, &config),
        Command::Audit(AuditArgs {
            command:
                Some(AuditCommand::Export {
                    since,
                    until,
                    user,
                    client,
                    kind,
                    json_lines: _,
                }),
            ..
        }) => {
            let db = open(&config)?;
            let op = operator(&db, &config);
            let filter = gatehouse_server::services::audit::Filter {
                user,
                client,
                action: kind,
                since,
                until,
                cursor: None,
                limit: None,
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            gatehouse_server::services::audit::each_batch(&op, &filter, |batch| {
                for e in batch {
                    let line = gatehouse_server::admin::api::event::EventOut::from(e.clone());
                    serde_json::to_writer(&mut out, &line)?;
                    out.write_all(b"\n")?;
                }
                Ok::<(), anyhow::Error>(())
            })?;
            out.flush()?;
            Ok(())
        }
        Command::Audit(AuditArgs { limit, json, .. }) => {
            let db = open(&config)?;
            let events = db.recent(limit.clamp(1, 10_000))?;
            if json.json {
                print_json(&serde_json::to_value(&events)?);
            } else {
                for e in &events {
                    out!(
                        "{}  {:<28} {:<8} {}  {}{}",
                        e.at,
                        e.action,
                        e.outcome,
                        e.actor,
                        e.target.as_deref().unwrap_or("-"),
                        e.ip.as_deref()
                            .map(|ip| format!("  from {ip}"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        Command::Config(ConfigCommand::Check(j)) if j.json => {
            print_json(&serde_json::json!({
                "issuer": config.issuer,
                "server.listen": config.listen.to_string(),
                "database": redact_url(&config.database_url),
                "redis": redis_shown(&config),
                "warnings": config.warnings(),
            }));
            Ok(())
        }
        Command::Config(ConfigCommand::Check(_)) => {
            out!("issuer = {}", config.issuer);
            out!("server.listen = {}", config.listen);
            out!("database = {}", redact_url(&config.database_url));
            out!(
                "redis = {}",
                redis_shown(&config).unwrap_or_else(|| "(in-process)".into())
            );
            for w in config.warnings() {
                out!("warning: {w}");
            }
            Ok(())
        }
        Command::Config(ConfigCommand::Docs | ConfigCommand::Openapi) | Command::Serve => {
            unreachable!("handled above")
        }
    }
}

/// Hides a password in a URL for display (user info and a `password=` query parameter).
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k.eq_ignore_ascii_case("password") {
                        "***".into()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            if !pairs.is_empty() {
                u.query_pairs_mut().clear().extend_pairs(pairs);
            }
            u.to_string()
        }
        Err(_) => "(unparsable URL)".to_string(),
    }
}

/// Where the ephemeral store lives, passwords hidden (`None`: in process).
fn redis_shown(config: &Config) -> Option<String> {
    if !config.redis_cluster_urls.is_empty() {
        let nodes: Vec<String> = config
            .redis_cluster_urls
            .iter()
            .map(|u| redact_url(u))
            .collect();
        return Some(format!("cluster {}", nodes.join(", ")));
    }
    let url = config.redis_url.as_deref()?;
    Some(match url.strip_prefix("redis+sentinel://") {
        // The hosts list is no URL: hide whatever precedes '@'.
        Some(rest) => match rest.rsplit_once('@') {
            Some((_, hosts)) => format!("redis+sentinel://***@{hosts}"),
            None => url.to_string(),
        },
        None => redact_url(url),
    })
}

/// Opens the database for an operator command.
fn open(config: &Config) -> anyhow::Result<Database> {
    gatehouse_server::app::open_database(config)
}

/// What a CLI action passes to the services: audited as `cli`, at the wall-clock time.
fn operator<'a>(db: &'a Database, config: &'a Config) -> Operator<'a> {
    Operator {
        db,
        config,
        actor: "cli",
        now: gatehouse_server::clock::now(),
    }
}

/// Prints JSON with a trailing newline.
fn print_json(value: &serde_json::Value) {
    out!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

/// Writes `bytes` to `path` readable by its owner only (an export holds password hashes),
/// through a temporary file renamed into place: a reader never sees half a file.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
