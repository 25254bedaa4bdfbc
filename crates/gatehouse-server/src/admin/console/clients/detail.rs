//! One client application: its details, the edit form (a client that now needs a secret
//! gets one, shown once), a new secret (shown once), and deletion behind a confirmation page.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::client::{AuthMethod, Client, ClientRequest, GrantType};

use super::{ClientForm, DoneQuery};
use crate::admin::api::auth::run;
use crate::admin::console::access::{self, Access, Admin};
use crate::admin::console::{client_url, failed, is_refusal, split_list, when, Chrome, Fields};
use crate::admin::ops;
use crate::pages::{self, PageError};
use crate::services::clients;
use crate::services::ServiceError;
use crate::state::AppState;

/// What a client's page shows besides the client.
#[derive(Default)]
pub(super) struct Shown {
    /// A new secret, shown this once.
    pub(super) secret: Option<String>,
    /// Notes for the operator (a signing key created, or why none could be).
    pub(super) notes: Vec<String>,
    /// What just happened.
    pub(super) notice: Option<&'static str>,
    /// Why the last action was refused.
    pub(super) error: Option<String>,
    /// The posted edit form, shown again with its error.
    pub(super) form: Option<ClientForm>,
}

/// A labelled value of the client's details.
pub(super) struct Detail {
    label: &'static str,
    value: String,
}

/// One client.
#[derive(Template)]
#[template(path = "admin_client.html")]
pub(super) struct ClientPage {
    chrome: Chrome,
    id: String,
    url: String,
    name: String,
    details: Vec<Detail>,
    has_secret: bool,
    secret: Option<String>,
    notes: Vec<String>,
    notice: Option<&'static str>,
    error: Option<String>,
    form: ClientForm,
}

/// The page of client `c`.
pub(super) fn client_page(admin: &Admin, c: &Client, shown: Shown) -> HttpResponse {
    let list = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(" ")
        }
    };
    let or_dash = |u: &Option<String>| u.clone().unwrap_or_else(|| "—".into());
    let grants: Vec<String> = c
        .grant_types
        .iter()
        .map(|g| g.as_str().to_string())
        .collect();
    let details = vec![
        ("Client id", c.id.as_str().to_string()),
        (
            "Type",
            if c.public { "public" } else { "confidential" }.to_string(),
        ),
        (
            "Consent",
            if c.first_party {
                "first-party: not asked"
            } else {
                "asked"
            }
            .to_string(),
        ),
        (
            "Token endpoint authentication",
            c.token_endpoint_auth_method.as_str().to_string(),
        ),
        ("Grant types", grants.join(" ")),
        ("Redirect URIs", list(&c.redirect_uris)),
        (
            "Post-logout redirect URIs",
            list(&c.post_logout_redirect_uris),
        ),
        (
            "Scopes",
            if c.allowed_scopes.is_empty() {
                "every supported scope".to_string()
            } else {
                c.allowed_scopes.join(" ")
            },
        ),
        (
            "Back-channel logout",
            c.backchannel_logout_uri
                .clone()
                .unwrap_or_else(|| "—".into()),
        ),
        ("ID token algorithm", c.id_token_signed_response_alg.clone()),
        ("Logo", or_dash(&c.logo_uri)),
        ("Privacy policy", or_dash(&c.policy_uri)),
        ("Terms of service", or_dash(&c.tos_uri)),
        ("Home page", or_dash(&c.client_uri)),
        ("Registered", when(c.created_at)),
        ("Last changed", when(c.updated_at)),
    ]
    .into_iter()
    .map(|(label, value)| Detail { label, value })
    .collect();
    let page = ClientPage {
        chrome: Chrome::of(admin, "clients"),
        id: c.id.as_str().to_string(),
        url: client_url(c.id.as_str()),
        name: c.name.clone(),
        details,
        has_secret: c.secret_hash.is_some(),
        secret: shown.secret,
        notes: shown.notes,
        notice: shown.notice,
        error: shown.error,
        form: shown.form.unwrap_or_else(|| ClientForm::of(c)),
    };
    pages::render(HttpResponse::Ok(), &page)
}

/// `GET /admin/clients/{id}`.
pub(in crate::admin::console) async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let here = access::here(&req, "/admin/clients");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let client = load(&state, &admin, id).await?;
    let notice = match q.done.as_deref() {
        Some("saved") => Some("The changes were saved."),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    Ok(client_page(&admin, &client, shown))
}

async fn load(state: &web::Data<AppState>, admin: &Admin, id: String) -> Result<Client, PageError> {
    run(state, &admin.caller, move |op| clients::get(op, &id))
        .await
        .map_err(failed)
}

