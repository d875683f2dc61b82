//! Exceptions followed to closure in storage (异常跟进, issue 18 item 3; rules in
//! `domain::service::cases`): cases read from the three registers that record them
//! (异常登记, a delivery's 拒收/异常, the arrival check's 少件/破损), their steps written
//! once (append-only, sealed), checked against the case in the same transaction; a case
//! closes once, which the database also holds.

use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use super::require_staff;
use crate::domain::service::cases::{
    Case, CaseKind, CaseSource, Decision, Step, StepKind, StepRecord,
};

/// How far back open cases are looked for.
pub const CASE_DAYS: i64 = 180;
/// Closed cases stay in the list this many days after they were recorded.
pub const CLOSED_SHOWN_DAYS: i64 = 30;

/// The three registers, each as (id, 单号, at, 工号, kind label, what), recorded from
/// `?1` on by this scope's staff (`?2`), or only row `?3` when given.
const SOURCES: [(CaseSource, &str); 3] = [
    (
        CaseSource::Register,
        "SELECT e.id, e.waybill_number, e.at, e.staff_id, e.kind,
                e.note || '（责任方 ' || e.responsible || '）'
         FROM exceptions e LEFT JOIN staff s ON s.id = e.staff_id
         WHERE e.at >= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR s.station_id = ?2)
           AND (CAST(?3 AS BIGINT) IS NULL OR e.id = ?3)",
    ),
    (
        CaseSource::Delivery,
        "SELECT d.id, d.waybill_number, d.result_at, d.result_by, d.result,
                '送货' || d.result || '：' || d.result_note || '（' || d.address || '）'
         FROM delivery_tasks d LEFT JOIN staff s ON s.id = d.result_by
         WHERE d.result IN ('拒收', '异常') AND d.result_at >= ?1
           AND (CAST(?2 AS BIGINT) IS NULL OR s.station_id = ?2)
           AND (CAST(?3 AS BIGINT) IS NULL OR d.id = ?3)",
    ),
    (
        CaseSource::Arrival,
        "SELECT a.id, a.waybill_number, a.at, a.staff_id, a.kind,
                '到货核对' || a.kind || ' ' || a.count || ' 件：' || a.note
         FROM arrival_issues a LEFT JOIN staff s ON s.id = a.staff_id
         WHERE a.kind IN ('少件', '破损') AND a.at >= ?1
           AND (CAST(?2 AS BIGINT) IS NULL OR s.station_id = ?2)
           AND (CAST(?3 AS BIGINT) IS NULL OR a.id = ?3)",
    ),
];

type SourceRow = (i64, String, String, String, String, String);

fn read_cases(
    conn: Conn<'_>,
    since: &str,
    station: Option<i64>,
    only: Option<(CaseSource, i64)>,
) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for (source, sql) in SOURCES {
        let row_id = match only {
            Some((s, id)) if s == source => Some(id),
            Some(_) => continue,
            None => None,
        };
        for (id, number, at, by, kind, what) in
            conn.query_map(sql, args![since, station, row_id], Row::read::<SourceRow>)?
        {
            let kind = CaseKind::from_record(&kind)
                .ok_or_else(|| StorageError::Corrupt(format!("异常类型「{kind}」无法识别")))?;
            cases.push(Case {
                source,
                source_id: id,
                waybill_number: number,
                kind,
                opened_at: parse_time(&at)?,
                opened_by: by,
                what,
                steps: Vec::new(),
            });
        }
    }
    let key = only.map(|(source, id)| source.key(id));
    let mut steps = steps_since(conn, since, key.as_deref())?;
    for case in &mut cases {
        case.steps = steps.remove(&case.key()).unwrap_or_default();
    }
    cases.sort_by_key(|c| (c.opened_at, c.source, c.source_id));
    Ok(cases)
}

