//! The people imports of FORMATS.md: staff (`import staff`), clock-in records
//! (`import punches`) and point events (`import events`). Each turns the rows of a
//! [`Table`] into domain values or into one located Chinese message per bad cell, every
//! bad row of the file at once. Nothing is written here; storage writes a whole file in
//! one transaction, only when every row is good.
//!
//! Re-importing: clock-in records are keyed by 工号, 日期 and 班次, so the same rows again
//! change nothing (a row with other punches updates the stored one, which storage
//! counts as changed). An events file carries no key, so a row exactly like one an
//! earlier import already stored (all six columns) is skipped, as many times as it was
//! stored: importing the same file twice adds nothing the second time. A row that would
//! add or change something in a locked (signed-off) month is a bad row.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveTime, Timelike as _};

use crate::documents::tabular::{RowErrors, Table, TableRow};
use crate::domain::desk::limits::{MAX_EVENT_TIMES, MAX_LEFT_POST_MINUTES};
use crate::domain::people::attendance::{Punch, ShiftKind};
use crate::domain::people::points::{EventCode, EventSource, PointEvent};
use crate::domain::people::requests::{AttendanceRequest, RequestKind, RequestStatus};
use crate::domain::people::{Month, Role, Staff};

/// The columns of a staff file, exactly as FORMATS.md names them.
pub const STAFF_COLUMNS: [&str; 6] = ["工号", "姓名", "岗位", "入职日期", "离职日期", "月基本工资"];

/// The columns of a clock-in file, exactly as FORMATS.md names them.
pub const PUNCH_COLUMNS: [&str; 5] = ["工号", "日期", "班次", "上班打卡", "下班打卡"];

/// The columns of a point events file, exactly as FORMATS.md names them.
pub const EVENT_COLUMNS: [&str; 6] = ["工号", "日期", "规则", "数量", "单号", "说明"];

/// The optional columns of a point events file (issue 16): 费用, the cost charged to
/// the person with the event, yuan with up to two decimals; a file without it imports as
/// before.
pub const EVENT_OPTIONAL: [&str; 1] = ["费用"];

/// Every column of a point events file as the import reads it: the required, then the
/// optional ones.
const EVENT_ALL: [&str; 7] = ["工号", "日期", "规则", "数量", "单号", "说明", "费用"];

/// The longest 工号 accepted.
const MAX_ID_CHARS: usize = 16;
/// The longest name accepted.
const MAX_NAME_CHARS: usize = 20;
/// The longest waybill number accepted (as the waybill import).
const MAX_NUMBER_CHARS: usize = 32;
/// The longest 说明 accepted.
const MAX_NOTE_CHARS: usize = 200;

/// What the clock-in import needs to know of the database.
pub struct PunchContext<'a> {
    /// 工号 on the staff list.
    pub known_staff: &'a BTreeSet<String>,
    /// Months signed off.
    pub locked_months: &'a BTreeSet<Month>,
    /// Whether exactly this record (same punches) is stored already.
    pub stored_same: &'a dyn Fn(&Punch) -> bool,
}

/// What the events import needs to know of the database.
pub struct EventContext<'a> {
    /// 工号 on the staff list.
    pub known_staff: &'a BTreeSet<String>,
    /// Months signed off.
    pub locked_months: &'a BTreeSet<Month>,
    /// How many events exactly like this one earlier imports stored.
    pub already_imported: &'a dyn Fn(&PointEvent) -> usize,
    /// Whether a waybill is in the database: a 费用 names one that is, or none.
    pub waybill_exists: &'a dyn Fn(&str) -> bool,
}

/// The events of a file to add, and how many rows were already imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEvents {
    /// Events to add, in file order.
    pub new: Vec<PointEvent>,
    /// Rows skipped because an earlier import stored them already.
    pub skipped: usize,
    /// Every event of the file, in file order: the write re-counts what is stored under
    /// its own lock (`Db::import_point_events`), so two imports of one file at once
    /// store it once.
    pub all: Vec<PointEvent>,
}

