//! gatehouse-federation
