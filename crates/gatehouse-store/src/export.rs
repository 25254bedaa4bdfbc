//! Export and import of what defines an installation, backend-neutral: users (with their
//! password hashes), second factors (still sealed under the master key), recovery codes,
//! passkeys, password history, upstream links and SSO modes, clients, consents, refresh tokens and
//! signing keys (private parts sealed under the master key). Moving from SQLite to
//! PostgreSQL, or back, is an export and an import.
//!
//! Not exported: what lives for minutes or is rebuilt by itself (sessions, codes, counters,
//! leases, pending deliveries, one-time links) and the audit log, which has its own export
//! (`gatehouse audit export`).

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::AnyConnection;
use crate::schema::*;
use crate::Database;
use gatehouse_core::StoreError;

/// Base64 for binary columns (sealed secrets) in the JSON.
mod b64 {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    const E: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&E.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        E.decode(text).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(b) => s.serialize_some(&E.encode(b)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|t| E.decode(t).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

/// One row type per table: the columns as they are, loaded and inserted as they are.
macro_rules! rows {
    ($(#[$doc:meta])* $name:ident, $table:ident, { $($(#[$m:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
        #[diesel(table_name = $table)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub struct $name {
            $($(#[$m])* pub $field: $ty,)*
        }
    };
}

rows!(
    /// A user.
    UserRow, users, {
    id: String,
    email: String,
    username: Option<String>,
    name: Option<String>,
    phone: Option<String>,
    password_hash: Option<String>,
    is_admin: bool,
    disabled: bool,
    created_at: i64,
    updated_at: i64,
    email_verified: bool,
    phone_verified: bool,
    locale: Option<String>,
    password_changed_at: Option<i64>,
    password_expired: bool,
    locked_at: Option<i64>,
    sessions_revoked_at: Option<i64>,
    terms_version: Option<String>,
    terms_accepted_at: Option<i64>,
    mfa_required: bool,
    #[serde(default)]
    passkey_required: bool,
});

rows!(
    /// A client (secrets as their hashes).
    ClientRow, clients, {
    id: String,
    name: String,
    secret_hash: Option<String>,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grant_types: String,
    public: bool,
    first_party: bool,
    backchannel_logout_uri: Option<String>,
    #[serde(default)]
    backchannel_logout_session_required: bool,
    token_endpoint_auth_method: String,
    jwks_uri: Option<String>,
    jwks: Option<String>,
    id_token_signed_response_alg: String,
    allowed_scopes: String,
    created_at: i64,
    updated_at: i64,
    #[serde(default)]
    registration_token_hash: Option<String>,
    #[serde(default)]
    logo_uri: Option<String>,
    #[serde(default)]
    policy_uri: Option<String>,
    #[serde(default)]
    tos_uri: Option<String>,
    #[serde(default)]
    client_uri: Option<String>,
});

rows!(
    /// A signing key (private part sealed under the master key).
    KeyRow, signing_keys, {
    kid: String,
    alg: String,
    #[serde(with = "b64")]
    private_key_enc: Vec<u8>,
    public_jwk: String,
    created_at: i64,
    retired_at: Option<i64>,
    #[serde(default)]
    activates_at: i64,
});

rows!(
    /// A consent.
    ConsentRow, consents, {
    user_id: String,
    client_id: String,
    scopes: String,
    granted_at: i64,
});

rows!(
    /// A refresh token (by its hash).
    RefreshRow, refresh_tokens, {
    token_hash: String,
    family_id: String,
    client_id: String,
    user_id: String,
    scope: String,
    sid: Option<String>,
    offline: bool,
    auth_time: i64,
    amr: String,
    acr: String,
    issued_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
});

rows!(
    /// A former password's hash.
    HistoryRow, password_history, {
    user_id: String,
    password_hash: String,
    created_at: i64,
    seq: i64,
});

rows!(
    /// A second factor (secret sealed under the master key).
    FactorRow, mfa_factors, {
    user_id: String,
    method: String,
    #[serde(with = "b64::option")]
    secret_enc: Option<Vec<u8>>,
    last_step: Option<i64>,
    created_at: i64,
});

rows!(
    /// A recovery code (by its hash).
    RecoveryRow, recovery_codes, {
    user_id: String,
    code_hash: String,
    used_at: Option<i64>,
});

rows!(
    /// A link to an upstream identity.
    LinkRow, upstream_links, {
    issuer: String,
    subject: String,
    user_id: String,
    upstream_id: String,
    email: Option<String>,
    linked_at: i64,
    last_login_at: Option<i64>,
});

rows!(
    /// A user's single sign-on mode for an upstream.
    SsoRow, sso_modes, {
    user_id: String,
    upstream_id: String,
    mode: String,
});

rows!(
    /// A passkey (its public key and counter; nothing secret).
    PasskeyRow, passkeys, {
    id: String,
    user_id: String,
    credential_id: String,
    name: String,
    credential: String,
    aaguid: Option<String>,
    sign_count: i64,
    backup_eligible: bool,
    backup_state: bool,
    created_at: i64,
    last_used_at: Option<i64>,
});

rows!(
    /// A phone number a directory changed, waiting for confirmation.
    PendingPhoneRow, pending_phones, {
    user_id: String,
    phone: String,
    seen_at: i64,
});

/// Everything exported, table by table, in a stable order (so two exports of the same data
/// are the same text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Tables {
    pub users: Vec<UserRow>,
    pub clients: Vec<ClientRow>,
    pub signing_keys: Vec<KeyRow>,
    pub consents: Vec<ConsentRow>,
    pub refresh_tokens: Vec<RefreshRow>,
    pub password_history: Vec<HistoryRow>,
    pub mfa_factors: Vec<FactorRow>,
    pub recovery_codes: Vec<RecoveryRow>,
    pub upstream_links: Vec<LinkRow>,
    pub sso_modes: Vec<SsoRow>,
    pub pending_phones: Vec<PendingPhoneRow>,
    #[serde(default)]
    pub passkeys: Vec<PasskeyRow>,
}

impl Tables {
    /// Rows in all tables.
    pub fn len(&self) -> usize {
        self.users.len()
            + self.clients.len()
            + self.signing_keys.len()
            + self.consents.len()
            + self.refresh_tokens.len()
            + self.password_history.len()
            + self.mfa_factors.len()
            + self.recovery_codes.len()
            + self.upstream_links.len()
            + self.sso_modes.len()
            + self.pending_phones.len()
            + self.passkeys.len()
    }

    /// No rows at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

macro_rules! load {
    ($c:expr, $table:ident, $row:ident, $order:expr) => {
        $table::table
            .order($order)
            .select($row::as_select())
            .load::<$row>($c)?
    };
}

macro_rules! insert {
    ($c:expr, $table:ident, $rows:expr) => {
        for row in $rows {
            diesel::insert_into($table::table).values(row).execute($c)?;
        }
    };
}

impl Database {
    /// Reads every exported table in one transaction (a consistent snapshot: on PostgreSQL
    /// one read-only REPEATABLE READ transaction, so every table is read at the same moment
    /// however busy the installation is; SQLite's transaction already is one).
    pub fn export_tables(&self) -> Result<Tables, StoreError> {
        let postgres = self.backend_name() == "postgres";
        self.transaction(|c: &mut AnyConnection| {
            if postgres {
                use diesel::connection::SimpleConnection;
                c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            }
            Ok(Tables {
                users: load!(c, users, UserRow, users::id.asc()),
                clients: load!(c, clients, ClientRow, clients::id.asc()),
                signing_keys: load!(c, signing_keys, KeyRow, signing_keys::kid.asc()),
                consents: load!(
                    c,
                    consents,
                    ConsentRow,
                    (consents::user_id.asc(), consents::client_id.asc())
                ),
                refresh_tokens: load!(
                    c,
                    refresh_tokens,
                    RefreshRow,
                    refresh_tokens::token_hash.asc()
                ),
                password_history: load!(
                    c,
                    password_history,
                    HistoryRow,
                    (password_history::user_id.asc(), password_history::seq.asc())
                ),
                mfa_factors: load!(
                    c,
                    mfa_factors,
                    FactorRow,
                    (mfa_factors::user_id.asc(), mfa_factors::method.asc())
                ),
                recovery_codes: load!(
                    c,
                    recovery_codes,
                    RecoveryRow,
                    (
                        recovery_codes::user_id.asc(),
                        recovery_codes::code_hash.asc()
                    )
                ),
                upstream_links: load!(
                    c,
                    upstream_links,
                    LinkRow,
                    (upstream_links::issuer.asc(), upstream_links::subject.asc())
                ),
                sso_modes: load!(
                    c,
                    sso_modes,
                    SsoRow,
                    (sso_modes::user_id.asc(), sso_modes::upstream_id.asc())
                ),
                pending_phones: load!(
                    c,
                    pending_phones,
                    PendingPhoneRow,
                    pending_phones::user_id.asc()
                ),
                passkeys: load!(c, passkeys, PasskeyRow, passkeys::id.asc()),
            })
        })
    }

    /// Rows already in the tables an import writes (an import goes into an empty database).
    pub fn exported_row_count(&self) -> Result<i64, StoreError> {
        self.with_conn(|c| {
            let n = users::table.count().get_result::<i64>(c)?
                + clients::table.count().get_result::<i64>(c)?
                + signing_keys::table.count().get_result::<i64>(c)?;
            Ok(n)
        })
    }

    /// Writes every table in one transaction: all or nothing. Users and clients first (the
    /// other tables refer to them).
    pub fn import_tables(&self, t: &Tables) -> Result<(), StoreError> {
        self.transaction(|c: &mut AnyConnection| {
            insert!(c, users, &t.users);
            insert!(c, clients, &t.clients);
            insert!(c, signing_keys, &t.signing_keys);
            insert!(c, consents, &t.consents);
            insert!(c, refresh_tokens, &t.refresh_tokens);
            insert!(c, password_history, &t.password_history);
            insert!(c, mfa_factors, &t.mfa_factors);
            insert!(c, recovery_codes, &t.recovery_codes);
            insert!(c, upstream_links, &t.upstream_links);
            insert!(c, sso_modes, &t.sso_modes);
            insert!(c, pending_phones, &t.pending_phones);
            insert!(c, passkeys, &t.passkeys);
            Ok(())
        })
    }
}
