//! `gatehouse client ...`

use anyhow::{anyhow, bail, Context};
use gatehouse_core::client::{AuthMethod, Client, ClientRepo, ClientRequest, GrantType};
use gatehouse_core::secret::{client_secret_from_random, hash_secret};
use gatehouse_core::{ClientId, StoreError};
use gatehouse_server::config::Config;
use gatehouse_server::{app::now, random};
use serde_json::{json, Value};

use super::{audit, open, print_json};
use crate::cli::{ClientCommand, ClientCreate};

pub fn run(cmd: ClientCommand, config: &Config) -> anyhow::Result<()> {
    match cmd {
        ClientCommand::Create(args) => create(*args, config),
        ClientCommand::List(j) => {
            let db = open(config)?;
            let clients = db.list_clients()?;
            if j.json {
                print_json(&Value::Array(
                    clients.iter().map(|c| describe(c, None)).collect(),
                ));
            } else if clients.is_empty() {
                println!("no clients");
            } else {
                for c in &clients {
                    println!(
                        "{}  {}  {}  {}",
                        c.id,
                        c.name,
                        if c.public { "public" } else { "confidential" },
                        c.redirect_uris.join(" ")
                    );
                }
            }
            Ok(())
        }
        ClientCommand::Show { client_ids, json } => {
            let db = open(config)?;
            let clients = client_ids
                .iter()
                .map(|id| get(&db, id))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let values: Vec<Value> = clients.iter().map(|c| describe(c, None)).collect();
            if json.json {
                print_json(&single_or_array(values));
            } else {
                for v in values {
                    print_text(&v);
                }
            }
            Ok(())
        }
        ClientCommand::Delete { client_ids, json } => {
            let db = open(config)?;
            // Check every id first: a typo deletes nothing.
            for id in &client_ids {
                get(&db, id)?;
            }
            for id in &client_ids {
                db.delete_client(&ClientId::new(id.as_str()))?;
                audit(&db, "client.delete", id, json!({}))?;
                if !json.json {
                    println!("deleted client {id}");
                }
            }
            if json.json {
                print_json(&json!({ "deleted": client_ids }));
            }
            Ok(())
        }
        ClientCommand::RotateSecret { client_id, json } => {
            let db = open(config)?;
            let client = get(&db, &client_id)?;
            if client.secret_hash.is_none() {
                bail!(
                    "client {client_id} has no secret ({}): nothing to rotate",
                    client.token_endpoint_auth_method
                );
            }
            let secret = client_secret_from_random(random::bytes::<32>());
            db.set_client_secret(&client.id, &hash_secret(&secret), now())?;
            audit(&db, "client.rotate_secret", &client_id, json!({}))?;
            if json.json {
                print_json(&json!({ "client_id": client_id, "client_secret": secret }));
            } else {
                println!("client_id:     {client_id}\nclient_secret: {secret}\n(shown once)");
            }
            Ok(())
        }
    }
}

fn get(db: &gatehouse_store::Database, id: &str) -> anyhow::Result<Client> {
    db.get_client(&ClientId::new(id)).map_err(|e| match e {
        StoreError::NotFound => anyhow!("no client with id {id}"),
        other => anyhow!(other),
    })
}