/// A date cell: `YYYY-MM-DD`, or `YYYY/M/D` as Excel on a Chinese Windows writes dates
/// into a CSV.
fn date(text: &str, column: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("请填写{column}（YYYY-MM-DD）"));
    }
    crate::domain::desk::limits::typed_day(text)
        .ok_or_else(|| format!("「{text}」不是有效的日期：请写成 YYYY-MM-DD，如 2026-11-03"))
        .and_then(|day| crate::domain::desk::limits::check_date(day, column))
}

/// A punch cell: empty (missing punch), `HH:MM` (also `H:MM` and `HH:MM:SS`, seconds
/// dropped).
fn clock(text: &str) -> Result<Option<NaiveTime>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map(|t| t.with_second(0).unwrap_or(t))
        .map(Some)
        .map_err(|_| format!("「{text}」不是有效的打卡时间：请写成 HH:MM，如 08:05；未打卡留空"))
}

/// A 工号 cell that must name someone on the staff list.
fn known_id(text: &str, known: &BTreeSet<String>) -> Result<String, String> {
    if text.is_empty() {
        return Err("请填写工号".to_owned());
    }
    if known.contains(text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "工号 {text} 不在员工名单中：请先导入员工（import staff）"
        ))
    }
}

fn locked_message(month: Month, what: &str) -> String {
    format!("{month} 的考核已锁定（已签字确认），不能再导入或改动{what}")
}

/// Reads every row of `table` (read with [`STAFF_COLUMNS`]) into staff records.
///
/// `工号` is required, without spaces, at most 16 characters, once per file; `姓名` is
/// required; `岗位` is 开单员, 客服, 主管 or 财务; `入职日期` is required; `离职日期` may
/// be empty and is not before `入职日期`; `月基本工资` is a number of yuan, not negative
/// (rounded to the fen when stored).
pub fn parse_staff(table: &Table) -> Result<Vec<Staff>, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    let mut out = Vec::with_capacity(table.rows.len());
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut bad = Vec::new();
        let id = row.cell(0);
        if id.is_empty() {
            bad.push((0, "请填写工号".to_owned()));
        } else if id.chars().count() > MAX_ID_CHARS || id.chars().any(char::is_whitespace) {
            bad.push((
                0,
                format!("工号「{id}」不能含空格，且最多 {MAX_ID_CHARS} 个字符"),
            ));
        } else if let Some(first) = first_seen.get(id) {
            bad.push((0, format!("工号 {id} 与第 {first} 行重复")));
        } else {
            first_seen.insert(id.to_owned(), row.line);
        }
        let name = row.cell(1);
        if name.is_empty() {
            bad.push((1, "请填写姓名".to_owned()));
        } else if name.chars().count() > MAX_NAME_CHARS {
            bad.push((1, format!("姓名过长（最多 {MAX_NAME_CHARS} 字）")));
        }
        let role = Role::from_label(row.cell(2));
        if role.is_none() {
            bad.push((
                2,
                format!(
                    "「{}」不是有效的岗位：请填 开单员、客服、主管 或 财务",
                    row.cell(2)
                ),
            ));
        }
        let joined = date(row.cell(3), "入职日期").map_err(|m| bad.push((3, m)));
        let left = if row.cell(4).is_empty() {
            Ok(None)
        } else {
            date(row.cell(4), "离职日期")
                .map(Some)
                .map_err(|m| bad.push((4, m)))
        };
        if let (Ok(joined), Ok(Some(left))) = (&joined, &left)
            && left < joined
        {
            bad.push((4, format!("离职日期 {left} 早于入职日期 {joined}")));
        }
        let salary = if row.cell(5).is_empty() {
            bad.push((5, "请填写月基本工资（元）".to_owned()));
            None
        } else {
            crate::domain::desk::limits::parse_money(row.cell(5), "月基本工资")
                .map_err(|m| bad.push((5, m)))
                .ok()
        };
        if bad.is_empty()
            && let (Some(role), Ok(joined), Ok(left), Some(salary)) = (role, joined, left, salary)
        {
            out.push(Staff {
                id: id.to_owned(),
                name: name.to_owned(),
                role,
                joined_on: Some(joined),
                left_on: left,
                base_salary_yuan: salary,
            });
        }
        push_all(&mut errors, row, &STAFF_COLUMNS, bad);
    }
    finish(errors, out)
}

