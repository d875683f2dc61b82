//! The arrival check of a truck: scans, damage, the report and its closing; then
//! notification of the consignees.

use super::{
    ArrivalLine, ArrivalReport, ArrivalScan, DISPATCH_LIST_LIMIT, DamageNote, Event,
    NotificationRecord, NotifyLine, apply_step, corrupt, count_on_manifest, len_u32, manifest_head,
    manifest_pieces, manifest_summary, pieces_from, pieces_text, require_waybill, stage_from,
    station_waybill, write_life,
};
use crate::domain::dispatch::{
    Discrepancy, NotifyMethod, PieceCheck, ScanCode, ScanRefusal, Stage, Step, overdue_hours,
};
use crate::storage::sql::Row;
use crate::storage::sql::{Conn, args};
use crate::storage::{Db, Result, StorageError, parse_time, time_text};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

impl Db {
    /// Records one piece scanned off a departed truck (到货核对). A piece that was not
    /// loaded on it is recorded too, as extra (多件); a duplicate scan, an unreadable code
    /// and a closed check are refused at once.
    pub fn scan_arrival(
        &mut self,
        manifest_id: i64,
        scanned: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<ArrivalScan, ScanRefusal>> {
        let Some(scan) = ScanCode::parse(scanned) else {
            return Ok(Err(ScanRefusal::Unreadable(scanned.trim().to_owned())));
        };
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if !head.departed {
            return Ok(Err(ScanRefusal::NotDeparted(head.code)));
        }
        if head.arrived {
            return Ok(Err(ScanRefusal::ArrivalClosed(head.code)));
        }
        let duplicate = tx
            .exists("SELECT 1 FROM arrival_scans WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece])?;
        if duplicate {
            return Ok(Err(ScanRefusal::Duplicate {
                number: scan.number,
                piece: scan.piece,
            }));
        }
        let expected = tx
            .exists("SELECT 1 FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece])?;
        let waybill = station_waybill(*tx, &scan.number)?;
        tx.execute("INSERT INTO arrival_scans (manifest_id, waybill_number, piece, scanned_at, staff_id) VALUES (?1, ?2, ?3, ?4, ?5)", args![
            manifest_id,
            scan.number,
            scan.piece,
            time_text(now),
            staff_id
        ])?;
        let received: u32 = tx.one(
            "SELECT COUNT(*) FROM arrival_scans WHERE manifest_id = ?1 AND waybill_number = ?2",
            args![manifest_id, scan.number],
        )?;
        let loaded = count_on_manifest(*tx, manifest_id, &scan.number)?;
        tx.commit()?;
        Ok(Ok(ArrivalScan {
            known: waybill.is_some(),
            consignee_name: waybill.map(|w| w.consignee_name).unwrap_or_default(),
            number: scan.number,
            piece: scan.piece,
            expected,
            received,
            loaded,
        }))
    }

    /// Records damaged pieces found at arrival (破损), with a note and an optional photo.
    #[allow(clippy::too_many_arguments, reason = "the fields of one register row")]
    pub fn record_damage(
        &mut self,
        manifest_id: i64,
        number: &str,
        pieces: &[u32],
        note: &str,
        photo_path: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(StorageError::Refused(
                "请写明破损情况（哪几件、怎样破损）".to_owned(),
            ));
        }
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if !head.departed {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车，不能登记到货破损",
                head.code
            )));
        }
        let mut sorted: Vec<u32> = pieces.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        tx.execute(
            "INSERT INTO arrival_issues (manifest_id, waybill_number, kind, pieces, count, note, photo_path, at, staff_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                manifest_id,
                number.trim(),
                Discrepancy::Damaged.label(),
                pieces_text(&sorted),
                len_u32(sorted.len()),
                note,
                photo_path.trim(),
                time_text(now),
                staff_id
            ])?;
        crate::storage::seals::seal_last(*tx, "arrival_issues")?;
        tx.commit()?;
        Ok(())
    }

    /// The arrival report of a manifest: loaded against received per waybill, with
    /// damage notes. While the check is open, "missing" means "not scanned yet".
    pub fn arrival_report(&self, manifest_id: i64) -> Result<ArrivalReport> {
        arrival_report(self.sql(), manifest_id)
    }

    /// Closes the arrival check: records every extra and missing piece per waybill as
    /// evidence (P10), sets the waybills that arrived (at least one piece) to 已到站, and
    /// returns the report. A waybill none of whose pieces came stays 已发车.
    pub fn finish_arrival(
        &mut self,
        manifest_id: i64,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ArrivalReport> {
        let tx = self.immediate()?;
        let report = arrival_report(*tx, manifest_id)?;
        if report.manifest.departed_at.is_none() {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车，不能到货",
                report.manifest.code
            )));
        }
        if report.closed {
            return Err(StorageError::Refused(format!(
                "清单 {} 已完成到货核对",
                report.manifest.code
            )));
        }
        let code = report.manifest.code.clone();
        for line in &report.lines {
            for (kind, pieces) in [
                (Discrepancy::Missing, line.check.missing()),
                (Discrepancy::Extra, line.check.extra()),
            ] {
                if pieces.is_empty() {
                    continue;
                }
                tx.execute(
                    "INSERT INTO arrival_issues (manifest_id, waybill_number, kind, pieces, count, note, photo_path, at, staff_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8)",
                    args![
                        manifest_id,
                        line.number,
                        kind.label(),
                        pieces_text(&pieces),
                        len_u32(pieces.len()),
                        format!(
                            "装车 {} 件，到货 {} 件",
                            line.check.loaded.len(),
                            line.check.received.len()
                        ),
                        time_text(now),
                        staff_id
                    ])?;
                crate::storage::seals::seal_last(*tx, "arrival_issues")?;
            }
            if line.check.received.is_empty() {
                continue;
            }
            let Some(waybill) = station_waybill(*tx, &line.number)? else {
                continue;
            };
            let Ok(after) = waybill.life.after(Step::Arrive) else {
                continue;
            };
            let mut note = format!(
                "到货 {}/{} 件",
                line.check.received.len(),
                line.check.loaded.len()
            );
            if !line.is_clean() {
                note = format!("{note}；{}", line.problems());
            }
            write_life(
                *tx,
                after,
                &Event::new(
                    &line.number,
                    after.stage,
                    Step::Arrive.label(),
                    staff_id,
                    now,
                )
                .note(&note)
                .on_truck(&code),
            )?;
        }
        tx.execute(
            "UPDATE manifests SET arrived_at = ?2, received_by = ?3 WHERE id = ?1",
            args![manifest_id, time_text(now), staff_id],
        )?;
        let report = arrival_report(*tx, manifest_id)?;
        tx.commit()?;
        Ok(report)
    }

    /// Arrived waybills whose consignee has not been told yet (待通知), longest waiting
    /// first; those past the setting's hours are flagged.
    pub fn to_notify(&self, now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        self.arrived_lines(&[Stage::Arrived], now)
    }

    /// Every waybill at this station waiting for its consignee (已到站 and 已通知),
    /// longest waiting first: the pickup desk's list.
    pub fn awaiting_collection(&self, now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        self.arrived_lines(&[Stage::Arrived, Stage::Notified], now)
    }

    fn arrived_lines(&self, stages: &[Stage], now: NaiveDateTime) -> Result<Vec<NotifyLine>> {
        let within = self.dispatch_settings()?.notify_within_hours;
        let stage_sql = "SELECT s.number, s.stage,
                    (SELECT MAX(e.at) FROM waybill_events e WHERE e.waybill_number = s.number AND e.action = ?1)
             FROM waybill_stages s WHERE s.stage = ?2";
        let mut pending = Vec::new();
        for stage in stages {
            let rows = self.sql().query_map(
                stage_sql,
                args![Step::Arrive.label(), stage.label()],
                Row::read::<(String, String, Option<String>)>,
            )?;
            for row in rows {
                let (number, stage, at) = row;
                let arrived_at = match at {
                    Some(at) => parse_time(&at)?,
                    None => now,
                };
                pending.push((arrived_at, number, stage_from(&stage)?));
            }
        }
        pending.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let here = self.receiving_counties()?;
        let mut out = Vec::new();
        for (arrived_at, number, stage) in pending {
            if out.len() == DISPATCH_LIST_LIMIT {
                break;
            }
            let w = require_waybill(self.sql(), &number)?;
            if here
                .as_ref()
                .is_some_and(|here| !here.contains(&w.dest_code))
            {
                continue;
            }
            let overdue =
                stage == Stage::Arrived && overdue_hours(arrived_at, now, within).is_some();
            out.push(NotifyLine {
                collect_yuan: w.collect_yuan(),
                number,
                stage,
                arrived_at,
                waited_hours: (now - arrived_at).num_hours(),
                overdue,
                consignee_name: w.consignee_name,
                consignee_phone: w.consignee_phone,
                goods_name: w.goods_name,
                pieces: w.pieces,
                delivery: w.delivery,
                controlled_release: w.controlled_release,
            });
        }
        Ok(out)
    }

    /// Records that the consignee was called or sent a message (通知提货).
    pub fn record_notification(
        &mut self,
        number: &str,
        method: NotifyMethod,
        note: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (tx, waybill) = self.on_waybill(number)?;
        let text = format!("{}通知 {}", method.label(), note.trim());
        apply_step(*tx, &waybill, Step::Notify, staff_id, text.trim(), "", now)?;
        tx.execute(
            "INSERT INTO notifications (waybill_number, at, staff_id, method, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![
                waybill.number,
                time_text(now),
                staff_id,
                method.label(),
                note.trim()
            ])?;
        crate::storage::seals::seal_last(*tx, "notifications")?;
        tx.commit()?;
        Ok(())
    }

    /// The notifications of one waybill, oldest first.
    pub fn notifications(&self, number: &str) -> Result<Vec<NotificationRecord>> {
        let rows = self.sql().query_map("SELECT at, staff_id, method, note FROM notifications WHERE waybill_number = ?1 ORDER BY id", args![number], Row::read::<(String, String, String, String)>)?;
        let mut out = Vec::new();
        for row in rows {
            let (at, staff_id, method, note) = row;
            out.push(NotificationRecord {
                at: parse_time(&at)?,
                staff_id,
                method: NotifyMethod::from_label(&method)
                    .ok_or_else(|| corrupt("通知方式", &method))?,
                note,
            });
        }
        Ok(out)
    }
}

