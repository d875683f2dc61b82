//! Logins: one password per member of staff, kept only as an argon2id hash. A person
//! without a password sets one at first login; the supervisor can reset anyone's.

use super::sql::args;
use super::{Db, Result, StorageError, time_text};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::NaiveDateTime;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 4;

/// What a login attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginCheck {
    /// The password is right.
    Ok,
    /// The password is wrong.
    Wrong,
    /// No password was ever set: the person must choose one.
    NoPassword,
}

impl Db {
    /// Checks a password for a 工号.
    pub fn check_password(&self, staff_id: &str, password: &str) -> Result<LoginCheck> {
        let hash: Option<String> = self.sql().value(
            "SELECT hash FROM staff_passwords WHERE staff_id = ?1",
            args![staff_id],
        )?;
        let Some(hash) = hash else {
            return Ok(LoginCheck::NoPassword);
        };
        let parsed = PasswordHash::new(&hash).map_err(|e| {
            StorageError::Corrupt(format!("工号 {staff_id} 的密码记录无法读取：{e}"))
        })?;
        Ok(
            if Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
            {
                LoginCheck::Ok
            } else {
                LoginCheck::Wrong
            },
        )
    }

    /// Sets (or replaces) a person's password, storing only its argon2id hash.
    pub fn set_password(&self, staff_id: &str, password: &str, now: NaiveDateTime) -> Result<()> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(StorageError::Refused(format!(
                "密码至少 {MIN_PASSWORD_CHARS} 位"
            )));
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| StorageError::Refused(format!("无法设置密码：{e}")))?
            .to_string();
        let changed = self.sql().execute(
            "INSERT INTO staff_passwords (staff_id, hash, changed_at)
             SELECT id, ?2, ?3 FROM staff WHERE id = ?1
             ON CONFLICT(staff_id) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at",
            args![staff_id, hash, time_text(now)])?;
        if changed == 0 {
            return Err(StorageError::NotFound(format!(
                "工号 {staff_id} 不在员工名单中"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::staff::StaffMember;

    #[test]
    fn set_check_and_never_store_the_password() {
        let db = Db::open_in_memory().unwrap();
        db.upsert_staff(&StaffMember {
            id: "S01".into(),
            name: "刘建国".into(),
            role: "主管".into(),
        })
        .unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(
            db.check_password("S01", "x").unwrap(),
            LoginCheck::NoPassword
        );
        assert!(matches!(
            db.set_password("S01", "12", now),
            Err(StorageError::Refused(_))
        ));
        db.set_password("S01", "秘密1234", now).unwrap();
        assert_eq!(
            db.check_password("S01", "秘密1234").unwrap(),
            LoginCheck::Ok
        );
        assert_eq!(
            db.check_password("S01", "秘密123").unwrap(),
            LoginCheck::Wrong
        );
        let stored: String = db
            .sql()
            .one(
                "SELECT hash FROM staff_passwords",
                crate::storage::sql::NO_ARGS,
            )
            .unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(!stored.contains("秘密1234"));
        assert!(matches!(
            db.set_password("Z99", "abcd", now),
            Err(StorageError::NotFound(_))
        ));
    }
}
