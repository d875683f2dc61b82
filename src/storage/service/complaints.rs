//! Complaints in storage (issue 18 item 4; readings in `domain::service::complaints`):
//! an item's trail — transfers to another person or station, replies before the answer —
//! written once each (append-only, sealed) while the item is open; and the month's
//! complaint statistics at this station.

use chrono::NaiveDateTime;
use std::collections::HashMap;

use super::super::sql::{Conn, Row, args};
use super::super::{Db, Result, StorageError, parse_time, time_text};
use super::{ServiceItem, item_in, require_staff};
use crate::domain::people::Month;
use crate::domain::service::ServiceCategory;
use crate::domain::service::complaints::{
    ComplaintLine, ComplaintStats, TrailEntry, TrailKind, TransferTo, first_response,
};

type TrailRow = (i64, String, String, String, String, Option<i64>, String);

/// Fills in the trail of each item, oldest first.
pub(super) fn attach_trails(conn: Conn<'_>, items: &mut [ServiceItem]) -> Result<()> {
    let Some(first) = items.iter().map(|i| i.id).min() else {
        return Ok(());
    };
    let mut trails: HashMap<i64, Vec<TrailEntry>> = HashMap::new();
    for (item, at, by, kind, to_handler, to_station, text) in conn.query_map(
        "SELECT item_id, at, by_staff, kind, to_handler, to_station, text
         FROM service_item_steps WHERE item_id >= ?1 ORDER BY id",
        args![first],
        Row::read::<TrailRow>,
    )? {
        let kind = match kind.as_str() {
            "转交" => TrailKind::Transfer(to_handler, to_station),
            "回复" => TrailKind::Reply,
            other => {
                return Err(StorageError::Corrupt(format!(
                    "投诉处理记录「{other}」无法识别"
                )));
            }
        };
        trails.entry(item).or_default().push(TrailEntry {
            at: parse_time(&at)?,
            by,
            kind,
            text,
        });
    }
    for item in items {
        item.trail = trails.remove(&item.id).unwrap_or_default();
    }
    Ok(())
}

fn check_open(item: &ServiceItem) -> Result<()> {
    match item.answered_at {
        Some(at) => Err(StorageError::Refused(format!(
            "咨询投诉 #{} 已于 {} 答复，不能再转交或回复",
            item.id,
            at.format("%m-%d %H:%M")
        ))),
        None => Ok(()),
    }
}

fn check_text(text: &str, what: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StorageError::Refused(format!("请写明{what}")));
    }
    if text.chars().count() > 300 {
        return Err(StorageError::Refused(format!("{what}过长（最多 300 字）")));
    }
    Ok(text.to_owned())
}

impl ServiceItem {
    /// Who has it now: the last transfer's person, or its handler.
    #[must_use]
    pub fn current_handler(&self) -> &str {
        self.trail
            .iter()
            .rev()
            .find_map(|t| match &t.kind {
                TrailKind::Transfer(to, _) => Some(to.as_str()),
                TrailKind::Reply => None,
            })
            .unwrap_or(&self.entry.handler_id)
    }

    /// The station it is with now: the last transfer's, or where it was received.
    #[must_use]
    pub fn current_station(&self) -> Option<i64> {
        self.trail
            .iter()
            .rev()
            .find_map(|t| match &t.kind {
                TrailKind::Transfer(_, Some(station)) => Some(*station),
                _ => None,
            })
            .or(self.station_id)
    }

    /// When the customer first heard back.
    #[must_use]
    pub fn first_response_at(&self) -> Option<NaiveDateTime> {
        first_response(&self.trail, self.answered_at)
    }
}

impl Db {
    /// Transfers open item `id` to a person (at their station) or to a station's desk,
    /// with the reason. Refused once answered, and for someone not on the staff list or a
    /// station that does not exist.
    pub fn transfer_service_item(
        &self,
        id: i64,
        to: &TransferTo,
        reason: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = check_text(reason, "转交原因")?;
        let tx = self.sql().begin()?;
        require_staff(*tx, by)?;
        let item = item_in(*tx, id)?;
        check_open(&item)?;
        let (person, station) = match to {
            TransferTo::Person(person) => {
                require_staff(*tx, person)?;
                if person == item.current_handler() {
                    return Err(StorageError::Refused(format!(
                        "咨询投诉 #{id} 已由 {person} 处理，无需转交"
                    )));
                }
                let station: Option<i64> =
                    tx.one("SELECT station_id FROM staff WHERE id = ?1", args![person])?;
                (person.clone(), station)
            }
            TransferTo::Station(station) => {
                super::super::stations::station_in(*tx, *station)?;
                (String::new(), Some(*station))
            }
        };
        tx.insert(
            "INSERT INTO service_item_steps (item_id, at, by_staff, kind, to_handler, to_station, text)
             VALUES (?1, ?2, ?3, '转交', ?4, ?5, ?6)",
            args![id, time_text(now), by, person, station, reason],
        )?;
        super::super::seals::seal_last(*tx, "service_item_steps")?;
        tx.commit()?;
        Ok(())
    }

    /// Records a reply to the customer on open item `id` (回复: the item stays open; the
    /// first reply is its first response).
    pub fn reply_service_item(
        &self,
        id: i64,
        text: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let text = check_text(text, "回复了客户什么")?;
        let tx = self.sql().begin()?;
        require_staff(*tx, by)?;
        check_open(&item_in(*tx, id)?)?;
        tx.insert(
            "INSERT INTO service_item_steps (item_id, at, by_staff, kind, text)
             VALUES (?1, ?2, ?3, '回复', ?4)",
            args![id, time_text(now), by, text],
        )?;
        super::super::seals::seal_last(*tx, "service_item_steps")?;
        tx.commit()?;
        Ok(())
    }

    /// The complaints received in `month` by this station (the company: all, and those
    /// from before stations were recorded), with the month's waybills issued here as the
    /// base of the rate.
    pub fn complaint_stats(&self, month: Month) -> Result<ComplaintStats> {
        let (from, to) = super::return_calls::month_bounds(month);
        let station = self.scope().stored();
        let items = super::items_of(
            self.sql(),
            &format!(
                "SELECT {} FROM service_items s
                 WHERE received_at >= ?1 AND received_at < ?2 AND category = ?3
                   AND (CAST(?4 AS BIGINT) IS NULL OR station_id IS NULL OR station_id = ?4)
                 ORDER BY received_at, id",
                super::COLUMNS
            ),
            args![from, to, ServiceCategory::Complaint.label(), station],
        )?;
        let waybills: i64 = self.sql().one(
            "SELECT COUNT(*) FROM waybills
             WHERE issued_at >= ?1 AND issued_at < ?2 AND status <> '作废'
               AND (CAST(?3 AS BIGINT) IS NULL OR station_id = ?3)",
            args![from, to, station],
        )?;
        Ok(ComplaintStats {
            month,
            waybills: u64::try_from(waybills).unwrap_or(0),
            lines: items
                .iter()
                .map(|i| ComplaintLine {
                    id: i.id,
                    received_at: i.entry.received_at,
                    channel: i.entry.channel,
                    cause: i.entry.cause,
                    caller: i.facts().caller,
                    waybill_number: i.entry.waybill_number.clone(),
                    question: i.entry.question.clone(),
                    handler_id: i.entry.handler_id.clone(),
                    first_response_at: i.first_response_at(),
                    answered_at: i.answered_at,
                    transfers: u32::try_from(
                        i.trail
                            .iter()
                            .filter(|t| matches!(t.kind, TrailKind::Transfer(..)))
                            .count(),
                    )
                    .unwrap_or(0),
                })
                .collect(),
        })
    }
}
