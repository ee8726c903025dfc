//! Where a transformer model runs: one type for every rust-bert backend
//! (`ner`'s and `translate`'s), resolved to a libtorch device in one place
//! (feature `torch`).

use serde::{Deserialize, Serialize};

/// Where a rust-bert model runs. Serialised as `"auto"`, `"cpu"` or `"cuda"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    /// CUDA when libtorch sees a GPU, else the CPU.
    #[default]
    Auto,
    /// Always the CPU.
    Cpu,
    /// The first CUDA GPU; building the stage fails without one.
    Cuda,
}

#[cfg(feature = "torch")]
impl Device {
    /// The libtorch device; `Cuda` without a GPU is a configuration error of
    /// `stage`.
    pub fn resolve(self, stage: &str) -> Result<tch::Device, crate::BuildError> {
        match self {
            Device::Auto => Ok(tch::Device::cuda_if_available()),
            Device::Cpu => Ok(tch::Device::Cpu),
            Device::Cuda if tch::Cuda::is_available() => Ok(tch::Device::Cuda(0)),
            Device::Cuda => Err(crate::BuildError::Config {
                stage: stage.into(),
                message: "device \"cuda\" requested but libtorch sees no CUDA GPU".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_names() {
        for (d, s) in [
            (Device::Auto, "\"auto\""),
            (Device::Cpu, "\"cpu\""),
            (Device::Cuda, "\"cuda\""),
        ] {
            assert_eq!(serde_json::to_string(&d).unwrap(), s);
            assert_eq!(serde_json::from_str::<Device>(s).unwrap(), d);
        }
    }
}
