use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::keys::{KeyRepo, SigningKey};
use gatehouse_core::{StoreError, UnixTime};

use crate::export::KeyRow;
use crate::schema::signing_keys;
use crate::Database;

impl KeyRepo for Database {
    fn insert_key(&self, key: &SigningKey) -> StoreResult<()> {
        let row = KeyRow {
            kid: key.kid.clone(),
            alg: key.alg.as_str().to_string(),
            private_key_enc: key.private_key_enc.clone(),
            public_jwk: key.public_jwk.clone(),
            created_at: key.created_at,
            retired_at: key.retired_at,
            activates_at: key.activates_at,
        };
        self.with_conn(|c| {
            diesel::insert_into(signing_keys::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn list_keys(&self) -> StoreResult<Vec<SigningKey>> {
        let rows: Vec<KeyRow> = self.with_conn(|c| {
            signing_keys::table
                .order((signing_keys::created_at.asc(), signing_keys::kid.asc()))
                .select(KeyRow::as_select())
                .load(c)
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(SigningKey {
                    alg: r.alg.parse().map_err(StoreError::Corrupt)?,
                    kid: r.kid,
                    private_key_enc: r.private_key_enc,
                    public_jwk: r.public_jwk,
                    created_at: r.created_at,
                    activates_at: r.activates_at,
                    retired_at: r.retired_at,
                })
            })
            .collect()
    }

    fn retire_keys(&self, kids: &[(String, UnixTime)]) -> StoreResult<()> {
        self.transaction(|c| {
            for (kid, at) in kids {
                diesel::update(signing_keys::table.find(kid))
                    .filter(
                        signing_keys::retired_at
                            .is_null()
                            .or(signing_keys::retired_at.gt(*at)),
                    )
                    .set(signing_keys::retired_at.eq(Some(*at)))
                    .execute(c)?;
            }
            Ok(())
        })
    }

    fn delete_keys(&self, kids: &[String]) -> StoreResult<()> {
        self.transaction(|c| {
            for kid in kids {
                diesel::delete(signing_keys::table.find(kid)).execute(c)?;
            }
            Ok(())
        })
    }
}