fn arrival_report(conn: Conn<'_>, manifest_id: i64) -> Result<ArrivalReport> {
    let manifest = manifest_summary(conn, manifest_id)?;
    let mut checks: BTreeMap<String, PieceCheck> = BTreeMap::new();
    for (number, pieces) in manifest_pieces(conn, manifest_id)? {
        checks.entry(number).or_default().loaded = pieces;
    }
    {
        let rows = conn.query_map(
            "SELECT waybill_number, piece FROM arrival_scans WHERE manifest_id = ?1",
            args![manifest_id],
            Row::read::<(String, u32)>,
        )?;
        for row in rows {
            let (number, piece) = row;
            checks.entry(number).or_default().received.insert(piece);
        }
    }
    let mut damage: BTreeMap<String, Vec<DamageNote>> = BTreeMap::new();
    {
        let rows = conn
            .rows(
                "SELECT waybill_number, pieces, note, photo_path, at, staff_id FROM arrival_issues
             WHERE manifest_id = ?1 AND kind = ?2 ORDER BY id",
                args![manifest_id, Discrepancy::Damaged.label()],
            )?
            .into_iter();
        for r in rows {
            let number: String = r.get(0)?;
            damage.entry(number.clone()).or_default().push(DamageNote {
                pieces: pieces_from(&r.get::<String>(1)?),
                note: r.get(2)?,
                photo_path: r.get(3)?,
                at: parse_time(&r.get::<String>(4)?)?,
                staff_id: r.get(5)?,
            });
            checks.entry(number).or_default();
        }
    }
    let mut lines = Vec::new();
    for (number, check) in checks {
        let waybill = station_waybill(conn, &number)?;
        lines.push(ArrivalLine {
            consignee_name: waybill
                .as_ref()
                .map(|w| w.consignee_name.clone())
                .unwrap_or_default(),
            goods_name: waybill
                .as_ref()
                .map(|w| w.goods_name.clone())
                .unwrap_or_default(),
            pieces: waybill.as_ref().map_or(0, |w| w.pieces),
            damaged: damage.remove(&number).unwrap_or_default(),
            number,
            check,
        });
    }
    Ok(ArrivalReport {
        closed: manifest.arrived_at.is_some(),
        manifest,
        lines,
    })
}
