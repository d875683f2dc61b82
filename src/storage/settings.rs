//! The station's settings: who the station is, how waybills are numbered, the premium
//! rate, and the prohibited goods list. Stored in the database so every counter PC that
//! shares it agrees; window layout and such stay in eframe's own storage.

use super::{Db, Result, StorageError};
use crate::domain::rates::FeeSettings;
use crate::domain::screening::{ProhibitedWord, default_list};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// The desk's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskSettings {
    /// Company name printed on the waybill.
    pub company_name: String,
    /// This station's name (起运站), e.g. 广州白云站.
    pub station_name: String,
    /// Station phone printed on the waybill.
    pub station_phone: String,
    /// Prefix of waybill numbers, e.g. GZ.
    pub number_prefix: String,
    /// Premium rate and minimum.
    pub fees: FeeSettings,
}

impl Default for DeskSettings {
    fn default() -> Self {
        Self {
            company_name: "广州市每地达物流有限公司".to_owned(),
            station_name: "广州站".to_owned(),
            station_phone: String::new(),
            number_prefix: "GZ".to_owned(),
            fees: FeeSettings::default(),
        }
    }
}

const DESK_KEY: &str = "desk";

impl Db {
    /// The desk settings, defaults where never saved.
    pub fn desk_settings(&self) -> Result<DeskSettings> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DESK_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match text {
            None => Ok(DeskSettings::default()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| StorageError::Corrupt(format!("设置无法读取：{e}"))),
        }
    }

    /// Saves the desk settings.
    pub fn save_desk_settings(&self, settings: &DeskSettings) -> Result<()> {
        let text = serde_json::to_string(settings)
            .map_err(|e| StorageError::Corrupt(format!("设置无法保存：{e}")))?;
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![DESK_KEY, text],
        )?;
        Ok(())
    }

    /// The prohibited goods list; the company default until the supervisor edits it.
    pub fn prohibited_goods(&self) -> Result<Vec<ProhibitedWord>> {
        let edited: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = 'prohibited_edited'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if edited.is_none() {
            return Ok(default_list());
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT word, category FROM prohibited_goods ORDER BY category, word")?;
        let rows = stmt.query_map([], |r| {
            Ok(ProhibitedWord {
                word: r.get(0)?,
                category: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the prohibited goods list.
    pub fn save_prohibited_goods(&mut self, list: &[ProhibitedWord]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute("DELETE FROM prohibited_goods", [])?;
        for item in list {
            let word = item.word.trim();
            if word.is_empty() {
                continue;
            }
            tx.execute(
                "INSERT OR REPLACE INTO prohibited_goods (word, category) VALUES (?1, ?2)",
                params![word, item.category.trim()],
            )?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('prohibited_edited', '1')",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn settings_round_trip() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(db.desk_settings().unwrap(), DeskSettings::default());
        let s = DeskSettings {
            number_prefix: "CS".into(),
            fees: FeeSettings {
                minimum_premium_yuan: Decimal::new(5, 0),
                ..FeeSettings::default()
            },
            ..DeskSettings::default()
        };
        db.save_desk_settings(&s).unwrap();
        assert_eq!(db.desk_settings().unwrap(), s);
    }

    #[test]
    fn prohibited_list_defaults_then_edits() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(db.prohibited_goods().unwrap(), default_list());
        let list = vec![ProhibitedWord {
            word: "榴莲".into(),
            category: "易污染".into(),
        }];
        db.save_prohibited_goods(&list).unwrap();
        assert_eq!(db.prohibited_goods().unwrap(), list);
        db.save_prohibited_goods(&[]).unwrap();
        assert!(db.prohibited_goods().unwrap().is_empty());
    }
}
