//! Where tidings' tests, benches and examples find their data: one resolver
//! instead of a copy per file.
//!
//! - The data directory is `$TIDINGS_DATA`, else `../shared/data`; a relative
//!   path counts from the **workspace root** (where the project's commands
//!   run), whatever directory cargo runs a test in.
//! - The seed documents are `$TIDINGS_SEEDS`, else `seeds/` beside the data
//!   directory.
//! - A missing data set is a skip on a developer's machine and a failure
//!   under `CI=true` ([`require`]).
//!
//! ```
//! let data = tidings_testdata::data_dir();
//! assert!(data.is_absolute());
//! assert!(data.ends_with("data"));
//! ```

#![warn(missing_docs)]
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .and_then(Path::parent)
        .map_or_else(|| here.to_path_buf(), Path::to_path_buf)
}

fn from_root(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        workspace_root().join(p)
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `$TIDINGS_DATA`, else `../shared/data`, from the workspace root.
pub fn data_dir() -> PathBuf {
    from_root(env_path("TIDINGS_DATA").unwrap_or_else(|| PathBuf::from("../shared/data")))
}

/// The data directory an example was given (`--data DIR`, relative to where
/// it was typed), else [`data_dir`].
pub fn data_dir_or(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(data_dir)
}

/// `$TIDINGS_SEEDS`, else `seeds/` beside the data directory.
pub fn seeds_dir() -> PathBuf {
    match env_path("TIDINGS_SEEDS") {
        Some(p) => from_root(p),
        None => {
            let data = data_dir();
            data.parent().unwrap_or(&data).join("seeds")
        }
    }
}

/// Whether this is a CI run (`CI=true`), where missing data is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `Some(path)` when it exists. Otherwise, under `CI=true`, panics naming it
/// (a guarded evaluation must not pass by skipping); elsewhere prints that
/// the test is skipped and returns `None`.
pub fn require(path: impl AsRef<Path>) -> Option<PathBuf> {
    let path = path.as_ref();
    if path.exists() {
        return Some(path.to_path_buf());
    }
    if in_ci() {
        panic!(
            "{} is missing (CI=true; set TIDINGS_DATA, now {:?})",
            path.display(),
            std::env::var_os("TIDINGS_DATA")
        );
    }
    eprintln!("skipping: {} is missing (set TIDINGS_DATA)", path.display());
    None
}

/// `$TIDINGS_DATA/<relative>` when it exists (see [`require`]).
pub fn data(relative: impl AsRef<Path>) -> Option<PathBuf> {
    require(data_dir().join(relative))
}

/// The seed document whose file name starts with `prefix`: its path and
/// text (see [`require`] for what a missing one does).
pub fn seed(prefix: &str) -> Option<(PathBuf, String)> {
    let dir = require(seeds_dir())?;
    let found = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        });
    let path = require_some(found, || format!("{}/{prefix}…", dir.display()))?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read seed {}: {e}", path.display()));
    Some((path, text))
}

fn require_some(found: Option<PathBuf>, what: impl Fn() -> String) -> Option<PathBuf> {
    match found {
        Some(p) => Some(p),
        None if in_ci() => panic!("seed {} is missing (CI=true)", what()),
        None => {
            eprintln!("skipping: seed {} is missing", what());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_holds_the_workspace_manifest() {
        let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains("[workspace]"));
    }

    #[test]
    fn seeds_sit_beside_the_data() {
        if std::env::var_os("TIDINGS_SEEDS").is_none() {
            assert_eq!(seeds_dir().parent(), data_dir().parent());
        }
    }
}