/// Reads every row of `table` (read with [`PUNCH_COLUMNS`]) into clock-in records.
///
/// `工号` must be on the staff list; `日期` is the day the shift starts; `班次` is 早班,
/// 中班, 晚班, 休息 or 请假; the punches are `HH:MM` or empty when missing. One row per
/// 工号, 日期 and 班次. A row that is new or differs from the stored one is refused in a
/// locked month.
pub fn parse_punches(table: &Table, ctx: &PunchContext<'_>) -> Result<Vec<Punch>, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    let mut out = Vec::with_capacity(table.rows.len());
    let mut first_seen: HashMap<(String, NaiveDate, ShiftKind), usize> = HashMap::new();
    for row in &table.rows {
        let mut bad = Vec::new();
        let id = known_id(row.cell(0), ctx.known_staff).map_err(|m| bad.push((0, m)));
        let day = date(row.cell(1), "日期").map_err(|m| bad.push((1, m)));
        let shift = ShiftKind::from_label(row.cell(2)).ok_or_else(|| {
            bad.push((
                2,
                format!(
                    "「{}」不是有效的班次：请填 早班、中班、晚班、休息 或 请假",
                    row.cell(2)
                ),
            ));
        });
        let clock_in = clock(row.cell(3)).map_err(|m| bad.push((3, m)));
        let clock_out = clock(row.cell(4)).map_err(|m| bad.push((4, m)));
        if let (Ok(id), Ok(day), Ok(shift)) = (&id, &day, &shift) {
            match first_seen.entry((id.clone(), *day, *shift)) {
                std::collections::hash_map::Entry::Occupied(first) => bad.push((
                    2,
                    format!(
                        "工号 {id} {day} {} 与第 {} 行重复：同一人同一天同一班次只能有一行",
                        shift.label(),
                        first.get()
                    ),
                )),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        if let (Ok(staff_id), Ok(day), Ok(shift), Ok(clock_in), Ok(clock_out)) =
            (id, day, shift, clock_in, clock_out)
        {
            let punch = Punch {
                staff_id,
                day,
                shift,
                clock_in,
                clock_out,
            };
            let month = Month::of(day);
            if ctx.locked_months.contains(&month) && !(ctx.stored_same)(&punch) {
                bad.push((1, locked_message(month, "打卡记录")));
            }
            if bad.is_empty() {
                out.push(punch);
            }
        }
        push_all(&mut errors, row, &PUNCH_COLUMNS, bad);
    }
    finish(errors, out)
}

/// Reads every row of `table` (read with [`EVENT_COLUMNS`]) into point events to add.
///
/// `工号` must be on the staff list; `规则` is `P1`…`P21`, `P2b`, `P4b`, `P15b`, `P16b`,
/// `L` or `B1`; `数量` is a whole number from 1 (empty = 1), for `L` the minutes away;
/// `单号` and `说明` are free text. Rows an earlier import stored already are skipped (see
/// the module); a row to add in a locked month is refused.
pub fn parse_events(table: &Table, ctx: &EventContext<'_>) -> Result<ParsedEvents, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    let mut new = Vec::new();
    let mut all = Vec::new();
    let mut skipped = 0;
    // How often each event occurred in the file so far.
    let mut seen: HashMap<PointEvent, usize> = HashMap::new();
    for row in &table.rows {
        let mut bad = Vec::new();
        let id = known_id(row.cell(0), ctx.known_staff).map_err(|m| bad.push((0, m)));
        let day = date(row.cell(1), "日期").map_err(|m| bad.push((1, m)));
        let code = EventCode::from_code(row.cell(2)).ok_or_else(|| {
            bad.push((
                2,
                if row.cell(2).is_empty() {
                    "请填写规则".to_owned()
                } else {
                    format!(
                        "「{}」不是有效的规则：请填 P1–P21、P2b、P4b、P15b、P16b、L（外出）或 B1（表扬）",
                        row.cell(2)
                    )
                },
            ));
        });
        let quantity = quantity(row.cell(3), code.ok()).map_err(|m| bad.push((3, m)));
        let waybill_number = row.cell(4);
        if waybill_number.chars().count() > MAX_NUMBER_CHARS {
            bad.push((4, format!("单号最多 {MAX_NUMBER_CHARS} 个字符")));
        }
        let note = row.cell(5);
        if note.chars().count() > MAX_NOTE_CHARS {
            bad.push((5, format!("说明过长（最多 {MAX_NOTE_CHARS} 字）")));
        }
        let charge = crate::domain::people::review::charges::parse_charge(row.cell(6))
            .map_err(|m| bad.push((6, m)));
        if matches!(charge, Ok(Some(_)))
            && !waybill_number.is_empty()
            && !(ctx.waybill_exists)(waybill_number)
        {
            bad.push((
                4,
                format!("运单 {waybill_number} 不存在：有费用的事件须填本库的单号（或不填单号）"),
            ));
        }
        if let (Ok(staff_id), Ok(day), Ok(code), Ok(quantity), Ok(charge_yuan)) =
            (id, day, code, quantity, charge)
        {
            let event = PointEvent {
                staff_id,
                day,
                code,
                quantity,
                waybill_number: waybill_number.to_owned(),
                note: note.to_owned(),
                source: EventSource::Import,
                charge_yuan,
            };
            all.push(event.clone());
            let occurrence = seen.entry(event.clone()).or_default();
            *occurrence += 1;
            let is_new = *occurrence > (ctx.already_imported)(&event);
            let month = Month::of(day);
            if is_new && ctx.locked_months.contains(&month) {
                bad.push((1, locked_message(month, "扣分事件")));
            }
            if bad.is_empty() {
                if is_new {
                    new.push(event);
                } else {
                    skipped += 1;
                }
            }
        }
        push_all(&mut errors, row, &EVENT_ALL, bad);
    }
    finish(errors, ParsedEvents { new, skipped, all })
}

/// A 数量 cell: empty = 1, else a whole number from 1; for `L`, minutes.
fn quantity(text: &str, code: Option<EventCode>) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return if code == Some(EventCode::LeftPost) {
            Err("外出（L）须在数量中填写外出的分钟数".to_owned())
        } else {
            Ok(1)
        };
    }
    let what = if code == Some(EventCode::LeftPost) {
        "外出分钟数"
    } else {
        "次数"
    };
    // A month holds at most 44,640 minutes; nobody is counted a thing 1,000 times.
    let max = if code == Some(EventCode::LeftPost) {
        MAX_LEFT_POST_MINUTES
    } else {
        MAX_EVENT_TIMES
    };
    match text.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("数量「{text}」应为 1–{max} 的整数（{what}）")),
    }
}

