//! 回访 records (issue 18 item 2, rules in `domain::service::return_call`): the releases
//! waiting for their call, read from the timeline's 提货 and 送达; each call written once
//! (append-only, sealed) with, for a low score, its follow-up in the questions and
//! complaints log in the same transaction; satisfaction per clerk, per month and per
//! customer.

use chrono::{Duration, NaiveDateTime};
use std::collections::{BTreeMap, HashMap};

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use super::require_staff;
use crate::domain::people::Month;
use crate::domain::service::return_call::{
    CallAnswer, CallDue, CallResult, LIST_DAYS, MAX_ATTEMPTS, Release, ReturnCall, Satisfaction,
    Scores, follow_up_question,
};
use crate::domain::service::{ServiceCategory, ServiceEntry};

const COLUMNS: &str = "id, waybill_number, called_at, called_by, clerk_id, result, speed, care,
    attitude, comment, follow_up_id";

fn read_call(r: &Row) -> Result<ReturnCall> {
    let result: String = r.get(5)?;
    let result = CallResult::from_label(&result)
        .ok_or_else(|| StorageError::Corrupt(format!("回访结果「{result}」无法识别")))?;
    let score = |i: usize| -> Result<Option<u8>> {
        Ok(r.get::<Option<i64>>(i)?.and_then(|s| u8::try_from(s).ok()))
    };
    let scores = match (score(6)?, score(7)?, score(8)?) {
        (Some(speed), Some(care), Some(attitude)) => Some(Scores {
            speed,
            care,
            attitude,
        }),
        _ => None,
    };
    Ok(ReturnCall {
        id: r.get(0)?,
        waybill_number: r.get(1)?,
        called_at: parse_time(&r.get::<String>(2)?)?,
        called_by: r.get(3)?,
        clerk_id: r.get(4)?,
        answer: CallAnswer {
            result,
            scores,
            comment: r.get(9)?,
        },
        follow_up_id: r.get(10)?,
    })
}

