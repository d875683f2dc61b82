//! People imports (staff, clock-in records, point events) from a table already read, the
//! one path shared by the command line and the window's import screen: the rows are
//! checked against the database, then written in one transaction, or nothing is.

use crate::documents::people::people_import::{
    EventContext, PunchContext, parse_events, parse_punches, parse_requests, parse_staff,
};
use crate::documents::tabular::{RowErrors, Table};
use crate::domain::people::attendance::Punch;
use crate::domain::people::points::PointEvent;
use crate::storage::people::PunchChange;
use crate::storage::{Db, StorageError};
use chrono::NaiveDateTime;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// Bad rows, each named by row and column.
    #[error("{0}")]
    Rows(RowErrors),
    /// The database refused or failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<RowErrors> for ImportFailure {
    fn from(errors: RowErrors) -> Self {
        Self::Rows(errors)
    }
}

/// What kind of people file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleFile {
    /// 员工: `工号, 姓名, 岗位, 入职日期, 离职日期, 月基本工资`.
    Staff,
    /// 打卡: `工号, 日期, 班次, 上班打卡, 下班打卡`.
    Punches,
    /// 扣分/奖励事件: `工号, 日期, 规则, 数量, 单号, 说明`.
    Events,
    /// 请假/外出/加班申请: `工号, 类别, 开始, 结束, 事由, 审批状态`.
    Requests,
}

impl PeopleFile {
    /// Every kind, in the order of the import screen.
    pub const ALL: [Self; 4] = [Self::Staff, Self::Punches, Self::Events, Self::Requests];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Staff => "员工",
            Self::Punches => "打卡记录",
            Self::Events => "扣分/奖励事件",
            Self::Requests => "请假/外出/加班申请",
        }
    }

    /// The optional columns of this kind of file (read when present).
    #[must_use]
    pub fn optional_columns(self) -> &'static [&'static str] {
        match self {
            Self::Events => &crate::documents::people::people_import::EVENT_OPTIONAL,
            _ => &[],
        }
    }

    /// The columns FORMATS.md gives this kind of file.
    #[must_use]
    pub fn columns(self) -> &'static [&'static str] {
        use crate::documents::people::people_import::{
            EVENT_COLUMNS, PUNCH_COLUMNS, REQUEST_COLUMNS, STAFF_COLUMNS,
        };
        match self {
            Self::Staff => &STAFF_COLUMNS,
            Self::Punches => &PUNCH_COLUMNS,
            Self::Events => &EVENT_COLUMNS,
            Self::Requests => &REQUEST_COLUMNS,
        }
    }
}

/// Imports a table of the given kind; returns the Chinese summary of what was written.
pub fn import_people(
    db: &mut Db,
    kind: PeopleFile,
    table: &Table,
    now: NaiveDateTime,
) -> Result<String, ImportFailure> {
    match kind {
        PeopleFile::Staff => {
            let staff = parse_staff(table)?;
            let summary = db.import_staff(&staff)?;
            Ok(format!(
                "已导入员工：新增 {} 人，更新 {} 人",
                summary.added, summary.updated
            ))
        }
        PeopleFile::Punches => import_punches(db, table),
        PeopleFile::Events => import_events(db, table, now),
        PeopleFile::Requests => {
            let known: BTreeSet<String> = db.staff()?.into_iter().map(|s| s.id).collect();
            let locked = db.locked_months()?;
            let requests = parse_requests(table, &known, &locked)?;
            let summary = db.import_requests(&requests, now)?;
            Ok(if summary.skipped > 0 {
                format!(
                    "已导入申请 {} 条（另有 {} 条此前已导入，未重复添加）",
                    summary.added, summary.skipped
                )
            } else {
                format!("已导入申请 {} 条", summary.added)
            })
        }
    }
}

fn import_punches(db: &mut Db, table: &Table) -> Result<String, ImportFailure> {
    let known: BTreeSet<String> = db.staff()?.into_iter().map(|s| s.id).collect();
    let locked = db.locked_months()?;
    // A lookup that fails is kept and reported instead of being taken as "changed".
    let lookup_error = RefCell::new(None);
    let stored_same = |punch: &Punch| match db.punch_change(punch) {
        Ok(change) => change == PunchChange::Same,
        Err(error) => {
            lookup_error.borrow_mut().get_or_insert(error);
            false
        }
    };
    let parsed = parse_punches(
        table,
        &PunchContext {
            known_staff: &known,
            locked_months: &locked,
            stored_same: &stored_same,
        },
    );
    if let Some(error) = lookup_error.into_inner() {
        return Err(error.into());
    }
    let punches = parsed?;
    let summary = db.import_punches(&punches)?;
    Ok(format!(
        "已导入打卡记录：新增 {} 条，更新 {} 条，未变 {} 条",
        summary.added, summary.changed, summary.unchanged
    ))
}

fn import_events(db: &mut Db, table: &Table, now: NaiveDateTime) -> Result<String, ImportFailure> {
    let known: BTreeSet<String> = db.staff()?.into_iter().map(|s| s.id).collect();
    let locked = db.locked_months()?;
    let lookup_error = RefCell::new(None);
    let already = |event: &PointEvent| match db.imported_event_count(event) {
        Ok(count) => count,
        Err(error) => {
            lookup_error.borrow_mut().get_or_insert(error);
            0
        }
    };
    let parsed = parse_events(
        table,
        &EventContext {
            known_staff: &known,
            locked_months: &locked,
            already_imported: &already,
            waybill_exists: &|number| match db.waybill_exists(number) {
                Ok(found) => found,
                Err(error) => {
                    lookup_error.borrow_mut().get_or_insert(error);
                    true
                }
            },
        },
    );
    if let Some(error) = lookup_error.into_inner() {
        return Err(error.into());
    }
    let parsed = parsed?;
    // The rows to skip are counted again under the write's own lock.
    let (added, skipped) = db.import_point_events(&parsed.all, now)?;
    Ok(if skipped > 0 {
        format!("已导入扣分事件 {added} 条（另有 {skipped} 条此前已导入，未重复添加）")
    } else {
        format!("已导入扣分事件 {added} 条")
    })
}
