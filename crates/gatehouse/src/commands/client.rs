//! `gatehouse client ...`: arguments to `services::clients`, results to text or JSON.

use anyhow::{anyhow, Context};
use gatehouse_core::client::{Client, ClientRequest};
use gatehouse_core::duration::parse_duration;
use gatehouse_server::config::Config;
use gatehouse_server::services::clients::{self, NewClientInput};
use gatehouse_server::services::registration;
use serde_json::{json, Value};

use super::{open, operator, print_json};
use crate::cli::{ClientCommand, ClientCreate, ClientPages, ClientUpdate};

/// Runs a `gatehouse client ...` command.
pub fn run(cmd: ClientCommand, config: &Config) -> anyhow::Result<()> {
    if let ClientCommand::Create(args) = cmd {
        return create(*args, config);
    }
    let db = open(config)?;
    let op = operator(&db, config);
    match cmd {
        ClientCommand::Create(_) => unreachable!("handled above"),
        ClientCommand::Update(args) => {
            let ClientUpdate {
                client_id,
                pages:
                    ClientPages {
                        logo_uri,
                        policy_uri,
                        tos_uri,
                        client_uri,
                    },
                json,
            } = *args;
            let mut request = ClientRequest::from_client(&clients::get(&op, &client_id)?);
            request.replace_pages([logo_uri, policy_uri, tos_uri, client_uri]);
            let updated = clients::update(&op, &client_id, request)?;
            for note in &updated.notes {
                eprintln!("note: {note}");
            }
            // Only a client that now needs a secret and had none gets one (shown once).
            let out = describe(&updated.client, updated.secret.map(Some));
            if json.json {
                print_json(&out);
            } else {
                print_text(&out);
            }
            Ok(())
        }
        ClientCommand::List(j) => {
            let clients = clients::list(&op)?;
            if j.json {
                print_json(&Value::Array(
                    clients.iter().map(|c| describe(c, None)).collect(),
                ));
            } else if clients.is_empty() {
                out!("no clients");
            } else {
                for c in &clients {
                    out!(
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
            let clients = clients::show(&op, &client_ids)?;
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
            clients::delete(&op, &client_ids)?;
            if json.json {
                print_json(&json!({ "deleted": client_ids }));
            } else {
                for id in &client_ids {
                    out!("deleted client {id}");
                }
            }
            Ok(())
        }
        ClientCommand::RotateSecret { client_id, json } => {
            let secret = clients::rotate_secret(&op, &client_id)?;
            if json.json {
                print_json(&json!({ "client_id": client_id, "client_secret": secret }));
            } else {
                out!("client_id:     {client_id}\nclient_secret: {secret}\n(shown once)");
            }
            Ok(())
        }
        ClientCommand::RegistrationToken { expires_in, json } => {
            let ttl = parse_duration(&expires_in).map_err(|e| anyhow!("--expires-in: {e}"))?;
            let (token, expires_at) = registration::issue_initial_token(&op, ttl)?;
            if json.json {
                print_json(&json!({ "token": token, "expires_at": expires_at }));
            } else {
                out!(
                    "token:      {token}\nexpires_at: {expires_at}\n(shown once; a client sends it as \
                     \"Authorization: Bearer <token>\" to POST {}{})",
                    config.issuer,
                    registration::PATH
                );
            }
            Ok(())
        }
    }
}

fn single_or_array(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

fn create(args: ClientCreate, config: &Config) -> anyhow::Result<()> {
    let as_json = args.json.json;
    // The file is the CLI's business; the service checks the text (its message gets the path).
    let jwks = match &args.jwks_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--jwks-file {}", path.display()))?;
            Some(
                clients::parse_jwks(&text)
                    .map_err(|e| anyhow!("--jwks-file {}: {e}", path.display()))?,
            )
        }
        None => None,
    };
    let db = open(config)?;
    let op = operator(&db, config);
    let created = clients::create(
        &op,
        NewClientInput {
            name: args.name,
            logo_uri: args.pages.logo_uri,
            policy_uri: args.pages.policy_uri,
            tos_uri: args.pages.tos_uri,
            client_uri: args.pages.client_uri,
            redirect_uris: args.redirect_uris,
            post_logout_redirect_uris: args.post_logout_redirect_uris,
            grant_types: args.grant_types,
            public: args.public,
            first_party: args.first_party,
            backchannel_logout_uri: args.backchannel_logout_uri,
            backchannel_logout_session_required: args.backchannel_logout_session_required,
            token_endpoint_auth_method: args.token_endpoint_auth_method,
            jwks_uri: args.jwks_uri,
            jwks,
            id_token_signed_response_alg: args.id_token_signed_response_alg,
            allowed_scopes: args.scopes,
        },
    )?;
    let client = &created.client;
    for note in &created.notes {
        eprintln!("note: {note}");
    }
    if let Some(e) = &created.signing_key_error {
        // The client exists; the key can be added later with `keys rotate --alg`.
        let alg = &client.id_token_signed_response_alg;
        eprintln!("warning: no {alg} signing key could be created ({e}); run `gatehouse keys rotate --alg {alg}`");
    }
    let out = describe(client, Some(created.secret.clone()));
    if as_json {
        print_json(&out);
    } else {
        print_text(&out);
        if client.secret_hash.is_some() {
            out!("(the secret is shown once and cannot be displayed again)");
        }
    }
    Ok(())
}

/// The client as operators see it; `secret` is included only right after creation.
fn describe(c: &Client, secret: Option<Option<String>>) -> Value {
    let mut v = json!({
        "client_id": c.id,
        "name": c.name,
        "logo_uri": c.logo_uri,
        "policy_uri": c.policy_uri,
        "tos_uri": c.tos_uri,
        "client_uri": c.client_uri,
        "redirect_uris": c.redirect_uris,
        "post_logout_redirect_uris": c.post_logout_redirect_uris,
        "grant_types": c.grant_types,
        "public": c.public,
        "first_party": c.first_party,
        "token_endpoint_auth_method": c.token_endpoint_auth_method,
        "backchannel_logout_uri": c.backchannel_logout_uri,
        "backchannel_logout_session_required": c.backchannel_logout_session_required,
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
            out!("{k:<29} {shown}");
        }
        out!();
    }
}
