//! The stages of a signature pipeline, as the diagnosis names them.

use serde::Serialize;

/// A stage of the pipeline; a mistake changes exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// Which fields are signed.
    Selection,
    /// In what order.
    Order,
    /// Each field's value as signed.
    Values,
    /// How the source is written, and where the key goes.
    Assembly,
    /// The key's text.
    Key,
    /// The bytes hashed.
    Bytes,
    /// The digest.
    Digest,
    /// How the signature is written.
    Output,
}

impl Stage {
    /// The stage's name in Chinese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Stage::Selection => ("签名字段", "fields signed"),
            Stage::Order => ("字段顺序", "field order"),
            Stage::Values => ("字段值", "values"),
            Stage::Assembly => ("拼接方式", "assembly"),
            Stage::Key => ("密钥", "key"),
            Stage::Bytes => ("字节编码", "bytes"),
            Stage::Digest => ("摘要算法", "digest"),
            Stage::Output => ("输出编码", "output"),
        }
    }
}
