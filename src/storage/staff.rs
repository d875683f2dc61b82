//! Staff (员工): the people who issue waybills. The people work (logins, shifts, points)
//! extends this table; the desk needs only who the clerks are.

use super::sql::{NO_ARGS, args};
use super::{Db, Result};

/// A member of staff as the desk knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// 工号.
    pub id: String,
    /// 姓名 (may be empty for a number imported before the staff list).
    pub name: String,
    /// 岗位: 开单员 / 客服 / 主管 / 财务.
    pub role: String,
}

impl StaffMember {
    /// "A01 张三", or the 工号 alone when the name is not known yet.
    #[must_use]
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.id.clone()
        } else {
            format!("{} {}", self.id, self.name)
        }
    }
}

impl Db {
    /// Everyone, in 工号 order.
    pub fn staff(&self) -> Result<Vec<StaffMember>> {
        let rows = self.sql().query_map(
            "SELECT id, name, role FROM staff ORDER BY id",
            NO_ARGS,
            |r| {
                Ok(StaffMember {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                })
            },
        )?;
        Ok(rows)
    }

    /// Adds a member of staff, or updates name and role of an existing 工号.
    pub fn upsert_staff(&self, member: &StaffMember) -> Result<()> {
        let tx = self.sql().begin()?;
        super::revisions::advance(
            *tx,
            super::revisions::Record::Staff(&member.id),
            super::revisions::Edit::unattributed(),
        )?;
        tx.execute(
            "INSERT INTO staff (id, name, role) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role",
            args![member.id.trim(), member.name.trim(), member.role.trim()],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// For the storage tests: an empty database in memory with these (工号, 姓名, 岗位) on
/// the staff list.
#[cfg(test)]
pub(crate) fn db_with(people: &[(&str, &str, &str)]) -> Db {
    let db = Db::open_in_memory().unwrap();
    hire(&db, people);
    db
}

/// For the storage tests: these (工号, 姓名, 岗位) put on the staff list of `db`.
#[cfg(test)]
pub(crate) fn hire(db: &Db, people: &[(&str, &str, &str)]) {
    for (id, name, role) in people {
        db.upsert_staff(&StaffMember {
            id: (*id).into(),
            name: (*name).into(),
            role: (*role).into(),
        })
        .unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_and_list() {
        let db = Db::open_in_memory().unwrap();
        let mut m = StaffMember {
            id: "A02".into(),
            name: "李四".into(),
            role: "开单员".into(),
        };
        db.upsert_staff(&m).unwrap();
        db.upsert_staff(&StaffMember {
            id: "A01".into(),
            name: String::new(),
            role: "开单员".into(),
        })
        .unwrap();
        m.name = "李思".into();
        db.upsert_staff(&m).unwrap();
        let all = db.staff().unwrap();
        assert_eq!(
            all.iter().map(StaffMember::label).collect::<Vec<_>>(),
            vec!["A01", "A02 李思"]
        );
    }
}
