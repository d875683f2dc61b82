//! The manifest exchange file (交接文件): how a loading station hands a departed
//! manifest, with every waybill on it, to the receiving station when they do not share a
//! database. The file is JSON: a format name and version, the SHA-256 checksum, and the
//! manifest. The checksum is taken over the manifest's canonical form — compact JSON with
//! the fields in their declared order — so reformatting the file changes nothing, while
//! any changed value, added or dropped waybill is caught and the file refused.

use crate::domain::dispatch::{ManifestExchange, sha256_hex};
use serde::{Deserialize, Serialize};

/// The format name in every exchange file.
pub const FORMAT: &str = "kaidan-manifest";
/// The version this program writes and reads.
pub const VERSION: u32 = 1;

/// Why an exchange file cannot be written or read; for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// Not JSON, truncated, or a field missing or of the wrong kind.
    #[error("交接文件已损坏，无法读取（{0}）：请让发车站重新导出并发送")]
    Damaged(String),
    /// JSON, but not a kaidan manifest.
    #[error("这不是 kaidan 的发车交接文件")]
    WrongFormat,
    /// Written by a newer kaidan.
    #[error("交接文件版本为 {0}，本程序只支持到 {VERSION}：请升级 kaidan 后再导入")]
    NewerVersion(u32),
    /// The checksum does not match the content: changed after export, or damaged.
    #[error(
        "交接文件的校验值不符：文件在导出后被改动过或传输中损坏，已拒绝导入。请让发车站重新发送"
    )]
    Altered,
    /// The manifest could not be written as JSON (a program error).
    #[error("无法生成交接文件：{0}")]
    Encode(String),
}

/// The file as written.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    sha256: String,
    manifest: &'a ManifestExchange,
}

/// The file as read: the manifest stays raw until the envelope is checked.
#[derive(Deserialize)]
struct FileIn {
    format: String,
    version: u32,
    sha256: String,
    manifest: serde_json::Value,
}

/// A manifest read from a file whose checksum matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedManifest {
    /// The manifest.
    pub manifest: ManifestExchange,
    /// Its checksum: the identity storage keeps, so the same file imports once.
    pub checksum: String,
}

/// The checksum of a manifest: SHA-256 of its canonical JSON.
pub fn checksum(manifest: &ManifestExchange) -> Result<String, ExchangeError> {
    let canonical =
        serde_json::to_vec(manifest).map_err(|e| ExchangeError::Encode(e.to_string()))?;
    Ok(sha256_hex(&canonical))
}

/// Writes the exchange file of a departed manifest (pretty JSON, UTF-8).
pub fn export_manifest(manifest: &ManifestExchange) -> Result<Vec<u8>, ExchangeError> {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        sha256: checksum(manifest)?,
        manifest,
    };
    serde_json::to_vec_pretty(&file).map_err(|e| ExchangeError::Encode(e.to_string()))
}

/// The file name to save it under: `发车清单-GZF26112301.json`.
#[must_use]
pub fn file_name(manifest: &ManifestExchange) -> String {
    format!("发车清单-{}.json", manifest.code)
}

