//! The manifest exchange file between stations, its checksum, and the timeline's hash.

use crate::domain::desk::waybill::IssuedWaybill;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A departed manifest as one station hands it to the next (交接文件): the header, and
/// every waybill on it whole, with the pieces loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestExchange {
    /// The manifest's code, unique across stations (it starts with the station prefix).
    pub code: String,
    /// The loading station's name.
    pub origin: String,
    /// 车牌号.
    pub plate: String,
    /// 司机.
    pub driver_name: String,
    /// 司机电话.
    pub driver_phone: String,
    /// Destination county codes, in route order.
    pub route_codes: Vec<String>,
    /// Destinations as printed.
    pub route_names: Vec<String>,
    /// Planned departure.
    pub departure_at: NaiveDateTime,
    /// 工号 of the clerk who made the manifest.
    pub created_by: String,
    /// When the truck left.
    pub departed_at: NaiveDateTime,
    /// 工号 of the clerk who sent it off.
    pub departed_by: String,
    /// The waybills, in number order.
    pub waybills: Vec<ExchangeWaybill>,
}

/// One waybill of a [`ManifestExchange`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeWaybill {
    /// The waybill as issued.
    pub issued: IssuedWaybill,
    /// Pieces on this truck, ascending.
    pub pieces_loaded: Vec<u32>,
}

/// SHA-256 of `bytes` as 64 lower-case hex digits.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::domain::desk::alteration::lower_hex(&Sha256::digest(bytes))
}

/// The hash of a timeline entry: SHA-256 over the previous entry's hash and every
/// field, each length-prefixed, as the alteration history does.
#[must_use]
pub fn event_hash(previous_hash: &str, fields: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in std::iter::once(previous_hash).chain(fields.iter().copied()) {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    crate::domain::desk::alteration::lower_hex(&hasher.finalize())
}
