//! The SQLite and PostgreSQL migration trees must have the same migrations, each with up
//! and down scripts.

use std::collections::BTreeSet;
use std::path::Path;

fn tree(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            for f in ["up.sql", "down.sql"] {
                assert!(
                    e.path().join(f).is_file(),
                    "{} lacks {f}",
                    e.path().display()
                );
            }
            e.file_name().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn backends_have_identical_migration_names() {
    let sqlite = tree("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, tree("postgres"));
}