/// The last completed release of `number` (提货 or 送达): when, by whom, which.
fn release_of(conn: Conn<'_>, number: &str) -> Result<Option<(NaiveDateTime, String, Release)>> {
    let row: Option<(String, String, String)> = conn.query_opt(
        "SELECT at, staff_id, action FROM waybill_events
         WHERE waybill_number = ?1 AND action IN ('提货', '送达')
         ORDER BY id DESC LIMIT 1",
        args![number],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    row.map(|(at, staff, action)| {
        let release = Release::from_label(&action)
            .ok_or_else(|| StorageError::Corrupt(format!("放货记录「{action}」")))?;
        Ok((parse_time(&at)?, staff, release))
    })
    .transpose()
}

fn calls_of(conn: Conn<'_>, number: &str) -> Result<Vec<ReturnCall>> {
    conn.rows(
        &format!("SELECT {COLUMNS} FROM return_calls WHERE waybill_number = ?1 ORDER BY id"),
        args![number],
    )?
    .iter()
    .map(read_call)
    .collect()
}

impl Db {
    /// The releases of the last [`LIST_DAYS`] days still waiting for their call (no call
    /// reached the customer, fewer than [`MAX_ATTEMPTS`] unanswered), oldest first; a
    /// station sees its own clerks' releases. Whether each is due yet is
    /// [`CallDue::due`].
    pub fn return_calls_due(&self, now: NaiveDateTime) -> Result<Vec<CallDue>> {
        let since = now - Duration::days(LIST_DAYS);
        let rows: Vec<(String, String, String, String)> = self.sql().query_map(
            "SELECT e.waybill_number, e.at, e.staff_id, e.action
             FROM waybill_events e JOIN staff s ON s.id = e.staff_id
             WHERE e.action IN ('提货', '送达') AND e.at >= ?1
               AND (CAST(?2 AS BIGINT) IS NULL OR s.station_id = ?2)
               AND NOT EXISTS (SELECT 1 FROM return_calls c
                               WHERE c.waybill_number = e.waybill_number AND c.result <> '未接通')
             ORDER BY e.at, e.id",
            args![time_text(since), self.scope().stored()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut attempts: HashMap<String, (u32, String)> = HashMap::new();
        self.sql().for_each(
            "SELECT waybill_number, COUNT(*), MAX(called_at) FROM return_calls
             WHERE result = '未接通' AND called_at >= ?1 GROUP BY waybill_number",
            args![time_text(since)],
            |r| -> Result<()> {
                let n: i64 = r.get(1)?;
                attempts.insert(r.get(0)?, (u32::try_from(n).unwrap_or(u32::MAX), r.get(2)?));
                Ok(())
            },
        )?;
        // The latest release of each waybill, in the order released.
        let mut latest: BTreeMap<String, (NaiveDateTime, String, Release)> = BTreeMap::new();
        for (number, at, staff, action) in rows {
            let release = Release::from_label(&action)
                .ok_or_else(|| StorageError::Corrupt(format!("放货记录「{action}」")))?;
            latest.insert(number, (parse_time(&at)?, staff, release));
        }
        let mut due = Vec::new();
        for (number, (released_at, clerk_id, release)) in latest {
            let (tries, last) = attempts.remove(&number).unwrap_or((0, String::new()));
            if tries >= MAX_ATTEMPTS {
                continue;
            }
            let waybill = crate::storage::dispatch::station_waybill_of(self.sql(), &number)?;
            due.push(CallDue {
                waybill_number: number,
                release,
                released_at,
                clerk_id,
                consignee_name: waybill.consignee_name,
                consignee_phone: waybill.consignee_phone,
                attempts: tries,
                last_attempt: (!last.is_empty()).then(|| parse_time(&last)).transpose()?,
            });
        }
        due.sort_by_key(|d| (d.due_at(), d.released_at));
        Ok(due)
    }

    /// Records one call to the consignee of `number` at `now` by `by`. Refused before
    /// the goods were released, once a call reached the customer, and after the last
    /// allowed unanswered call. A low score opens a follow-up item in the log (其他,
    /// handled by the caller) in the same transaction. Returns the call's row id and the
    /// follow-up's number.
    pub fn record_return_call(
        &self,
        number: &str,
        answer: &CallAnswer,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<(i64, Option<i64>)> {
        let number = number.trim().to_uppercase();
        let tx = self.sql().begin()?;
        require_staff(*tx, by)?;
        let (released_at, clerk_id, release) = release_of(*tx, &number)?.ok_or_else(|| {
            StorageError::Refused(format!("运单 {number} 尚未提货或送达，还不能回访"))
        })?;
        let calls = calls_of(*tx, &number)?;
        if let Some(closed) = calls
            .iter()
            .find(|c| c.answer.result != CallResult::NoAnswer)
        {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已于 {} 由 {} 回访（{}），不再重复回访",
                closed.called_at.format("%m-%d %H:%M"),
                closed.called_by,
                closed.answer.result.label()
            )));
        }
        let unanswered = calls.len();
        if u32::try_from(unanswered).unwrap_or(u32::MAX) >= MAX_ATTEMPTS {
            return Err(StorageError::Refused(format!(
                "运单 {number} 已 {MAX_ATTEMPTS} 次未接通，不再回访"
            )));
        }
        let follow_up = match answer.scores.filter(|s| s.low()) {
            Some(scores) => {
                let waybill = crate::storage::dispatch::station_waybill_of(*tx, &number)?;
                let entry = ServiceEntry {
                    received_at: now,
                    caller_name: waybill.consignee_name,
                    phone: waybill.consignee_phone,
                    waybill_number: number.clone(),
                    category: ServiceCategory::Other,
                    channel: crate::domain::service::complaints::Channel::Phone,
                    cause: None,
                    question: follow_up_question(&number, scores, &answer.comment),
                    handler_id: by.to_owned(),
                };
                Some(super::insert_item(*tx, &entry, by, self.scope().acting())?)
            }
            None => None,
        };
        let scores = answer.scores;
        let id = tx.insert(
            "INSERT INTO return_calls (waybill_number, station_id, called_at, called_by, clerk_id,
                 released_at, release, result, speed, care, attitude, comment, follow_up_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            args![
                number,
                self.scope().acting(),
                time_text(now),
                by,
                clerk_id,
                time_text(released_at),
                release.label(),
                answer.result.label(),
                scores.map(|s| i64::from(s.speed)),
                scores.map(|s| i64::from(s.care)),
                scores.map(|s| i64::from(s.attitude)),
                answer.comment,
                follow_up,
            ],
        )?;
        super::super::seals::seal_last(*tx, "return_calls")?;
        tx.commit()?;
        Ok((id, follow_up))
    }

    /// The calls about `number`, in the order made.
    pub fn return_calls_of(&self, number: &str) -> Result<Vec<ReturnCall>> {
        calls_of(self.sql(), &number.trim().to_uppercase())
    }

    /// The calls made from `since` on, newest first (at most 200), for the page's list.
    pub fn recent_return_calls(&self, since: NaiveDateTime) -> Result<Vec<ReturnCall>> {
        self.sql()
            .rows(
                &format!(
                    "SELECT {COLUMNS} FROM return_calls
                     WHERE called_at >= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR station_id = ?2)
                     ORDER BY id DESC LIMIT 200"
                ),
                args![time_text(since), self.scope().stored()],
            )?
            .iter()
            .map(read_call)
            .collect()
    }

    /// Satisfaction in `month` (calls made in it that closed, or gave up on the last
    /// try), in all and per clerk whose release was rated.
    pub fn satisfaction(
        &self,
        month: Month,
    ) -> Result<(Satisfaction, BTreeMap<String, Satisfaction>)> {
        let (from, to) = month_bounds(month);
        self.satisfaction_between(&from, &to)
    }

    /// Satisfaction of the calls made in `[from, to)` (`YYYY-MM-DD HH:MM:SS`), in all
    /// and per clerk: a report's period.
    pub fn satisfaction_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<(Satisfaction, BTreeMap<String, Satisfaction>)> {
        let mut all = Satisfaction::default();
        let mut by_clerk: BTreeMap<String, Satisfaction> = BTreeMap::new();
        for call in closing_calls(self.sql(), from, to, self.scope().stored(), None)? {
            all.add(&call.answer);
            by_clerk
                .entry(call.clerk_id.clone())
                .or_default()
                .add(&call.answer);
        }
        Ok((all, by_clerk))
    }

    /// Satisfaction with the goods of `customer_id` (as shipper or consignee, by the
    /// file's phones) in `month`, whichever station's desk called.
    pub fn customer_satisfaction(&self, customer_id: i64, month: Month) -> Result<Satisfaction> {
        let (from, to) = month_bounds(month);
        customer_satisfaction_in(self.sql(), customer_id, &from, &to)
    }

    /// The calls about the waybills of a customer file (as shipper or consignee), newest
    /// first (at most 200): its history.
    pub fn customer_return_calls(&self, customer_id: i64) -> Result<Vec<ReturnCall>> {
        self.sql()
            .rows(
                &format!(
                    "SELECT {COLUMNS} FROM return_calls WHERE {CUSTOMER_WAYBILLS}
                     ORDER BY id DESC LIMIT 200"
                ),
                args![customer_id],
            )?
            .iter()
            .map(read_call)
            .collect()
    }
}