/// The edit form as posted: plain data, applied to the request describing the client now.
struct ClientEdit {
    name: String,
    logo_uri: Option<String>,
    policy_uri: Option<String>,
    tos_uri: Option<String>,
    client_uri: Option<String>,
    redirect_uris: Vec<String>,
    post_logout_redirect_uris: Vec<String>,
    grant_types: Vec<String>,
    public: bool,
    first_party: bool,
    scopes: Vec<String>,
    backchannel_logout_uri: Option<String>,
    alg: Option<String>,
    auth_method: Option<String>,
}

impl ClientEdit {
    fn posted(f: &Fields) -> Self {
        Self {
            name: f.text("name").unwrap_or_default(),
            logo_uri: f.text("logo_uri"),
            policy_uri: f.text("policy_uri"),
            tos_uri: f.text("tos_uri"),
            client_uri: f.text("client_uri"),
            redirect_uris: split_list(f.get("redirect_uris").unwrap_or(""), false),
            post_logout_redirect_uris: split_list(
                f.get("post_logout_redirect_uris").unwrap_or(""),
                false,
            ),
            grant_types: f.all("grant_type"),
            public: f.checked("public"),
            first_party: f.checked("first_party"),
            scopes: split_list(f.get("scopes").unwrap_or(""), true),
            backchannel_logout_uri: f.text("backchannel_logout_uri"),
            alg: f.text("id_token_alg"),
            auth_method: f.text("auth_method"),
        }
    }

    /// `r` with the form's values. A client switched between public and confidential with
    /// its authentication method left as it was gets the new type's default.
    fn apply(self, mut r: ClientRequest) -> Result<ClientRequest, ServiceError> {
        let asked = self
            .auth_method
            .as_deref()
            .map(|m| {
                m.parse::<AuthMethod>()
                    .map_err(|e| ServiceError::Invalid(format!("authentication method: {e}")))
            })
            .transpose()?;
        let switched = r.public != self.public;
        r.token_endpoint_auth_method = match asked {
            Some(m) if switched && Some(m) == r.token_endpoint_auth_method => None,
            None if switched => None,
            Some(m) => Some(m),
            None => r.token_endpoint_auth_method,
        };
        r.grant_types = self
            .grant_types
            .iter()
            .map(|g| {
                g.parse::<GrantType>()
                    .map_err(|e| ServiceError::Invalid(format!("grant type: {e}")))
            })
            .collect::<Result<_, _>>()?;
        r.name = self.name;
        // A blank field removes the page.
        r.logo_uri = self.logo_uri;
        r.policy_uri = self.policy_uri;
        r.tos_uri = self.tos_uri;
        r.client_uri = self.client_uri;
        r.redirect_uris = self.redirect_uris;
        r.post_logout_redirect_uris = self.post_logout_redirect_uris;
        r.public = self.public;
        r.first_party = self.first_party;
        r.allowed_scopes = self.scopes;
        r.backchannel_logout_uri = self.backchannel_logout_uri;
        if r.backchannel_logout_uri.is_none() {
            r.backchannel_logout_session_required = false;
        }
        if self.alg.is_some() {
            r.id_token_signed_response_alg = self.alg;
        }
        Ok(r)
    }
}

/// `POST /admin/clients/{id}`: saves the edit form. A client that now needs a secret gets
/// one, shown on the answer, once.
pub(in crate::admin::console) async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let id = id.into_inner();
    let back = client_url(&id);
    let admin = match access::check_form(&req, &state, &back, form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let edit = ClientEdit::posted(&form);
    match ops::update_client(&state, &admin.caller, id.clone(), move |r| edit.apply(r)).await {
        Ok(updated) if updated.secret.is_none() && updated.signing_key_error.is_none() => {
            Ok(crate::signin::redirect(&format!("{back}?done=saved")))
        }
        Ok(updated) => {
            let mut notes = updated.notes;
            notes.extend(updated.signing_key_error);
            let shown = Shown {
                secret: updated.secret,
                notes,
                notice: Some("The changes were saved."),
                ..Shown::default()
            };
            Ok(client_page(&admin, &updated.client, shown))
        }
        Err(p) if is_refusal(&p) && p.status != 404 => {
            let client = load(&state, &admin, id).await?;
            let shown = Shown {
                error: Some(p.detail),
                form: Some(ClientForm::posted(&form)),
                ..Shown::default()
            };
            Ok(client_page(&admin, &client, shown))
        }
        Err(p) => Err(failed(p)),
    }
}

