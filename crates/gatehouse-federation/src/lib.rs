//! Gatehouse upstream identity adapters: upstream OpenID Connect providers (Google, Microsoft
//! Entra ID, any OIDC provider) and the corporate directory over LDAP, plus the rules shared
//! by every upstream (which identity may link to which account). The server calls them
//! through [`Federation`]; no actix or diesel in here.

pub mod ldap;
pub mod linking;
pub mod oidc;
pub mod presets;

use std::sync::Arc;

/// Every configured upstream and the directory, as the server sees them.
#[derive(Default, Clone)]
pub struct Federation {
    upstreams: Vec<Arc<oidc::Upstream>>,
    directory: Option<Arc<ldap::Directory>>,
}

impl Federation {
    /// Builds the adapters (nothing is fetched or connected yet).
    pub fn new(
        upstreams: Vec<oidc::UpstreamConfig>,
        ldap: Option<ldap::LdapConfig>,
    ) -> Result<Self, oidc::UpstreamError> {
        Ok(Self {
            upstreams: upstreams
                .into_iter()
                .map(|c| oidc::Upstream::new(c).map(Arc::new))
                .collect::<Result<_, _>>()?,
            directory: ldap.map(|c| Arc::new(ldap::Directory::new(c))),
        })
    }

    /// The upstream with this id.
    pub fn upstream(&self, id: &str) -> Option<&Arc<oidc::Upstream>> {
        self.upstreams.iter().find(|u| u.config().id == id)
    }

    /// Every upstream, in configuration order.
    pub fn upstreams(&self) -> &[Arc<oidc::Upstream>] {
        &self.upstreams
    }

    /// The corporate directory, if configured.
    pub fn directory(&self) -> Option<&Arc<ldap::Directory>> {
        self.directory.as_ref()
    }
}
