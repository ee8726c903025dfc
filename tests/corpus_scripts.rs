//! The guide's corpus-run recipes run as written: the Slurm array script
//! (`scripts/slurm-array.sh`, `docs/guide.md`'s block word for word) under Slurm's
//! variables, and the Kubernetes indexed job's arguments under
//! `JOB_COMPLETION_INDEX`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide.md")).unwrap()
}

/// The guide's block that starts with `start`, up to its closing fence.
fn block(readme: &str, start: &str) -> String {
    let i = readme.find(start).unwrap();
    let j = readme[i..].find("```").unwrap();
    readme[i..i + j].to_owned()
}

fn inputs(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..6 {
        std::fs::write(
            dir.join(format!("page-{i}.html")),
            format!("<html><head><title>T{i}</title></head><body><article><p>The council met on Monday to discuss the new bridge over the river, story {i}.</p></article></body></html>"),
        )
        .unwrap();
    }
}

fn path_with_tidings() -> String {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_tidings"));
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn the_slurm_array_script_runs_every_rank_and_a_rerun_skips_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("scripts/slurm-array.sh");
    assert_eq!(
        std::fs::read_to_string(&script).unwrap(),
        block(&readme(), "#!/bin/bash\n#SBATCH"),
        "scripts/slurm-array.sh is the guide's script"
    );
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("crawl"), tmp.path().join("out"));
    inputs(&input);
    let task = |id: usize| {
        Command::new("bash")
            .arg(&script)
            .env("PATH", path_with_tidings())
            .env("IN", &input)
            .env("OUT", &out)
            .env("SLURM_ARRAY_TASK_ID", (10 + id).to_string())
            .env("SLURM_ARRAY_TASK_MIN", "10")
            .env("SLURM_ARRAY_TASK_COUNT", "4")
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap()
    };
    for id in 0..4 {
        let o = task(id);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(
            err.contains(&format!("rank {id} of 4 (SLURM_ARRAY_TASK_ID)")),
            "{err}"
        );
        assert!(out.join(format!("completions/{id:05}")).is_file());
        assert!(out.join(format!("{id:05}.parquet")).is_file());
    }
    let rows: usize = (0..4)
        .map(|r| {
            tidings_arrow::ParquetDocuments::open(&out.join(format!("{r:05}.parquet")), 1 << 20)
                .unwrap()
                .count()
        })
        .sum();
    assert_eq!(rows, 6);
    let again = task(2);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already complete"));
}

#[test]
fn the_kubernetes_job_arguments_run_under_job_completion_index() {
    let yaml = block(&readme(), "apiVersion: batch/v1");
    let args_at = yaml.find("args: ").unwrap() + "args: ".len();
    let args_end = args_at + yaml[args_at..].find(']').unwrap() + 1;
    let args: Vec<String> = serde_json::from_str(&yaml[args_at..args_end]).unwrap();
    let world: usize = args[args.iter().position(|a| a == "--world-size").unwrap() + 1]
        .parse()
        .unwrap();
    let completions: usize = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("completions: "))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        world, completions,
        "--world-size must be the job's completions"
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    inputs(&data.join("crawl"));
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("/data", &data.display().to_string()))
        .collect();
    for index in [0usize, 5, world - 1] {
        let o = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(&args)
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(
            err.contains(&format!("rank {index} of {world} (JOB_COMPLETION_INDEX)")),
            "{err}"
        );
        assert!(data.join(format!("out/completions/{index:05}")).is_file());
    }
}
