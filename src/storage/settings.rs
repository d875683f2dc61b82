//! The station's settings: who the station is, how waybills are numbered, the premium
//! rate, and the prohibited goods list. Stored in the database so every counter PC that
//! shares it agrees; window layout and such stay in eframe's own storage.

use super::revisions::{self, Edit, Record, Setting};
use super::sql::{Conn, NO_ARGS, args};
use super::{Db, Result, StorageError};
use crate::domain::desk::screening::{ProhibitedWord, default_list};
use crate::domain::settings::{DeskSettings, PrintSettings};

pub(super) const DESK_KEY: &str = "desk";
const PRINT_KEY: &str = "print";

impl Db {
    /// Saves the desk settings (the demo, a restore).
    pub fn save_desk_settings(&self, settings: &DeskSettings) -> Result<()> {
        self.edit_desk_settings(settings, Edit::unattributed())
    }

    /// The print settings, defaults where never saved. Terms saved as the old default
    /// (with 三倍 written out) are read as today's default, which prints the claim
    /// multiple in force ([`PrintSettings::upgraded`]).
    pub fn print_settings(&self) -> Result<PrintSettings> {
        self.json_setting(PRINT_KEY).map(PrintSettings::upgraded)
    }

    /// Saves the print settings.
    pub fn save_print_settings(&self, settings: &PrintSettings, edit: Edit<'_>) -> Result<()> {
        self.save_setting(Setting::Print, settings, edit)
    }

    /// Saves a setting a page edits whole (`setting`'s JSON), moving its revision on in
    /// the same transaction; refused as [`revisions`] says.
    ///
    /// # Errors
    /// Refused as saved elsewhere since the page opened it; the database failed.
    pub(super) fn save_setting<T: serde::Serialize>(
        &self,
        setting: Setting,
        value: &T,
        edit: Edit<'_>,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::Setting(setting), edit)?;
        write_json(*tx, setting.key(), setting.label(), value)?;
        tx.commit()?;
        Ok(())
    }

    pub(super) fn json_setting<T: serde::de::DeserializeOwned + Default>(
        &self,
        key: &str,
    ) -> Result<T> {
        read_json(self.sql(), key, &format!("设置「{key}」"))
    }

    pub(super) fn save_json_setting<T: serde::Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<()> {
        write_json(self.sql(), key, &format!("设置「{key}」"), value)
    }

    /// The prohibited goods list; the company default until the supervisor edits it.
    pub fn prohibited_goods(&self) -> Result<Vec<ProhibitedWord>> {
        let edited: Option<String> = self.sql().value(
            "SELECT value FROM settings WHERE key = 'prohibited_edited'",
            NO_ARGS,
        )?;
        if edited.is_none() {
            return Ok(default_list());
        }
        let rows = self.sql().query_map(
            "SELECT word, category FROM prohibited_goods ORDER BY category, word",
            NO_ARGS,
            |r| {
                Ok(ProhibitedWord {
                    word: r.get(0)?,
                    category: r.get(1)?,
                })
            },
        )?;
        Ok(rows)
    }

    /// Replaces the prohibited goods list.
    pub fn save_prohibited_goods(&mut self, list: &[ProhibitedWord], edit: Edit<'_>) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::Prohibited, edit)?;
        tx.execute("DELETE FROM prohibited_goods", NO_ARGS)?;
        for item in list {
            let word = item.word.trim();
            if word.is_empty() {
                continue;
            }
            tx.execute(
                "INSERT INTO prohibited_goods (word, category) VALUES (?1, ?2)
                 ON CONFLICT(word) DO UPDATE SET category = excluded.category",
                args![word, item.category.trim()],
            )?;
        }
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('prohibited_edited', '1')
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            NO_ARGS,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The setting stored as JSON under `key`, its defaults where never saved; `label` names
/// it to a clerk when it cannot be read (changed outside the program).
pub(super) fn read_json<T: serde::de::DeserializeOwned + Default>(
    conn: Conn<'_>,
    key: &str,
    label: &str,
) -> Result<T> {
    let text: Option<String> =
        conn.value("SELECT value FROM settings WHERE key = ?1", args![key])?;
    match text {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| StorageError::Corrupt(format!("{label}无法读取：{e}"))),
    }
}

/// Stores `value` as JSON under `key`.
pub(super) fn write_json<T: serde::Serialize>(
    conn: Conn<'_>,
    key: &str,
    label: &str,
    value: &T,
) -> Result<()> {
    let text = serde_json::to_string(value)
        .map_err(|e| StorageError::Corrupt(format!("{label}无法保存：{e}")))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        args![key, text],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::desk::rates::FeeSettings;
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
    fn print_settings_saved_with_the_old_default_terms_read_as_the_new_default() {
        let db = Db::open_in_memory().unwrap();
        let old_terms = "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费三倍以内赔偿；保价货物保丢不保损。货物到站后七日内未提，按日收取保管费。";
        // As an earlier version saved them: every field, the terms with 三倍 written out.
        let mut stored = serde_json::to_value(PrintSettings {
            label_qr: true,
            ..PrintSettings::default()
        })
        .unwrap();
        stored["terms"] = old_terms.into();
        db.sql()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('print', ?1)",
                args![stored.to_string()],
            )
            .unwrap();
        let read = db.print_settings().unwrap();
        assert_eq!(read.terms, crate::domain::settings::DEFAULT_TERMS);
        assert!(read.label_qr);
        // Terms the supervisor wrote stay as written, 三倍 and all.
        let edited = PrintSettings {
            terms: old_terms.replace("七日", "三日"),
            ..PrintSettings::default()
        };
        db.save_print_settings(&edited, Edit::unattributed())
            .unwrap();
        assert_eq!(db.print_settings().unwrap(), edited);
    }

    #[test]
    fn prohibited_list_defaults_then_edits() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(db.prohibited_goods().unwrap(), default_list());
        let list = vec![ProhibitedWord {
            word: "榴莲".into(),
            category: "易污染".into(),
        }];
        db.save_prohibited_goods(&list, Edit::unattributed())
            .unwrap();
        assert_eq!(db.prohibited_goods().unwrap(), list);
        db.save_prohibited_goods(&[], Edit::unattributed()).unwrap();
        assert!(db.prohibited_goods().unwrap().is_empty());
    }
}