/// The closing calls (and the unanswered ones, counted once per waybill on the last
/// try) made in `[from, to)`, by one station's desk if given, about one customer's
/// waybills if given.
fn closing_calls(
    conn: Conn<'_>,
    from: &str,
    to: &str,
    station: Option<i64>,
    customer: Option<i64>,
) -> Result<Vec<ReturnCall>> {
    let calls: Vec<ReturnCall> = conn
        .rows(
            &format!(
                "SELECT {COLUMNS} FROM return_calls
                 WHERE called_at >= ?1 AND called_at < ?2
                   AND (CAST(?3 AS BIGINT) IS NULL OR station_id = ?3)
                   AND (CAST(?4 AS BIGINT) IS NULL OR {})
                 ORDER BY id",
                CUSTOMER_WAYBILLS.replace("?1", "?4")
            ),
            args![from, to, station, customer],
        )?
        .iter()
        .map(read_call)
        .collect::<Result<_>>()?;
    // An unanswered call counts only as the last try: the waybill was given up.
    let mut tries: HashMap<&str, u32> = HashMap::new();
    Ok(calls
        .iter()
        .filter(|c| {
            if c.answer.result != CallResult::NoAnswer {
                return true;
            }
            let n = tries.entry(c.waybill_number.as_str()).or_default();
            *n += 1;
            *n == MAX_ATTEMPTS
        })
        .cloned()
        .collect())
}

/// Satisfaction with the goods of customer file `customer_id` (as shipper or consignee)
/// from calls made in `[from, to)` by any station's desk.
pub(in crate::storage) fn customer_satisfaction_in(
    conn: Conn<'_>,
    customer_id: i64,
    from: &str,
    to: &str,
) -> Result<Satisfaction> {
    let mut s = Satisfaction::default();
    for call in closing_calls(conn, from, to, None, Some(customer_id))? {
        s.add(&call.answer);
    }
    Ok(s)
}

/// The waybills of customer file `?1`, as shipper or consignee, by its phones.
const CUSTOMER_WAYBILLS: &str = "waybill_number IN (
    SELECT number FROM waybills
    WHERE shipper_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
       OR consignee_phone IN (SELECT phone FROM customers WHERE customer_id = ?1)
    UNION SELECT number FROM incoming_waybills
    WHERE consignee_phone IN (SELECT phone FROM customers WHERE customer_id = ?1))";

/// `[first moment, first moment of the next)` of `month`, as stored.
pub(super) fn month_bounds(month: Month) -> (String, String) {
    let period = crate::domain::money::reports::ReportPeriod::Month(month);
    (time_text(period.start()), time_text(period.end()))
}
