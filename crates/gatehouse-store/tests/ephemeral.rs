//! Ephemeral-store conformance suite: the same checks on the in-process store and, when
//! `GATEHOUSE_TEST_REDIS_URL` is set, on Redis (with a random key prefix per run).

use std::sync::Arc;
use std::time::Duration;

use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::StoreError;
use gatehouse_store::ephemeral::{MemoryStore, RedisStore};

async fn stores() -> Vec<(&'static str, Arc<dyn EphemeralStore>)> {
    let mut out: Vec<(&'static str, Arc<dyn EphemeralStore>)> =
        vec![("memory", Arc::new(MemoryStore::new()))];
    if let Ok(url) = std::env::var("GATEHOUSE_TEST_REDIS_URL") {
        let prefix = format!("ghtest:{}:", gatehouse_store::testing::random_suffix());
        out.push((
            "redis",
            Arc::new(
                RedisStore::connect_with_prefix(&url, &prefix)
                    .await
                    .unwrap(),
            ),
        ));
    }
    out
}

const LONG: Duration = Duration::from_secs(60);

#[tokio::test]
async fn put_get_delete() {
    for (name, s) in stores().await {
        assert_eq!(s.get("a").await.unwrap(), None, "{name}");
        s.put("a", b"one", LONG).await.unwrap();
        assert_eq!(
            s.get("a").await.unwrap().as_deref(),
            Some(&b"one"[..]),
            "{name}"
        );
        s.put("a", b"two", LONG).await.unwrap();
        assert_eq!(
            s.get("a").await.unwrap().as_deref(),
            Some(&b"two"[..]),
            "{name}"
        );
        let ttl = s.ttl("a").await.unwrap().unwrap();
        assert!(
            ttl > Duration::from_secs(50) && ttl <= LONG,
            "{name}: {ttl:?}"
        );
        s.delete("a").await.unwrap();
        s.delete("a").await.unwrap();
        assert_eq!(s.get("a").await.unwrap(), None, "{name}");
        assert_eq!(s.ttl("a").await.unwrap(), None, "{name}");
        s.ping().await.unwrap();
    }
}

#[tokio::test]
async fn take_is_once_even_concurrently() {
    for (name, s) in stores().await {
        s.put("code", b"secret", LONG).await.unwrap();
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move { s.take("code").await.unwrap() }));
        }
        let mut winners = 0;
        for t in tasks {
            if let Some(v) = t.await.unwrap() {
                assert_eq!(v, b"secret");
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "{name}");
        assert_eq!(s.take("code").await.unwrap(), None, "{name}");
    }
}

#[tokio::test]
async fn put_if_absent_marks_once() {
    for (name, s) in stores().await {
        assert!(s.put_if_absent("jti", b"1", LONG).await.unwrap(), "{name}");
        assert!(!s.put_if_absent("jti", b"2", LONG).await.unwrap(), "{name}");
        assert_eq!(
            s.get("jti").await.unwrap().as_deref(),
            Some(&b"1"[..]),
            "{name}"
        );
    }
}

#[tokio::test]
async fn incr_counts_atomically_with_fixed_window() {
    for (name, s) in stores().await {
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let s = s.clone();
            tasks.push(tokio::spawn(
                async move { s.incr("fails", LONG).await.unwrap() },
            ));
        }
        let mut seen = Vec::new();
        for t in tasks {
            seen.push(t.await.unwrap());
        }
        seen.sort();
        assert_eq!(seen, (1..=50).collect::<Vec<i64>>(), "{name}");
        assert!(s.ttl("fails").await.unwrap().is_some(), "{name}");
        s.put("text", b"x", LONG).await.unwrap();
        assert!(
            matches!(s.incr("text", LONG).await, Err(StoreError::Corrupt(_))),
            "{name}"
        );
    }
}

#[tokio::test]
async fn decr_gives_back_and_expire_moves_the_end() {
    for (name, s) in stores().await {
        assert_eq!(s.incr("r", LONG).await.unwrap(), 1, "{name}");
        assert_eq!(s.incr("r", LONG).await.unwrap(), 2, "{name}");
        s.decr("r").await.unwrap();
        assert_eq!(
            s.incr("r", LONG).await.unwrap(),
            2,
            "{name}: one given back"
        );
        // An absent counter stays absent (no immortal negative count).
        s.decr("absent").await.unwrap();
        assert_eq!(s.get("absent").await.unwrap(), None, "{name}");
        assert_eq!(s.ttl("absent").await.unwrap(), None, "{name}");
        s.expire("r", Duration::from_secs(5)).await.unwrap();
        let left = s.ttl("r").await.unwrap().unwrap();
        assert!(left <= Duration::from_secs(5), "{name}: {left:?}");
        s.expire("absent", LONG).await.unwrap();
        assert_eq!(s.get("absent").await.unwrap(), None, "{name}");
    }
}

#[tokio::test]
async fn values_expire() {
    for (name, s) in stores().await {
        let short = Duration::from_millis(300);
        s.put("v", b"x", short).await.unwrap();
        s.incr("n", short).await.unwrap();
        assert!(s.put_if_absent("m", b"x", short).await.unwrap());
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(s.get("v").await.unwrap(), None, "{name}");
        assert_eq!(s.take("v").await.unwrap(), None, "{name}");
        assert_eq!(s.incr("n", short).await.unwrap(), 1, "{name}: new window");
        assert!(s.put_if_absent("m", b"y", LONG).await.unwrap(), "{name}");
    }
}

#[tokio::test]
async fn memory_store_sweeps_expired_entries() {
    let s = MemoryStore::new();
    for i in 0..5000 {
        s.put(&format!("k{i}"), b"x", Duration::from_millis(1))
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
    for i in 0..5000 {
        s.put(&format!("j{i}"), b"x", Duration::from_millis(1))
            .await
            .unwrap();
    }
    assert!(
        s.len() < 10_000,
        "expired entries must be swept, held {}",
        s.len()
    );
}

#[tokio::test]
async fn redis_down_is_unavailable_then_recovers() {
    // A Redis that is not there: connecting fails with Unavailable, not a hang or panic.
    let err = RedisStore::connect("redis://127.0.0.1:1/")
        .await
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Unavailable(_)));
}

/// With a budget, the in-process store drops evictable entries (soonest to expire first)
/// and never counters or single-use markers.
#[tokio::test]
async fn memory_store_keeps_within_its_budget() {
    let budget = 64 * 1024;
    let s = MemoryStore::with_budget(budget, &["flow:"]);
    s.put_if_absent("jti:1", b"1", LONG).await.unwrap();
    s.incr("fails", LONG).await.unwrap();
    s.put("flow:early", &[b'x'; 200], Duration::from_secs(30))
        .await
        .unwrap();
    for i in 0..2000 {
        s.put(&format!("flow:{i}"), &[b'x'; 200], LONG)
            .await
            .unwrap();
        assert!(s.bytes() <= budget, "{} bytes after {i}", s.bytes());
    }
    assert_eq!(
        s.get("flow:early").await.unwrap(),
        None,
        "soonest to expire goes first"
    );
    assert!(
        s.get("flow:1999").await.unwrap().is_some(),
        "the newest stays"
    );
    assert!(
        !s.put_if_absent("jti:1", b"1", LONG).await.unwrap(),
        "marker kept"
    );
    assert_eq!(s.incr("fails", LONG).await.unwrap(), 2, "counter kept");
}
