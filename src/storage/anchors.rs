//! Anchors kept outside the database: the newest head of the seal chain (`storage::seals`,
//! over the waybill history, the money ledger and every other append-only table) that
//! this PC has verified (how many entries, and the last one's hash), tied to the database's
//! identity (a random id kept in its settings, so a copied or moved file keeps it), not
//! to its path. A rewrite that recomputes every hash, or the newest records deleted with
//! their history, no longer matches what this PC saw; a head's short code
//! (`336-1a2b3c4d`) written down elsewhere proves the history up to it unchanged
//! (`kaidan check --anchor CODE`). A restore from a backup is recorded in the database and
//! reported as a restore, not as tampering.
//!
//! The anchors live in `anchors.json` in the user's data folder (`KAIDAN_ANCHORS` names
//! another file, for IT and for tests).

use super::sql::args;
use super::{Db, Result, StorageError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

const IDENTITY_KEY: &str = "database_id";
const RESTORE_KEY: &str = "last_restore";

/// The head of the seal chain: how many entries, and the newest one's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Entries in the chain.
    pub count: u64,
    /// The newest entry's hash (empty when there is none).
    pub hash: String,
    /// When this PC verified it (for an anchor).
    #[serde(default)]
    pub verified_at: Option<NaiveDateTime>,
}

impl Head {
    /// The short code printed and typed: `count-first 8 hex digits of the hash`.
    #[must_use]
    pub fn code(&self) -> String {
        format!(
            "{}-{}",
            self.count,
            self.hash.get(..8).unwrap_or(&self.hash)
        )
    }
}

/// A restore recorded in the database: anchors verified before it may be ahead of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Restore {
    at: Option<NaiveDateTime>,
}

/// The anchors file: database id → the newest head verified on this PC.
fn anchors_file() -> PathBuf {
    std::env::var_os("KAIDAN_ANCHORS").map_or_else(
        || {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("kaidan")
                .join("anchors.json")
        },
        PathBuf::from,
    )
}

fn read_anchors() -> BTreeMap<String, Head> {
    std::fs::read(anchors_file())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

impl Db {
    /// The database's identity: 32 random hex digits made once by migration 14.
    pub fn database_id(&self) -> Result<String> {
        Ok(self.sql().one(
            "SELECT value FROM settings WHERE key = ?1",
            args![IDENTITY_KEY],
        )?)
    }

    /// The head of the seal chain now.
    pub fn head(&self) -> Result<Head> {
        let (count, hash) = super::seals::head(self.sql())?;
        Ok(Head {
            count,
            hash,
            verified_at: None,
        })
    }

    /// Compares the seal chain with an anchor (this PC's, or a code typed from a handover
    /// sheet): problems when the entries up to it are gone or rewritten. Entries after a
    /// recorded restore are reported by the caller as a restore, not here.
    pub fn anchor_problems(&self, anchor: &Head) -> Result<Vec<String>> {
        if anchor.count == 0 {
            return Ok(Vec::new());
        }
        let code = anchor.code();
        Ok(match super::seals::hash_at(self.sql(), anchor.count)? {
            None => {
                let now = self.head()?.count;
                vec![format!(
                    "封存记录只剩 {now} 条，少于此前核对过的 {} 条（校验码 {code}）：最新的记录被删除了",
                    anchor.count
                )]
            }
            Some(hash) if !hash.starts_with(anchor.hash.get(..8).unwrap_or(&anchor.hash)) => {
                vec![format!(
                    "封存记录第 {} 条与校验码 {code} 不符：记录被整体改写过（即使每条校验值都重新算过）",
                    anchor.count
                )]
            }
            Some(_) => Vec::new(),
        })
    }

    /// This PC's anchor of this database, if it has verified it before, and whether a
    /// restore was recorded after that verification (then a shorter history is the
    /// restore's doing).
    pub fn local_anchor(&self) -> Result<Option<(Head, bool)>> {
        let id = self.database_id()?;
        let Some(anchor) = read_anchors().remove(&id) else {
            return Ok(None);
        };
        let restore: Restore = self.json_setting(RESTORE_KEY)?;
        let restored_since = match (restore.at, anchor.verified_at) {
            (Some(restored), Some(verified)) => restored >= verified,
            (Some(_), None) => true,
            _ => false,
        };
        Ok(Some((anchor, restored_since)))
    }

    /// Remembers the current head on this PC as verified at `now`.
    pub fn remember_head(&self, now: NaiveDateTime) -> Result<Head> {
        let id = self.database_id()?;
        let mut head = self.head()?;
        head.verified_at = Some(now);
        let mut anchors = read_anchors();
        anchors.insert(id, head.clone());
        let file = anchors_file();
        let keep = |source| StorageError::Anchors {
            path: file.clone(),
            source,
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(keep)?;
        }
        let text = serde_json::to_vec_pretty(&anchors)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        // Written aside and renamed, so a crash never leaves half a file.
        crate::files::write_whole(&file, &text).map_err(keep)?;
        Ok(head)
    }

    /// `kaidan check`'s verification: SQLite's integrity, every chain
    /// ([`Db::record_problems`]), the code typed from a handover sheet if any, and this
    /// PC's own anchor. When all is sound the head is remembered on this PC as verified
    /// at `now`.
    pub fn verify(&self, code: Option<&Head>, now: NaiveDateTime) -> Result<Verification> {
        let mut problems = self.integrity_problems()?;
        problems.extend(self.record_problems()?);
        if let Some(code) = code {
            problems.extend(self.anchor_problems(code)?);
        }
        let mut restored_since = None;
        match self.local_anchor()? {
            Some((anchor, true)) => restored_since = Some(anchor),
            Some((anchor, false)) => problems.extend(self.anchor_problems(&anchor)?),
            None => {}
        }
        let head = if problems.is_empty() {
            Some(self.remember_head(now)?)
        } else {
            None
        };
        Ok(Verification {
            problems,
            restored_since,
            head,
        })
    }

    /// Records that the database was restored from a backup at `now`.
    pub(super) fn record_restore(&self, now: NaiveDateTime) -> Result<()> {
        self.save_json_setting(RESTORE_KEY, &Restore { at: Some(now) })
    }
}

/// What [`Db::verify`] found.
#[derive(Debug)]
pub struct Verification {
    /// One Chinese line per problem; empty when the database is sound.
    pub problems: Vec<String>,
    /// This PC's anchor when the database was restored from a backup after it was
    /// verified (what is missing since is the restore's doing).
    pub restored_since: Option<Head>,
    /// The head remembered on this PC, when sound.
    pub head: Option<Head>,
}

/// Reads a short code as printed (`336-1a2b3c4d`).
#[must_use]
pub fn parse_code(code: &str) -> Option<Head> {
    let (count, hash) = code.trim().split_once('-')?;
    let hash = hash.to_ascii_lowercase();
    (hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit())).then_some(())?;
    Some(Head {
        count: count.parse().ok()?,
        hash,
        verified_at: None,
    })
}
