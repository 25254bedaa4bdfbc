//! `gatehouse keys ...`

use anyhow::anyhow;
use gatehouse_core::keys::{self, KeyAlg, KeyRepo};
use gatehouse_server::app::now;
use gatehouse_server::config::Config;
use gatehouse_server::keyring::{self, MasterKey};
use serde_json::{json, Value};

use super::{audit, open, print_json};
use crate::cli::KeysCommand;

pub fn run(cmd: KeysCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    let grace = config.key_grace.as_secs();
    match cmd {
        KeysCommand::Rotate { algs, json } => {
            let algs = algs
                .iter()
                .map(|a| a.parse::<KeyAlg>().map_err(|e| anyhow!("--alg: {e}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let (master, _) = MasterKey::load(&config.master_key)?;
            // Refuse to rotate with a master key that cannot read the existing keys: the new
            // keys would be unreadable alongside the old ones.
            let existing = db.list_keys()?;
            if let Some(k) = existing.iter().find(|k| k.is_active()) {
                master.open(&k.kid, &k.private_key_enc)?;
            }
            let t = now();
            let plan = keys::plan_rotation(&existing, &algs, t, grace);
            let created = keyring::apply_plan(&db, &master, &plan, t)?;
            audit(
                &db,
                "keys.rotate",
                &created.join(","),
                json!({ "created": created, "retired": plan.retire, "pruned": plan.prune }),
            )?;
            if json.json {
                print_json(
                    &json!({ "created": created, "retired": plan.retire, "pruned": plan.prune }),
                );
            } else {
                for kid in &created {
                    println!("created {kid}");
                }
                for kid in &plan.retire {
                    println!(
                        "retired {kid} (published for {})",
                        gatehouse_core::duration::format_duration(grace)
                    );
                }
                for kid in &plan.prune {
                    println!("deleted {kid}");
                }
                println!("restart or reload running servers to sign with the new keys");
            }
            Ok(())
        }
        KeysCommand::List(j) => {
            let all = db.list_keys()?;
            let t = now();
            let published: Vec<&str> = keys::published(&all, t, grace)
                .iter()
                .map(|k| k.kid.as_str())
                .collect();
            let rows: Vec<Value> = all
                .iter()
                .map(|k| {
                    let state = if k.is_active() {
                        "active"
                    } else if published.contains(&k.kid.as_str()) {
                        "retired"
                    } else {
                        "expired"
                    };
                    json!({
                        "kid": k.kid,
                        "alg": k.alg,
                        "state": state,
                        "created_at": k.created_at,
                        "retired_at": k.retired_at,
                        "expires_at": k.retired_at.map(|r| r + grace as i64),
                    })
                })
                .collect();
            if j.json {
                print_json(&Value::Array(rows));
            } else if rows.is_empty() {
                println!("no keys yet (they are created when the server first starts)");
            } else {
                for r in &rows {
                    println!(
                        "{}  {:<5}  {}",
                        r["kid"].as_str().unwrap_or(""),
                        r["alg"].as_str().unwrap_or(""),
                        r["state"].as_str().unwrap_or("")
                    );
                }
            }
            Ok(())
        }
    }
}