/// Every step written from `since` on (of one case if given), by case key, oldest first.
fn steps_since(
    conn: Conn<'_>,
    since: &str,
    key: Option<&str>,
) -> Result<HashMap<String, Vec<StepRecord>>> {
    let mut out: HashMap<String, Vec<StepRecord>> = HashMap::new();
    for [key, at, by, step, owner, text, decision, ret] in conn.query_map(
        "SELECT case_key, at, by_staff, step, owner, text, decision, return_number
         FROM case_steps WHERE at >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR case_key = ?2)
         ORDER BY id",
        args![since, key],
        Row::read::<[String; 8]>,
    )? {
        let kind = StepKind::from_label(&step)
            .ok_or_else(|| StorageError::Corrupt(format!("异常处理步骤「{step}」无法识别")))?;
        let step = match kind {
            StepKind::Assign => Step::Assign(owner),
            StepKind::Told => Step::Told(text),
            StepKind::Next => Step::Next(text),
            StepKind::Decision => Step::Decision(
                Decision::from_label(&decision).ok_or_else(|| {
                    StorageError::Corrupt(format!("发货方决定「{decision}」无法识别"))
                })?,
                text,
                ret,
            ),
            StepKind::Close => Step::Close(text),
        };
        out.entry(key).or_default().push(StepRecord {
            at: parse_time(&at)?,
            by,
            step,
        });
    }
    Ok(out)
}

/// Reads `exception:12` back into its source and row.
fn parse_key(key: &str) -> Option<(CaseSource, i64)> {
    let (prefix, id) = key.split_once(':')?;
    let source = [
        CaseSource::Register,
        CaseSource::Delivery,
        CaseSource::Arrival,
    ]
    .into_iter()
    .find(|s| s.key(0).starts_with(&format!("{prefix}:")))?;
    Some((source, id.parse().ok()?))
}

fn case_in(conn: Conn<'_>, key: &str) -> Result<Case> {
    let only = parse_key(key)
        .ok_or_else(|| StorageError::NotFound(format!("异常编号「{key}」无法识别")))?;
    read_cases(conn, "", None, Some(only))?
        .pop()
        .ok_or_else(|| StorageError::NotFound(format!("找不到异常 {key}")))
}

impl Db {
    /// The cases of the last [`CASE_DAYS`] days recorded by this station's staff (the
    /// company: all), oldest first; closed ones only when `with_closed`, and then those
    /// recorded in the last [`CLOSED_SHOWN_DAYS`] days.
    pub fn cases(&self, now: NaiveDateTime, with_closed: bool) -> Result<Vec<Case>> {
        let since = time_text(now - Duration::days(CASE_DAYS));
        let recent = now - Duration::days(CLOSED_SHOWN_DAYS);
        Ok(read_cases(self.sql(), &since, self.scope().stored(), None)?
            .into_iter()
            .filter(|c| c.closed().is_none() || (with_closed && c.opened_at >= recent))
            .collect())
    }

    /// One case with its steps.
    pub fn case(&self, key: &str) -> Result<Case> {
        case_in(self.sql(), key)
    }

    /// Adds a step to case `key` at `now` by `by`, checked against the case as it stands
    /// in the same transaction: refused once closed, a 指派 to someone not on the staff
    /// list, a return waybill that does not exist, or closing too early (see
    /// [`Case::check_step`]). Returns the step's row id.
    pub fn add_case_step(
        &self,
        key: &str,
        step: &Step,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.sql().begin()?;
        require_staff(*tx, by)?;
        let case = case_in(*tx, key)?;
        case.check_step(step).map_err(StorageError::Refused)?;
        let (owner, text, decision, ret) = match step {
            Step::Assign(owner) => {
                require_staff(*tx, owner)?;
                (owner.as_str(), "", "", "")
            }
            Step::Told(t) | Step::Next(t) | Step::Close(t) => ("", t.as_str(), "", ""),
            Step::Decision(d, t, r) => ("", t.as_str(), d.label(), r.as_str()),
        };
        if !ret.is_empty() {
            let exists = tx.exists("SELECT 1 FROM waybills WHERE number = ?1", args![ret])?;
            if !exists {
                return Err(StorageError::Refused(format!(
                    "退货运单 {ret} 不存在：请先开出退货运单再登记"
                )));
            }
        }
        let id = tx.insert(
            "INSERT INTO case_steps (case_key, waybill_number, at, by_staff, step, owner, text,
                 decision, return_number)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                key,
                case.waybill_number,
                time_text(now),
                by,
                step.kind().label(),
                owner,
                text,
                decision,
                ret
            ],
        )?;
        super::super::seals::seal_last(*tx, "case_steps")?;
        tx.commit()?;
        Ok(id)
    }
}
