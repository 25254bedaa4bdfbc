//! Client applications: the list with the registration form (the secret is shown once, on
//! the page that answers the registration); one client's page is in [`detail`].

mod detail;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::client::{Client, GrantType, ID_TOKEN_ALGS};
use serde::Deserialize;

use super::access::{self, Access, Admin};
use super::{client_url, failed, is_refusal, split_list, Chrome, Fields, Opt};
use crate::admin::api::auth::run;
use crate::admin::ops;
use crate::pages::{self, PageError};
use crate::services::clients::{self, NewClientInput};
use crate::state::AppState;
use detail::{client_page, Shown};

pub(super) use detail::{confirm_delete, delete, rotate_secret, show, update};

/// Grant types an operator may tick, with their labels.
const GRANTS: [(&str, &str); 3] = [
    ("authorization_code", "Authorization code (people sign in)"),
    ("refresh_token", "Refresh tokens"),
    (
        "client_credentials",
        "Client credentials (a service acting for itself)",
    ),
];

/// Token endpoint authentication methods, with their labels.
const AUTH_METHODS: [(&str, &str); 4] = [
    (
        "client_secret_basic",
        "client_secret_basic (secret in HTTP Basic)",
    ),
    (
        "client_secret_post",
        "client_secret_post (secret in the form)",
    ),
    ("private_key_jwt", "private_key_jwt (the client's own key)"),
    ("none", "none (public client, PKCE)"),
];

/// The fields of the registration and edit forms, as shown.
pub(super) struct ClientForm {
    name: String,
    logo_uri: String,
    policy_uri: String,
    tos_uri: String,
    client_uri: String,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grants: Vec<Opt>,
    public: bool,
    first_party: bool,
    scopes: String,
    backchannel_logout_uri: String,
    algs: Vec<Opt>,
    auth_methods: Vec<Opt>,
}

impl ClientForm {
    /// The registration form, empty.
    fn blank() -> Self {
        Self::shown(
            "",
            ("", "", "", ""),
            "",
            "",
            &["authorization_code", "refresh_token"],
            (false, false),
            "",
            "",
            "RS256",
            "",
        )
    }

    /// The edit form of `c`.
    fn of(c: &Client) -> Self {
        let grants: Vec<&str> = c.grant_types.iter().map(GrantType::as_str).collect();
        Self::shown(
            &c.name,
            (
                c.logo_uri.as_deref().unwrap_or(""),
                c.policy_uri.as_deref().unwrap_or(""),
                c.tos_uri.as_deref().unwrap_or(""),
                c.client_uri.as_deref().unwrap_or(""),
            ),
            &c.redirect_uris.join("\n"),
            &c.post_logout_redirect_uris.join("\n"),
            &grants,
            (c.public, c.first_party),
            &c.allowed_scopes.join(" "),
            c.backchannel_logout_uri.as_deref().unwrap_or(""),
            &c.id_token_signed_response_alg,
            c.token_endpoint_auth_method.as_str(),
        )
    }

