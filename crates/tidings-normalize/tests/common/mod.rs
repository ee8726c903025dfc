//! Shared by the integration tests: where the data lives.

use std::path::PathBuf;

/// `$TIDINGS_DATA` (a relative path counts from the repository root, where the
/// project's commands run), default `../shared/data`.
pub fn data_root() -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::var_os("TIDINGS_DATA")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    if dir.is_absolute() {
        dir
    } else {
        repo.join(dir)
    }
}