/// Pushes a row's errors in column order.
/// Columns of a requests file (请假/外出/加班, e.g. DingTalk's approvals export mapped).
pub const REQUEST_COLUMNS: [&str; 6] = ["工号", "类别", "开始", "结束", "事由", "审批状态"];

/// The kind of a request as DingTalk and clerks write it: the leave types are 请假.
fn request_kind(text: &str) -> Result<RequestKind, String> {
    let text = text.trim();
    if let Some(kind) = RequestKind::from_label(text) {
        return Ok(kind);
    }
    if text.ends_with('假') || text == "调休" {
        return Ok(RequestKind::Leave);
    }
    if text == "出差" || text == "外勤" {
        return Ok(RequestKind::Outing);
    }
    Err(if text.is_empty() {
        "请填写类别（请假、外出或加班）".to_owned()
    } else {
        format!("「{text}」不是有效的类别：请填 请假（事假、病假、年假…）、外出 或 加班")
    })
}

/// The approval as DingTalk and clerks write it.
fn request_status(text: &str) -> Result<RequestStatus, String> {
    match text.trim() {
        "已批" | "已批准" | "批准" | "同意" | "已同意" | "通过" | "审批通过" => {
            Ok(RequestStatus::Approved)
        }
        "驳回" | "已驳回" | "拒绝" | "已拒绝" | "不同意" => {
            Ok(RequestStatus::Rejected)
        }
        "待批" | "审批中" | "待审批" => Ok(RequestStatus::Pending),
        "" => Err("请填写审批状态（已批、驳回或待批）".to_owned()),
        other => Err(format!(
            "「{other}」不是有效的审批状态：请填 已批、驳回 或 待批"
        )),
    }
}

