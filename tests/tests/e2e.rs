//! End-to-end suite: the real binary, driven as operators and relying parties drive it.
//! Laid out like the product: one module per surface.

mod e2e {
    mod account;
    mod cli_clients;
    mod cli_users;
    mod config;
    mod durability;
    mod export;
    mod federation;
    mod keys;
    mod ldap;
    mod metrics;
    mod mfa;
    mod multinode;
    mod oidc;
    mod passkeys;
    mod redis_topology;
    mod serve;
    mod signin;
    mod tls;
}
