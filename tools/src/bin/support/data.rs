//! Shared by the examples: where the data lives, and the CI rule for missing data.

use std::path::PathBuf;

/// The data directory: `--data DIR` if given, else `$TIDINGS_DATA` (relative
/// to the workspace root), else `../shared/data` ([`tidings_testdata`]).
pub fn data_dir(arg: Option<PathBuf>) -> PathBuf {
    tidings_testdata::data_dir_or(arg)
}

/// Fails when `path` is missing: under `CI=true` with an error, elsewhere too (an
/// evaluation without its data has nothing to say), with a hint.
pub fn require(path: &std::path::Path) -> anyhow::Result<()> {
    if path.exists() {
        Ok(())
    } else {
        anyhow::bail!(
            "data set {} is missing (set TIDINGS_DATA or --data; CI={})",
            path.display(),
            std::env::var("CI").unwrap_or_default()
        )
    }
}
