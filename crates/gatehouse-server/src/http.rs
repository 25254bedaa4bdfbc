//! HTTP plumbing shared by every surface: CSRF tokens of anonymous forms, the browser-binding
//! cookie, safe return paths, and the signed-in check of Gatehouse's own pages.

pub mod csrf;
pub mod return_to;
pub mod signed_in;
