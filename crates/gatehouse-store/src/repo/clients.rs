use diesel::prelude::*;
use gatehouse_core::client::{Client, ClientRepo};
use gatehouse_core::error::StoreResult;
use gatehouse_core::{ClientId, StoreError, UnixTime};

use super::{from_json, to_json};
use crate::schema::clients;
use crate::Database;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = clients)]
struct ClientRow {
    id: String,
    name: String,
    secret_hash: Option<String>,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grant_types: String,
    public: bool,
    first_party: bool,
    backchannel_logout_uri: Option<String>,
    backchannel_logout_session_required: bool,
    token_endpoint_auth_method: String,
    jwks_uri: Option<String>,
    jwks: Option<String>,
    id_token_signed_response_alg: String,
    allowed_scopes: String,
    created_at: i64,
    updated_at: i64,
    logo_uri: Option<String>,
    policy_uri: Option<String>,
    tos_uri: Option<String>,
    client_uri: Option<String>,
}

impl ClientRow {
    fn from_client(c: &Client) -> Self {
        Self {
            id: c.id.as_str().to_string(),
            name: c.name.clone(),
            secret_hash: c.secret_hash.clone(),
            redirect_uris: to_json(&c.redirect_uris),
            post_logout_redirect_uris: to_json(&c.post_logout_redirect_uris),
            grant_types: to_json(&c.grant_types),
            public: c.public,
            first_party: c.first_party,
            backchannel_logout_uri: c.backchannel_logout_uri.clone(),
            backchannel_logout_session_required: c.backchannel_logout_session_required,
            token_endpoint_auth_method: c.token_endpoint_auth_method.as_str().to_string(),
            jwks_uri: c.jwks_uri.clone(),
            jwks: c.jwks.clone(),
            id_token_signed_response_alg: c.id_token_signed_response_alg.clone(),
            allowed_scopes: to_json(&c.allowed_scopes),
            created_at: c.created_at,
            updated_at: c.updated_at,
            logo_uri: c.logo_uri.clone(),
            policy_uri: c.policy_uri.clone(),
            tos_uri: c.tos_uri.clone(),
            client_uri: c.client_uri.clone(),
        }
    }

    fn into_client(self) -> StoreResult<Client> {
        Ok(Client {
            id: ClientId::new(self.id),
            name: self.name,
            logo_uri: self.logo_uri,
            policy_uri: self.policy_uri,
            tos_uri: self.tos_uri,
            client_uri: self.client_uri,
            secret_hash: self.secret_hash,
            redirect_uris: from_json(&self.redirect_uris)?,
            post_logout_redirect_uris: from_json(&self.post_logout_redirect_uris)?,
            grant_types: from_json(&self.grant_types)?,
            public: self.public,
            first_party: self.first_party,
            backchannel_logout_uri: self.backchannel_logout_uri,
            backchannel_logout_session_required: self.backchannel_logout_session_required,
            token_endpoint_auth_method: self
                .token_endpoint_auth_method
                .parse()
                .map_err(StoreError::Corrupt)?,
            jwks_uri: self.jwks_uri,
            jwks: self.jwks,
            id_token_signed_response_alg: self.id_token_signed_response_alg,
            allowed_scopes: from_json(&self.allowed_scopes)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl ClientRepo for Database {
    fn create_client(&self, client: &Client) -> StoreResult<()> {
        let row = ClientRow::from_client(client);
        self.with_conn(|c| diesel::insert_into(clients::table).values(&row).execute(c))?;
        Ok(())
    }

    fn get_client(&self, id: &ClientId) -> StoreResult<Client> {
        self.with_conn(|c| {
            clients::table
                .find(id.as_str())
                .select(ClientRow::as_select())
                .first(c)
        })?
        .into_client()
    }

    fn list_clients(&self) -> StoreResult<Vec<Client>> {
        self.with_conn(|c| {
            clients::table
                .order((clients::name.asc(), clients::id.asc()))
                .select(ClientRow::as_select())
                .load(c)
        })?
        .into_iter()
        .map(ClientRow::into_client)
        .collect()
    }

    fn update_client(&self, client: &Client) -> StoreResult<()> {
        let row = ClientRow::from_client(client);
        let n = self.with_conn(|c| {
            diesel::update(clients::table.find(row.id.as_str()))
                .set((
                    clients::name.eq(&row.name),
                    clients::secret_hash.eq(row.secret_hash.as_deref()),
                    clients::redirect_uris.eq(&row.redirect_uris),
                    clients::post_logout_redirect_uris.eq(&row.post_logout_redirect_uris),
                    clients::grant_types.eq(&row.grant_types),
                    clients::public.eq(row.public),
                    clients::first_party.eq(row.first_party),
                    clients::backchannel_logout_uri.eq(row.backchannel_logout_uri.as_deref()),
                    clients::backchannel_logout_session_required
                        .eq(row.backchannel_logout_session_required),
                    clients::token_endpoint_auth_method.eq(&row.token_endpoint_auth_method),
                    clients::jwks_uri.eq(row.jwks_uri.as_deref()),
                    clients::jwks.eq(row.jwks.as_deref()),
                    clients::id_token_signed_response_alg.eq(&row.id_token_signed_response_alg),
                    clients::allowed_scopes.eq(&row.allowed_scopes),
                    clients::updated_at.eq(row.updated_at),
                    clients::logo_uri.eq(row.logo_uri.as_deref()),
                    clients::policy_uri.eq(row.policy_uri.as_deref()),
                    clients::tos_uri.eq(row.tos_uri.as_deref()),
                    clients::client_uri.eq(row.client_uri.as_deref()),
                ))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn set_client_secret(&self, id: &ClientId, hash: &str, now: UnixTime) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(clients::table.find(id.as_str()))
                .set((clients::secret_hash.eq(hash), clients::updated_at.eq(now)))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn delete_client(&self, id: &ClientId) -> StoreResult<()> {
        let n = self.with_conn(|c| diesel::delete(clients::table.find(id.as_str())).execute(c))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
