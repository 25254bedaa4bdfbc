#![no_main]
//! Configuration files: any text loads or is refused with a one-line error (no panics, no
//! multi-line messages quoting the file). Input: the TOML file's content.

use std::path::PathBuf;
use std::sync::OnceLock;

use gatehouse_server::config::load_from;
use libfuzzer_sys::fuzz_target;

/// One file per fuzzing process, rewritten for every input.
static PATH: OnceLock<PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let path = PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("gatehouse-fuzz-config-{}.toml", std::process::id()))
    });
    std::fs::write(path, data).expect("write the configuration file");
    if let Err(e) = load_from(Some(path), &[]) {
        assert!(!e.0.is_empty());
        assert!(
            !e.0.contains('\n') && !e.0.contains('\r'),
            "configuration error spans lines: {:?}",
            e.0
        );
    }
});
