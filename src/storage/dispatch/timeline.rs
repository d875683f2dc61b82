//! The dispatch settings, the station view of one waybill, and its timeline with the
//! check of its chain.

use super::{GENESIS, StationWaybill, TimelineEntry, require_waybill, stage_from};
use crate::domain::dispatch::{Life, Stage, event_hash};
use crate::storage::sql::{NO_ARGS, Row, args};
use crate::storage::{Db, Result, parse_time};

impl Db {
    /// The waybill `number` as the dispatch screens see it: ours or received from another
    /// station, with its stage.
    pub fn station_waybill(&self, number: &str) -> Result<StationWaybill> {
        require_waybill(self.sql(), number.trim())
    }

    /// Where the goods of `number` are.
    pub fn waybill_life(&self, number: &str) -> Result<Life> {
        Ok(self.station_waybill(number)?.life)
    }

    /// The timeline of one waybill, oldest first: issue, alterations and void from its
    /// history, then every dispatch step, each with who and when.
    pub fn waybill_timeline(&self, number: &str) -> Result<Vec<TimelineEntry>> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        if self.waybill_exists(number)? {
            for entry in self.waybill_history(number)? {
                let void = entry.action.label() == Stage::Void.label();
                out.push(TimelineEntry {
                    at: entry.at,
                    staff_id: entry.staff_id,
                    action: entry.action.label().to_owned(),
                    stage: if void {
                        Some(Stage::Void)
                    } else if entry.action.label() == "开单" {
                        Some(Stage::Issued)
                    } else {
                        None
                    },
                    note: entry.reason,
                    manifest_code: String::new(),
                });
            }
        }
        let rows = self.sql().query_map("SELECT at, staff_id, action, stage, note, manifest_code FROM waybill_events WHERE waybill_number = ?1 ORDER BY id", args![number], Row::read::<(String, String, String, String, String, String)>)?;
        for row in rows {
            let (at, staff_id, action, stage, note, manifest_code) = row;
            out.push(TimelineEntry {
                at: parse_time(&at)?,
                staff_id,
                action,
                stage: Some(stage_from(&stage)?),
                note,
                manifest_code,
            });
        }
        // Stable: at the same second the history (issue) comes before the steps.
        out.sort_by_key(|e| e.at);
        Ok(out)
    }

    /// Checks the timeline's hash chain; one Chinese line per problem, empty when sound.
    pub fn check_waybill_events(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut previous = GENESIS.to_owned();
        self.sql().for_each("SELECT id, waybill_number, at, staff_id, action, stage, note, manifest_code, prev_hash, hash FROM waybill_events ORDER BY id", NO_ARGS, |r: &Row| -> Result<()> {
            let id: i64 = r.get(0)?;
            let fields: Vec<String> = (1..=7)
                .map(|i| r.get::<String>(i))
                .collect::<crate::storage::sql::Result<_>>()?;
            let prev_hash: String = r.get(8)?;
            let hash: String = r.get(9)?;
            if prev_hash != previous {
                problems.push(format!(
                    "跟踪记录第 {id} 条（{}）：与上一条记录断链，可能有记录被删除或插入",
                    fields[0]
                ));
            }
            let parts: Vec<&str> = fields.iter().map(String::as_str).collect();
            if event_hash(&prev_hash, &parts) != hash {
                problems.push(format!(
                    "跟踪记录第 {id} 条（{}，{}）：内容被改动过（校验值不符）",
                    fields[0], fields[1]
                ));
            }
            previous = hash;
            Ok(())
        })?;
        Ok(problems)
    }
}