/// A request's start or end: `2026-11-23 08:00` (or `/`, seconds).
fn request_time(text: &str, column: &str) -> Result<chrono::NaiveDateTime, String> {
    let normal = text.trim().replace('/', "-");
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&normal, f).ok())
        .ok_or_else(|| {
            if normal.is_empty() {
                format!("请填写{column}时间，如 2026-11-23 08:00")
            } else {
                format!(
                    "{column}「{}」不是有效的时间，应为 2026-11-23 08:00",
                    text.trim()
                )
            }
        })
        .and_then(|at| crate::domain::desk::limits::check_date(at.date(), column).map(|_| at))
}

/// Reads a requests file: every row checked, all errors together. Approved and
/// rejected rows are imported with their decision, attributed to the file (`导入`).
pub fn parse_requests(
    table: &Table,
    known_staff: &BTreeSet<String>,
    locked_months: &BTreeSet<Month>,
) -> Result<Vec<AttendanceRequest>, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    let mut out = Vec::new();
    for row in &table.rows {
        let mut bad = Vec::new();
        let id = known_id(row.cell(0), known_staff).map_err(|m| bad.push((0, m)));
        let kind = request_kind(row.cell(1)).map_err(|m| bad.push((1, m)));
        let from = request_time(row.cell(2), "开始").map_err(|m| bad.push((2, m)));
        let to = request_time(row.cell(3), "结束").map_err(|m| bad.push((3, m)));
        let reason = row.cell(4).trim().to_owned();
        if reason.is_empty() {
            bad.push((4, "请填写事由".to_owned()));
        } else if reason.chars().count() > MAX_NOTE_CHARS {
            bad.push((4, format!("事由过长（最多 {MAX_NOTE_CHARS} 字）")));
        }
        let status = request_status(row.cell(5)).map_err(|m| bad.push((5, m)));
        if let (Ok(from), Ok(to)) = (&from, &to) {
            if to <= from {
                bad.push((3, "结束时间必须晚于开始时间".to_owned()));
            } else if (*to - *from).num_days() > 31 {
                bad.push((3, "一条申请最长 31 天，请分开填写".to_owned()));
            }
            for month in [Month::of(from.date()), Month::of(to.date())] {
                if locked_months.contains(&month) {
                    bad.push((2, locked_message(month, "请假/外出/加班申请")));
                    break;
                }
            }
        }
        if let (Ok(staff_id), Ok(kind), Ok(from), Ok(to), Ok(status)) = (id, kind, from, to, status)
            && bad.is_empty()
        {
            let decided = status != RequestStatus::Pending;
            out.push(AttendanceRequest {
                staff_id,
                kind,
                from,
                to,
                reason,
                status,
                decided_by: decided.then(|| "导入".to_owned()),
                decided_at: None,
            });
        }
        push_all(&mut errors, row, &REQUEST_COLUMNS, bad);
    }
    finish(errors, out)
}

fn push_all(
    errors: &mut RowErrors,
    row: &TableRow,
    columns: &[&str],
    mut bad: Vec<(usize, String)>,
) {
    bad.sort_by_key(|(column, _)| *column);
    for (column, message) in bad {
        errors.push(row.line, columns.get(column).copied(), message);
    }
}

fn finish<T>(errors: RowErrors, value: T) -> Result<T, RowErrors> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
