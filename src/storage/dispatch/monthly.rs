//! The month's dispatch records the review reads (first loads, labels, uploads).

use super::{LABELS_PRINTED, corrupt, day_text, opt_time, pieces_from};
use crate::domain::dispatch::pickup::Signature;
use crate::domain::dispatch::{
    ArrivalFacts, Discrepancy, DispatchRecords, FirstLoad, PickupFacts, PiecesMismatch, Step,
    UploadDay,
};
use crate::domain::people::Month;
use crate::storage::sql::{NO_ARGS, args};
use crate::storage::{Db, Result, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

/// The first loading of each waybill in `[?3, ?4)` (`?1` the load step, `?2` the label
/// print), whether it was scanned and whether its labels were printed by then. The
/// month's loads are found by `waybill_events_action` first (what the subquery asks of
/// `e` again), and each waybill's own events by `waybill_events_number_action`
/// (migration 35): before both, every event ever recorded was walked, each against the
/// month's loads — seconds for two days of a busy station's loads.
const FIRST_LOADS: &str = "SELECT e.waybill_number, w.clerk_id, e.manifest_code, e.at,
                        EXISTS (SELECT 1 FROM waybill_events s WHERE s.waybill_number = e.waybill_number
                                AND s.action = ?1 AND s.note = '' AND s.at >= ?3 AND s.at < ?4),
                        EXISTS (SELECT 1 FROM waybill_events p WHERE p.waybill_number = e.waybill_number
                                AND p.action = ?2 AND p.at <= e.at)
                 FROM waybill_events e JOIN waybills w ON w.number = e.waybill_number
                 WHERE e.action = ?1 AND e.at >= ?3 AND e.at < ?4
                   AND e.id = (SELECT f.id FROM waybill_events f
                               WHERE f.waybill_number = e.waybill_number AND f.action = ?1
                                 AND f.at >= ?3 AND f.at < ?4
                               ORDER BY f.at, f.id LIMIT 1)
                 ORDER BY e.waybill_number";

impl Db {
    /// The dispatch records of `month` that the P10, P15, P17 and P21 detectors read (see
    /// [`crate::domain::dispatch::detect_dispatch`]), as of `as_of`.
    pub fn dispatch_records(&self, month: Month, as_of: NaiveDateTime) -> Result<DispatchRecords> {
        let settings = self.dispatch_settings()?;
        let from_day = day_text(month.first_day());
        let to_day = day_text(month.next().first_day());
        let from = format!("{from_day} 00:00:00");
        let to = format!("{to_day} 00:00:00");
        let conn = self.sql();

        let mut pieces_mismatches = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT i.waybill_number, w.clerk_id, w.pieces, m.code, i.kind, i.pieces, i.at
                 FROM arrival_issues i
                 JOIN waybills w ON w.number = i.waybill_number
                 JOIN manifests m ON m.id = i.manifest_id
                 WHERE i.kind IN (?1, ?2) AND i.at >= ?3 AND i.at < ?4 ORDER BY i.id",
                    args![
                        Discrepancy::Extra.label(),
                        Discrepancy::Missing.label(),
                        from,
                        to
                    ],
                )?
                .into_iter();
            for r in rows {
                let kind: String = r.get(4)?;
                pieces_mismatches.push(PiecesMismatch {
                    number: r.get(0)?,
                    clerk_id: r.get(1)?,
                    pieces: r.get(2)?,
                    manifest_code: r.get(3)?,
                    kind: Discrepancy::from_label(&kind)
                        .ok_or_else(|| corrupt("到货异常", &kind))?,
                    piece_numbers: pieces_from(&r.get::<String>(5)?),
                    found_at: parse_time(&r.get::<String>(6)?)?,
                });
            }
        }

        let mut arrivals: Vec<ArrivalFacts> = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT waybill_number, staff_id, at FROM waybill_events
                 WHERE action = ?1 AND at >= ?2 AND at < ?3 ORDER BY id",
                    args![Step::Arrive.label(), from, to],
                )?
                .into_iter();
            let mut seen = BTreeSet::new();
            for r in rows {
                let number: String = r.get(0)?;
                if seen.insert(number.clone()) {
                    arrivals.push(ArrivalFacts {
                        number,
                        staff_id: r.get(1)?,
                        arrived_at: parse_time(&r.get::<String>(2)?)?,
                        resolved_at: None,
                    });
                }
            }
        }
        let resolving = [
            Step::Notify.label(),
            Step::PickUp { complete: true }.label(),
            Step::PickUp { complete: false }.label(),
            Step::SendOut.label(),
            Step::Transfer.label(),
            Step::Return.label(),
        ];
        let first_sql = "SELECT MIN(at) FROM waybill_events
             WHERE waybill_number = ?1 AND at >= ?2 AND action IN (?3, ?4, ?5, ?6, ?7, ?8)";
        for arrival in &mut arrivals {
            let at: Option<String> = conn.one(
                first_sql,
                args![
                    arrival.number,
                    time_text(arrival.arrived_at),
                    resolving[0],
                    resolving[1],
                    resolving[2],
                    resolving[3],
                    resolving[4],
                    resolving[5]
                ],
            )?;
            arrival.resolved_at = opt_time(at.as_deref())?;
        }

        let mut pickups = Vec::new();
        {
            let rows = conn
                .rows(
                    "SELECT id, waybill_number, staff_id, at, id_number, signature FROM pickups
                 WHERE at >= ?1 AND at < ?2 ORDER BY id",
                    args![from, to],
                )?
                .into_iter();
            for r in rows {
                let id_number: String = r.get(4)?;
                let signature: String = r.get(5)?;
                pickups.push(PickupFacts {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    staff_id: r.get(2)?,
                    at: parse_time(&r.get::<String>(3)?)?,
                    has_id: !id_number.trim().is_empty(),
                    has_signature: Signature::from_json(&signature).is_some_and(|s| !s.is_blank()),
                });
            }
        }

        let mut upload_days = Vec::new();
        {
            let rows = conn.rows("SELECT s.id, d.day, COALESCE(u.count, 0) FROM staff s
                 JOIN (SELECT staff_id, day FROM punches
                       WHERE day >= ?1 AND day < ?2 AND clock_in IS NOT NULL AND shift NOT IN ('休息', '请假')
                       UNION
                       SELECT staff_id, day FROM regulator_uploads WHERE day >= ?1 AND day < ?2) d
                   ON d.staff_id = s.id
                 LEFT JOIN regulator_uploads u ON u.staff_id = d.staff_id AND u.day = d.day
                 WHERE s.role = '开单员' ORDER BY s.id, d.day", args![from_day, to_day])?.into_iter();
            for r in rows {
                let day: String = r.get(1)?;
                upload_days.push(UploadDay {
                    staff_id: r.get(0)?,
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|_| corrupt("日期", &day))?,
                    uploads: r.get(2)?,
                });
            }
        }
        let mut loads = Vec::new();
        {
            // The first loading of each waybill of this station in the month; a scanned
            // load is written with an empty note, a whole waybill picked from stock with
            // 从库存整票装车.
            let rows = conn
                .rows(
                    FIRST_LOADS,
                    args![Step::Load.label(), LABELS_PRINTED, from, to],
                )?
                .into_iter();
            for r in rows {
                let scanned: bool = r.get(4)?;
                let printed: bool = r.get(5)?;
                loads.push(FirstLoad {
                    number: r.get(0)?,
                    clerk_id: r.get(1)?,
                    manifest_code: r.get(2)?,
                    loaded_at: parse_time(&r.get::<String>(3)?)?,
                    labelled: scanned || printed,
                });
            }
        }
        let labels_since: Option<String> = conn.one(
            "SELECT MIN(at) FROM waybill_events WHERE action = ?1",
            args![LABELS_PRINTED],
        )?;
        let labels_since = opt_time(labels_since.as_deref())?.map(|t| t.date());
        let uploads_since: Option<String> =
            conn.query_row("SELECT MIN(day) FROM regulator_uploads", NO_ARGS, |r| {
                r.get(0)
            })?;
        let uploads_since = uploads_since
            .map(|day| {
                NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("日期", &day))
            })
            .transpose()?;

        Ok(DispatchRecords {
            as_of,
            notify_within_hours: settings.notify_within_hours,
            daily_uploads: settings.daily_uploads,
            pieces_mismatches,
            arrivals,
            pickups,
            upload_days,
            uploads_since,
            loads,
            labels_since,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::FIRST_LOADS;
    use crate::storage::sql::args;

    /// A month of a busy station's loads is read by index: the month's loads, then each
    /// waybill's own events; never every event ever recorded (SQLite's plan; PostgreSQL
    /// plans on its own statistics).
    #[test]
    fn the_months_first_loads_are_found_by_index() {
        let db = crate::storage::staff::db_with(&[]);
        let from = "2026-11-01 00:00:00";
        let to = "2026-12-01 00:00:00";
        let Some(plan) = db
            .sql()
            .sqlite_plan(FIRST_LOADS, args!["装车", "打印货签", from, to])
        else {
            return;
        };
        assert!(
            plan.contains(
                "SEARCH e USING INDEX waybill_events_action (action=? AND at>? AND at<?)"
            ),
            "{plan}"
        );
        for each in ["f", "s", "p"] {
            assert!(
                plan.contains(&format!(
                    "SEARCH {each} USING COVERING INDEX waybill_events_number_action (waybill_number=? AND action=?"
                )) || plan.contains(&format!(
                    "SEARCH {each} USING INDEX waybill_events_number_action (waybill_number=? AND action=?"
                )),
                "{each} in\n{plan}"
            );
        }
        assert!(!plan.contains("SCAN"), "{plan}");
    }
}
