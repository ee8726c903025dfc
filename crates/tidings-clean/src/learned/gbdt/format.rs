//! The model's bytes: a little-endian format that names its feature schema.

use tidings_core::{ByteReader, Truncated};

use super::{Forest, ModelError, Node, LEAF};

const MAGIC: &[u8; 4] = b"TDGB";
const VERSION: u32 = 1;

impl Forest {
    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.schema.len() as u32).to_le_bytes());
        out.extend_from_slice(self.schema.as_bytes());
        out.extend_from_slice(&(self.n_features as u32).to_le_bytes());
        out.extend_from_slice(&self.base.to_le_bytes());
        out.extend_from_slice(&(self.trees.len() as u32).to_le_bytes());
        for tree in &self.trees {
            out.extend_from_slice(&(tree.len() as u32).to_le_bytes());
            for n in tree {
                out.extend_from_slice(&n.feature.to_le_bytes());
                out.extend_from_slice(&n.threshold.to_le_bytes());
                out.extend_from_slice(&n.left.to_le_bytes());
                out.extend_from_slice(&n.right.to_le_bytes());
                out.extend_from_slice(&n.value.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model, checking its structure and that it was trained on
    /// `schema` (pass `None` to accept any schema).
    pub fn from_bytes(bytes: &[u8], schema: Option<&str>) -> Result<Forest, ModelError> {
        let mut r = ByteReader::new(bytes);
        if r.take(4)? != MAGIC {
            return Err(ModelError::Format("bad magic".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError::Format(format!("unsupported version {version}")));
        }
        let len = r.u32()? as usize;
        let found = std::str::from_utf8(r.take(len)?)
            .map_err(|_| ModelError::Format("schema is not UTF-8".into()))?
            .to_owned();
        if let Some(expected) = schema {
            if expected != found {
                return Err(ModelError::Schema {
                    expected: expected.to_owned(),
                    found,
                });
            }
        }
        let n_features = r.u32()? as usize;
        let base = r.f32()?;
        let n_trees = r.u32()? as usize;
        let mut trees = Vec::with_capacity(n_trees.min(1 << 16));
        for t in 0..n_trees {
            let n_nodes = r.u32()? as usize;
            if n_nodes == 0 || n_nodes > 1 << 20 {
                return Err(ModelError::Format(format!("tree {t}: {n_nodes} nodes")));
            }
            let mut nodes = Vec::with_capacity(n_nodes);
            for i in 0..n_nodes {
                let node = Node {
                    feature: r.u16()?,
                    threshold: r.f32()?,
                    left: r.u32()?,
                    right: r.u32()?,
                    value: r.f32()?,
                };
                if node.feature != LEAF {
                    let ok = (node.feature as usize) < n_features
                        && (node.left as usize) > i
                        && (node.right as usize) > i
                        && (node.left as usize) < n_nodes
                        && (node.right as usize) < n_nodes;
                    if !ok {
                        return Err(ModelError::Format(format!("tree {t}: bad node {i}")));
                    }
                }
                nodes.push(node);
            }
            trees.push(nodes);
        }
        if !r.is_done() {
            return Err(ModelError::Format("trailing bytes".into()));
        }
        Ok(Forest::new(found, n_features, base, trees))
    }
}

impl From<Truncated> for ModelError {
    fn from(e: Truncated) -> Self {
        ModelError::Format(e.to_string())
    }
}