    /// A posted form, shown again with its problem.
    fn posted(f: &Fields) -> Self {
        let grants = f.all("grant_type");
        let grants: Vec<&str> = grants.iter().map(String::as_str).collect();
        Self::shown(
            f.get("name").unwrap_or(""),
            (
                f.get("logo_uri").unwrap_or(""),
                f.get("policy_uri").unwrap_or(""),
                f.get("tos_uri").unwrap_or(""),
                f.get("client_uri").unwrap_or(""),
            ),
            f.get("redirect_uris").unwrap_or(""),
            f.get("post_logout_redirect_uris").unwrap_or(""),
            &grants,
            (f.checked("public"), f.checked("first_party")),
            f.get("scopes").unwrap_or(""),
            f.get("backchannel_logout_uri").unwrap_or(""),
            f.get("id_token_alg").unwrap_or("RS256"),
            f.get("auth_method").unwrap_or(""),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn shown(
        name: &str,
        (logo_uri, policy_uri, tos_uri, client_uri): (&str, &str, &str, &str),
        redirect_uris: &str,
        post_logout_redirect_uris: &str,
        grants: &[&str],
        (public, first_party): (bool, bool),
        scopes: &str,
        backchannel_logout_uri: &str,
        alg: &str,
        auth_method: &str,
    ) -> Self {
        Self {
            name: name.to_string(),
            logo_uri: logo_uri.to_string(),
            policy_uri: policy_uri.to_string(),
            tos_uri: tos_uri.to_string(),
            client_uri: client_uri.to_string(),
            redirect_uris: redirect_uris.to_string(),
            post_logout_redirect_uris: post_logout_redirect_uris.to_string(),
            grants: GRANTS
                .iter()
                .map(|(v, l)| Opt::new(v, l, grants.contains(v)))
                .collect(),
            public,
            first_party,
            scopes: scopes.to_string(),
            backchannel_logout_uri: backchannel_logout_uri.to_string(),
            algs: ID_TOKEN_ALGS
                .iter()
                .map(|a| Opt::new(a, a, *a == alg))
                .collect(),
            auth_methods: AUTH_METHODS
                .iter()
                .map(|(v, l)| Opt::new(v, l, *v == auth_method))
                .collect(),
        }
    }
}

/// One row of the clients table.
pub(super) struct ClientRow {
    id: String,
    url: String,
    name: String,
    kind: &'static str,
    first_party: bool,
    redirect_uris: String,
}

/// The list and the registration form.
#[derive(Template)]
#[template(path = "admin_clients.html")]
pub(super) struct ListPage {
    chrome: Chrome,
    rows: Vec<ClientRow>,
    notice: Option<&'static str>,
    error: Option<String>,
    form: ClientForm,
}

/// `?done=` after an action.
#[derive(Debug, Deserialize)]
pub(super) struct DoneQuery {
    done: Option<String>,
}

/// `GET /admin/clients`.
pub(super) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let admin = match access::check(&req, &state, "/admin/clients").await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let notice = match q.done.as_deref() {
        Some("deleted") => Some("The application was deleted."),
        _ => None,
    };
    list_page(&state, &admin, notice, None, ClientForm::blank()).await
}

async fn list_page(
    state: &web::Data<AppState>,
    admin: &Admin,
    notice: Option<&'static str>,
    error: Option<String>,
    form: ClientForm,
) -> Result<HttpResponse, PageError> {
    let all = run(state, &admin.caller, clients::list)
        .await
        .map_err(failed)?;
    let page = ListPage {
        chrome: Chrome::of(admin, "clients"),
        rows: all
            .iter()
            .map(|c| ClientRow {
                id: c.id.as_str().to_string(),
                url: client_url(c.id.as_str()),
                name: c.name.clone(),
                kind: if c.public { "public" } else { "confidential" },
                first_party: c.first_party,
                redirect_uris: c.redirect_uris.join(" "),
            })
            .collect(),
        notice,
        error,
        form,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `POST /admin/clients`: registers a client and shows it with its secret, once.
pub(super) async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let admin = match access::check_form(&req, &state, "/admin/clients", form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let input = NewClientInput {
        name: form.text("name").unwrap_or_default(),
        logo_uri: form.text("logo_uri"),
        policy_uri: form.text("policy_uri"),
        tos_uri: form.text("tos_uri"),
        client_uri: form.text("client_uri"),
        redirect_uris: split_list(form.get("redirect_uris").unwrap_or(""), false),
        post_logout_redirect_uris: split_list(
            form.get("post_logout_redirect_uris").unwrap_or(""),
            false,
        ),
        grant_types: form.all("grant_type"),
        public: form.checked("public"),
        first_party: form.checked("first_party"),
        backchannel_logout_uri: form.text("backchannel_logout_uri"),
        id_token_signed_response_alg: form.text("id_token_alg"),
        allowed_scopes: split_list(form.get("scopes").unwrap_or(""), true),
        ..NewClientInput::default()
    };
    match ops::create_client(&state, &admin.caller, input).await {
        Ok(created) => {
            let mut notes = created.notes;
            notes.extend(created.signing_key_error);
            let shown = Shown {
                secret: created.secret,
                notes,
                notice: Some("The application was registered."),
                ..Shown::default()
            };
            Ok(client_page(&admin, &created.client, shown))
        }
        Err(p) if is_refusal(&p) => {
            list_page(
                &state,
                &admin,
                None,
                Some(p.detail),
                ClientForm::posted(&form),
            )
            .await
        }
        Err(p) => Err(failed(p)),
    }
}