/// Reads an exchange file and verifies its checksum; refuses a damaged, foreign, newer or
/// altered file with the reason.
pub fn read_manifest(bytes: &[u8]) -> Result<VerifiedManifest, ExchangeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let file: FileIn =
        serde_json::from_slice(bytes).map_err(|e| ExchangeError::Damaged(e.to_string()))?;
    if file.format != FORMAT {
        return Err(ExchangeError::WrongFormat);
    }
    if file.version > VERSION {
        return Err(ExchangeError::NewerVersion(file.version));
    }
    // A value that no longer fits the manifest's shape was altered (or damaged) too.
    let manifest: ManifestExchange =
        serde_json::from_value(file.manifest).map_err(|_| ExchangeError::Altered)?;
    let actual = checksum(&manifest)?;
    if !actual.eq_ignore_ascii_case(file.sha256.trim()) {
        return Err(ExchangeError::Altered);
    }
    Ok(VerifiedManifest {
        manifest,
        checksum: actual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::desk::waybill::{
        IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft, WaybillStatus,
    };
    use crate::domain::dispatch::ExchangeWaybill;
    use chrono::NaiveDate;

    fn manifest() -> ManifestExchange {
        let draft = WaybillDraft {
            shipper_name: "宏达服装厂".into(),
            consignee_name: "李记批发部".into(),
            pieces: "3".into(),
            weight_kg: "75.5".into(),
            volume_m3: "0.30".into(),
            freight: "120".into(),
            payment: PaymentMethod::Collect,
            ..WaybillDraft::sample()
        };
        let waybill = draft.validate(&ValidationContext::lenient()).unwrap();
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(18, 0, 0)
            .unwrap();
        ManifestExchange {
            code: "GZF26112301".into(),
            origin: "广州白云站".into(),
            plate: "湘C12345".into(),
            driver_name: "王师傅".into(),
            driver_phone: "13912345678".into(),
            route_codes: vec!["430321".into()],
            route_names: vec!["湘潭市 湘潭县".into()],
            departure_at: at,
            created_by: "A01".into(),
            departed_at: at,
            departed_by: "A01".into(),
            waybills: vec![ExchangeWaybill {
                issued: IssuedWaybill {
                    number: "GZ2611230001".into(),
                    issued_at: at,
                    clerk_id: "A01".into(),
                    clerk_name: "张丽".into(),
                    status: WaybillStatus::Issued,
                    alter_count: 0,
                    waybill,
                },
                pieces_loaded: vec![1, 2],
            }],
        }
    }

    #[test]
    fn round_trip() {
        let bytes = export_manifest(&manifest()).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("\"format\": \"kaidan-manifest\""), "{text}");
        let read = read_manifest(&bytes).unwrap();
        assert_eq!(read.manifest, manifest());
        assert_eq!(read.checksum, checksum(&manifest()).unwrap());
        // Reformatting (compact, with a BOM) keeps the checksum valid.
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut compact = b"\xEF\xBB\xBF".to_vec();
        compact.extend(serde_json::to_vec(&value).unwrap());
        assert_eq!(read_manifest(&compact).unwrap().manifest, manifest());
        assert_eq!(file_name(&manifest()), "发车清单-GZF26112301.json");
    }

    /// Every kind of change is refused with its reason.
    #[test]
    fn tampered_and_damaged_files_are_refused() {
        let text = String::from_utf8(export_manifest(&manifest()).unwrap()).unwrap();
        let altered = [
            (
                "more pieces",
                text.replace("\"pieces\": 3", "\"pieces\": 4"),
            ),
            ("other plate", text.replace("湘C12345", "湘C54321")),
            (
                "a piece dropped",
                text.replace(
                    "\"pieces_loaded\": [\n          1,\n          2\n        ]",
                    "\"pieces_loaded\": [\n          1\n        ]",
                ),
            ),
            (
                "lower freight",
                text.replace("\"freight_yuan\": \"120\"", "\"freight_yuan\": \"12\""),
            ),
            (
                "unknown field",
                text.replace("\"plate\"", "\"extra\": 1, \"plate\""),
            ),
        ];
        for (name, changed) in altered {
            assert_ne!(changed, text, "{name}: the edit applies");
            let err = read_manifest(changed.as_bytes()).unwrap_err();
            assert!(matches!(err, ExchangeError::Altered), "{name}: {err}");
            assert!(err.to_string().contains("校验值不符"));
        }
        let cut = &text.as_bytes()[..text.len() / 2];
        assert!(matches!(
            read_manifest(cut).unwrap_err(),
            ExchangeError::Damaged(_)
        ));
        let foreign = text.replace("kaidan-manifest", "other");
        assert!(matches!(
            read_manifest(foreign.as_bytes()).unwrap_err(),
            ExchangeError::WrongFormat
        ));
        let newer = text.replace("\"version\": 1", "\"version\": 2");
        assert!(matches!(
            read_manifest(newer.as_bytes()).unwrap_err(),
            ExchangeError::NewerVersion(2)
        ));
        let bad_sum = text.replacen("\"sha256\": \"", "\"sha256\": \"0", 1);
        assert!(matches!(
            read_manifest(bad_sum.as_bytes()).unwrap_err(),
            ExchangeError::Altered
        ));
    }
}