fn single_or_array(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

fn create(args: ClientCreate, config: &Config) -> anyhow::Result<()> {
    let grant_types = args
        .grant_types
        .iter()
        .map(|g| {
            g.parse::<GrantType>()
                .map_err(|e| anyhow!("--grant-type: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let method = args
        .token_endpoint_auth_method
        .as_deref()
        .map(|m| {
            m.parse::<AuthMethod>()
                .map_err(|e| anyhow!("--token-endpoint-auth-method: {e}"))
        })
        .transpose()?;
    let jwks = match &args.jwks_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--jwks-file {}", path.display()))?;
            let parsed: Value = serde_json::from_str(&text)
                .map_err(|e| anyhow!("--jwks-file {}: not JSON: {e}", path.display()))?;
            if !parsed.get("keys").is_some_and(Value::is_array) {
                bail!(
                    "--jwks-file {}: expected a JWKS {{\"keys\": [...]}}",
                    path.display()
                );
            }
            Some(parsed.to_string())
        }
        None => None,
    };
    let request = ClientRequest {
        name: args.name,
        redirect_uris: args.redirect_uris,
        post_logout_redirect_uris: args.post_logout_redirect_uris,
        grant_types,
        public: args.public,
        first_party: args.first_party,
        backchannel_logout_uri: args.backchannel_logout_uri,
        token_endpoint_auth_method: method,
        jwks_uri: args.jwks_uri,
        jwks,
        id_token_signed_response_alg: args.id_token_signed_response_alg,
        allowed_scopes: args.scopes,
    };
    let valid = request.validate()?;
    let secret = valid
        .needs_secret
        .then(|| client_secret_from_random(random::bytes::<32>()));
    let t = now();
    let r = valid.request;
    let client = Client {
        id: ClientId::new(random::client_id()),
        name: r.name,
        secret_hash: secret.as_deref().map(hash_secret),
        redirect_uris: r.redirect_uris,
        post_logout_redirect_uris: r.post_logout_redirect_uris,
        grant_types: valid.grant_types,
        public: r.public,
        first_party: r.first_party,
        backchannel_logout_uri: r.backchannel_logout_uri,
        token_endpoint_auth_method: valid.auth_method,
        jwks_uri: r.jwks_uri,
        jwks: r.jwks,
        id_token_signed_response_alg: r
            .id_token_signed_response_alg
            .unwrap_or_else(|| "RS256".into()),
        allowed_scopes: r.allowed_scopes,
        created_at: t,
        updated_at: t,
    };
    let db = open(config)?;
    db.create_client(&client)?;
    if let Err(e) = ensure_signing_key(&db, config, &client.id_token_signed_response_alg) {
        // The client exists; the key can be added later with `keys rotate --alg`.
        eprintln!("warning: no {} signing key could be created ({e:#}); run `gatehouse keys rotate --alg {}`", client.id_token_signed_response_alg, client.id_token_signed_response_alg);
    }
    audit(
        &db,
        "client.create",
        client.id.as_str(),
        json!({ "name": client.name }),
    )?;
    let out = describe(&client, Some(secret));
    if args.json.json {
        print_json(&out);
    } else {
        print_text(&out);
        if client.secret_hash.is_some() {
            println!("(the secret is shown once and cannot be displayed again)");
        }
    }
    Ok(())
}

/// A client asking for ID tokens signed with an algorithm that has no active key gets one
/// created now (RS256 and ES256 exist from the first start; EdDSA is added on demand).
/// Running servers pick it up within a minute, or at once on SIGHUP.
fn ensure_signing_key(
    db: &gatehouse_store::Database,
    config: &Config,
    alg: &str,
) -> anyhow::Result<()> {
    use gatehouse_core::keys::{KeyAlg, KeyPlan, KeyRepo};
    let alg: KeyAlg = alg.parse().map_err(|e: String| anyhow!(e))?;
    if db
        .list_keys()?
        .iter()
        .any(|k| k.alg == alg && k.is_active())
    {
        return Ok(());
    }
    let (master, _) = gatehouse_server::keyring::MasterKey::load(&config.master_key)?;
    let plan = KeyPlan {
        create: vec![alg],
        ..Default::default()
    };
    let created = gatehouse_server::keyring::apply_plan(db, &master, &plan, now())?;
    audit(
        db,
        "keys.create",
        &created.join(","),
        json!({ "alg": alg.as_str() }),
    )?;
    eprintln!("note: created an {alg} signing key for this client's ID tokens");
    Ok(())
}

/// The client as operators see it; `secret` is included only right after creation.
fn describe(c: &Client, secret: Option<Option<String>>) -> Value {
    let mut v = json!({
        "client_id": c.id,
        "name": c.name,
        "redirect_uris": c.redirect_uris,
        "post_logout_redirect_uris": c.post_logout_redirect_uris,
        "grant_types": c.grant_types,
        "public": c.public,
        "first_party": c.first_party,
        "token_endpoint_auth_method": c.token_endpoint_auth_method,
        "backchannel_logout_uri": c.backchannel_logout_uri,
        "jwks_uri": c.jwks_uri,
        "jwks": c.jwks.as_deref().and_then(|j| serde_json::from_str::<Value>(j).ok()),
        "id_token_signed_response_alg": c.id_token_signed_response_alg,
        "scopes": c.allowed_scopes,
        "created_at": c.created_at,
    });
    if let (Some(secret), Some(obj)) = (secret, v.as_object_mut()) {
        obj.insert("client_secret".into(), json!(secret));
    }
    v
}

fn print_text(v: &Value) {
    if let Some(obj) = v.as_object() {
        for (k, val) in obj {
            let shown = match val {
                Value::String(s) => s.clone(),
                Value::Null => "-".into(),
                Value::Array(a) if a.is_empty() => "-".into(),
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(" "),
                other => other.to_string(),
            };
            println!("{k:<29} {shown}");
        }
        println!();
    }
}