/// `POST /admin/clients/{id}/secret`: a new secret, shown once; the old one stops working.
pub(in crate::admin::console) async fn rotate_secret(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let id = id.into_inner();
    let back = client_url(&id);
    let admin = match access::check_form(&req, &state, &back, form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let rotated = ops::rotate_client_secret(&state, &admin.caller, id.clone()).await;
    let shown = match rotated {
        Ok(secret) => Shown {
            secret: Some(secret),
            notice: Some("A new secret was made; the old one no longer works."),
            ..Shown::default()
        },
        Err(p) if p.status == 409 => Shown {
            error: Some(p.detail),
            ..Shown::default()
        },
        Err(p) => return Err(failed(p)),
    };
    let client = load(&state, &admin, id).await?;
    Ok(client_page(&admin, &client, shown))
}

/// The confirmation before deleting.
#[derive(Template)]
#[template(path = "admin_client_delete.html")]
pub(super) struct DeletePage {
    chrome: Chrome,
    id: String,
    url: String,
    name: String,
}

/// `GET /admin/clients/{id}/delete`: asks first.
pub(in crate::admin::console) async fn confirm_delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let here = access::here(&req, "/admin/clients");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let client = load(&state, &admin, id).await?;
    let page = DeletePage {
        chrome: Chrome::of(&admin, "clients"),
        id: client.id.as_str().to_string(),
        url: client_url(client.id.as_str()),
        name: client.name,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `POST /admin/clients/{id}/delete`: deletes the client.
pub(in crate::admin::console) async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let id = id.into_inner();
    let back = client_url(&id);
    let admin = match access::check_form(&req, &state, &back, form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    ops::delete_client(&state, &admin.caller, id)
        .await
        .map_err(failed)?;
    Ok(crate::signin::redirect("/admin/clients?done=deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(public: bool, method: AuthMethod) -> ClientRequest {
        ClientRequest {
            name: "App".into(),
            redirect_uris: vec!["https://app.example/cb".into()],
            public,
            token_endpoint_auth_method: Some(method),
            ..ClientRequest::default()
        }
    }

    #[test]
    fn the_edit_form_replaces_what_it_shows() {
        let f = Fields::parse(
            b"name=New&redirect_uris=https%3A%2F%2Fa%2Fcb%0D%0Ahttps%3A%2F%2Fb%2Fcb\
              &grant_type=authorization_code&scopes=openid+email&auth_method=client_secret_basic",
        );
        let r = ClientEdit::posted(&f)
            .apply(request(false, AuthMethod::ClientSecretBasic))
            .unwrap();
        assert_eq!(r.name, "New");
        assert_eq!(r.redirect_uris, ["https://a/cb", "https://b/cb"]);
        assert_eq!(r.grant_types, [GrantType::AuthorizationCode]);
        assert_eq!(r.allowed_scopes, ["openid", "email"]);
        assert_eq!(
            r.token_endpoint_auth_method,
            Some(AuthMethod::ClientSecretBasic)
        );
        assert_eq!(r.logo_uri, None);
    }

    #[test]
    fn the_edit_form_sets_and_clears_the_pages() {
        let f = Fields::parse(
            b"name=A&logo_uri=https%3A%2F%2Fapp.example%2Flogo.png&policy_uri=+&tos_uri=\
              &client_uri=https%3A%2F%2Fapp.example%2F",
        );
        let before = ClientRequest {
            policy_uri: Some("https://app.example/privacy".into()),
            tos_uri: Some("https://app.example/tos".into()),
            ..request(false, AuthMethod::ClientSecretBasic)
        };
        let r = ClientEdit::posted(&f).apply(before).unwrap();
        assert_eq!(r.logo_uri.as_deref(), Some("https://app.example/logo.png"));
        assert_eq!((r.policy_uri, r.tos_uri), (None, None));
        assert_eq!(r.client_uri.as_deref(), Some("https://app.example/"));
    }

    #[test]
    fn switching_type_with_the_method_untouched_takes_the_default() {
        // Confidential to public, the select still on client_secret_basic.
        let f = Fields::parse(b"name=A&public=on&auth_method=client_secret_basic");
        let r = ClientEdit::posted(&f)
            .apply(request(false, AuthMethod::ClientSecretBasic))
            .unwrap();
        assert!(r.public);
        assert_eq!(r.token_endpoint_auth_method, None);
        // A method chosen on purpose stays.
        let f = Fields::parse(b"name=A&auth_method=client_secret_post");
        let r = ClientEdit::posted(&f)
            .apply(request(true, AuthMethod::None))
            .unwrap();
        assert_eq!(
            r.token_endpoint_auth_method,
            Some(AuthMethod::ClientSecretPost)
        );
        // An unknown method is refused.
        let f = Fields::parse(b"name=A&auth_method=magic");
        assert!(ClientEdit::posted(&f)
            .apply(request(false, AuthMethod::ClientSecretBasic))
            .is_err());
    }
}
