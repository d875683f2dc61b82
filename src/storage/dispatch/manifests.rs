//! Manifests (发车清单): opening, loading by scan or whole waybill, unloading, departure,
//! tracking, the stock view, and the exchange file both ways.

use super::{
    DISPATCH_LIST_LIMIT, Event, ImportOutcome, LoadScan, MANIFEST_COLUMNS, Manifest,
    ManifestFilter, ManifestSummary, StockLine, StockQuery, TrackingLine, apply_step, corrupt,
    count_on_manifest, count_u32, day_text, insert_pieces, len_u32, manifest_head, manifest_lines,
    manifest_pieces, manifest_summary, pieces_on_manifests, require_staff, require_waybill,
    stage_from, station_waybill, summary_from_row, write_life,
};
use crate::domain::desk::waybill::WaybillStatus;
use crate::domain::dispatch::{
    ExchangeWaybill, Life, LoadFacts, ManifestExchange, ManifestHeader, ManifestTotals, ScanCode,
    ScanRefusal, Stage, Step, check_departure, judge_load, manifest_code,
};
use crate::domain::stations::Scope;
use crate::storage::sql::args;
use crate::storage::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

impl Db {
    /// Opens a manifest (发车清单) for a truck; its code is the next of the day.
    pub fn create_manifest(
        &mut self,
        header: &ManifestHeader,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ManifestSummary> {
        let desk = self.desk_settings()?;
        let settings = self.dispatch_settings()?;
        let prefix = if settings.manifest_prefix.trim().is_empty() {
            format!("{}F", desk.number_prefix.trim())
        } else {
            settings.manifest_prefix.trim().to_owned()
        };
        let tx = self.immediate()?;
        require_staff(*tx, staff_id)?;
        let mut code = None;
        for sequence in 1..=99 {
            let candidate = manifest_code(&prefix, now.date(), sequence);
            let taken = tx.exists("SELECT 1 FROM manifests WHERE code = ?1", args![&candidate])?;
            if !taken {
                code = Some(candidate);
                break;
            }
        }
        let code = code.ok_or_else(|| {
            StorageError::Refused("今天的清单号已用完（每天最多 99 车）".to_owned())
        })?;
        let id = tx.insert(
            "INSERT INTO manifests (code, origin, plate, driver_name, driver_phone, route_codes, route_names, departure_at, created_by, created_at, station_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            args![
                code,
                desk.station_name,
                header.plate,
                header.driver_name,
                header.driver_phone.as_str(),
                header.route_codes.join(" "),
                header.route_names.join("、"),
                time_text(header.departure_at),
                staff_id,
                time_text(now),
                self.scope().acting()
            ])?;
        let summary = manifest_summary(*tx, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Manifests, newest first, at most [`DISPATCH_LIST_LIMIT`].
    pub fn manifests(&self, filter: ManifestFilter) -> Result<Vec<ManifestSummary>> {
        let condition = match filter {
            ManifestFilter::Loading => "departed_at IS NULL",
            ManifestFilter::InTransit => "departed_at IS NOT NULL AND arrived_at IS NULL",
            ManifestFilter::All => "1 = 1",
            ManifestFilter::Departed => "departed_at IS NOT NULL",
        };
        // A station's own trucks; for the receiving end, the departed ones of every
        // station, and the ones it received by exchange file.
        let station = match self.scope() {
            Scope::Company => None,
            Scope::Station(id) => Some(id),
        };
        let mine = if filter == ManifestFilter::Departed {
            "(imported_at IS NULL OR station_id = ?1)"
        } else {
            "station_id = ?1"
        };
        let rows = self
            .sql()
            .rows(
                &format!(
                    "SELECT {MANIFEST_COLUMNS} FROM manifests WHERE {condition}
               AND (CAST(?1 AS BIGINT) IS NULL OR {mine})
             ORDER BY created_at DESC, id DESC LIMIT {DISPATCH_LIST_LIMIT}"
                ),
                args![station],
            )?
            .into_iter();
        let mut out = Vec::new();
        for r in rows {
            out.push(summary_from_row(&r)?);
        }
        Ok(out)
    }

    /// One manifest with its lines and totals.
    pub fn manifest(&self, id: i64) -> Result<Manifest> {
        let summary = manifest_summary(self.sql(), id)?;
        let lines = manifest_lines(self.sql(), id, &summary.route_codes)?;
        let totals = ManifestTotals::of(&lines);
        Ok(Manifest {
            summary,
            lines,
            totals,
        })
    }

    /// The manifest with this code, if any.
    pub fn manifest_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        Ok(self.sql().value(
            "SELECT id FROM manifests WHERE code = ?1",
            args![code.trim()],
        )?)
    }

    /// Records one scanned label on an open manifest. The inner result is the scan's
    /// verdict for the screen (accepted, or refused at once with the reason: unreadable,
    /// unknown, void, duplicate, another truck, wrong destination, locked manifest …);
    /// nothing is written for a refused scan. The outer error is the database's.
    pub fn scan_load(
        &mut self,
        manifest_id: i64,
        scanned: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<LoadScan, ScanRefusal>> {
        let Some(scan) = ScanCode::parse(scanned) else {
            return Ok(Err(ScanRefusal::Unreadable(scanned.trim().to_owned())));
        };
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        let waybill = station_waybill(*tx, &scan.number)?;
        let on_this_manifest = tx
            .exists("SELECT 1 FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2 AND piece = ?3", args![manifest_id, scan.number, scan.piece])?;
        let other: Option<String> = tx.value(
            "SELECT m.code FROM manifest_pieces p JOIN manifests m ON m.id = p.manifest_id
                 WHERE p.waybill_number = ?1 AND p.piece = ?2 AND p.manifest_id <> ?3 LIMIT 1",
            args![scan.number, scan.piece, manifest_id],
        )?;
        let other_station = issued_elsewhere(*tx, manifest_id, &scan.number)?;
        let facts = LoadFacts {
            on_this_manifest,
            on_other_manifest: other.as_deref(),
            ..head.load_facts(&scan, waybill.as_ref(), other_station.as_deref())
        };
        let after = match judge_load(&facts) {
            Ok(after) => after,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let Some(waybill) = waybill else {
            return Ok(Err(ScanRefusal::UnknownWaybill(scan.number)));
        };
        insert_pieces(*tx, manifest_id, &scan.number, &[scan.piece], staff_id, now)?;
        let loaded = count_on_manifest(*tx, manifest_id, &scan.number)?;
        if loaded == 1 {
            write_life(
                *tx,
                after,
                &Event::new(&scan.number, after.stage, Step::Load.label(), staff_id, now)
                    .on_truck(&head.code),
            )?;
        }
        let on_any = count_u32(tx.one(
            "SELECT COUNT(*) FROM manifest_pieces WHERE waybill_number = ?1",
            args![&scan.number],
        )?);
        tx.commit()?;
        Ok(Ok(LoadScan {
            number: scan.number,
            piece: scan.piece,
            pieces_added: 1,
            pieces: waybill.pieces,
            pieces_loaded: loaded,
            pieces_left: waybill.pieces.saturating_sub(on_any),
            dest_name: waybill.dest_name,
            consignee_name: waybill.consignee_name,
        }))
    }

    /// Loads every piece of `number` still in stock onto an open manifest (picked from
    /// the stock view rather than scanned). Refused like a scan.
    pub fn load_waybill(
        &mut self,
        manifest_id: i64,
        number: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Result<LoadScan, ScanRefusal>> {
        let number = number.trim().to_ascii_uppercase();
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        let Some(waybill) = station_waybill(*tx, &number)? else {
            return Ok(Err(ScanRefusal::UnknownWaybill(number)));
        };
        let loaded_anywhere = pieces_on_manifests(*tx, &number)?;
        let free: Vec<u32> = (1..=waybill.pieces)
            .filter(|p| !loaded_anywhere.contains(p))
            .collect();
        let Some(&first) = free.first() else {
            return Ok(Err(ScanRefusal::Stage {
                number,
                reason: "全部件数都已装车".to_owned(),
            }));
        };
        let scan = ScanCode {
            number: number.clone(),
            piece: first,
        };
        let other_station = issued_elsewhere(*tx, manifest_id, &number)?;
        let facts = head.load_facts(&scan, Some(&waybill), other_station.as_deref());
        let after = match judge_load(&facts) {
            Ok(after) => after,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let first_here = count_on_manifest(*tx, manifest_id, &number)? == 0;
        insert_pieces(*tx, manifest_id, &number, &free, staff_id, now)?;
        if first_here {
            let note = format!("从库存整票装车 {} 件", free.len());
            write_life(
                *tx,
                after,
                &Event::new(&number, after.stage, Step::Load.label(), staff_id, now)
                    .note(&note)
                    .on_truck(&head.code),
            )?;
        }
        let loaded = count_on_manifest(*tx, manifest_id, &number)?;
        tx.commit()?;
        Ok(Ok(LoadScan {
            number,
            piece: first,
            pieces_added: len_u32(free.len()),
            pieces: waybill.pieces,
            pieces_loaded: loaded,
            pieces_left: 0,
            dest_name: waybill.dest_name,
            consignee_name: waybill.consignee_name,
        }))
    }

    /// Takes a waybill off a manifest that has not left (卸车): its pieces go back to
    /// stock, and it is 已开单 again unless pieces of it travel on another truck.
    pub fn unload_waybill(
        &mut self,
        manifest_id: i64,
        number: &str,
        staff_id: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let tx = self.immediate()?;
        let head = manifest_head(*tx, manifest_id)?;
        if head.departed {
            return Err(StorageError::Refused(format!(
                "清单 {} 已发车锁定，不能卸车",
                head.code
            )));
        }
        let waybill = require_waybill(*tx, number)?;
        let removed = tx.execute(
            "DELETE FROM manifest_pieces WHERE manifest_id = ?1 AND waybill_number = ?2",
            args![manifest_id, number],
        )?;
        if removed == 0 {
            return Err(StorageError::NotFound(format!(
                "运单 {number} 不在清单 {} 上",
                head.code
            )));
        }
        let note = format!("卸下 {removed} 件：{}", reason.trim());
        let elsewhere = !pieces_on_manifests(*tx, number)?.is_empty();
        let after = if elsewhere || waybill.life.flow != Stage::Loaded {
            waybill.life
        } else {
            waybill
                .life
                .after(Step::Unload)
                .map_err(|r| StorageError::Refused(format!("运单 {number}：{}", r.reason)))?
        };
        write_life(
            *tx,
            after,
            &Event::new(number, after.stage, Step::Unload.label(), staff_id, now)
                .note(&note)
                .on_truck(&head.code),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sends a manifest's truck off (发车): refused for an empty manifest; locks the
    /// manifest against further scans and sets its waybills 已发车.
    pub fn depart_manifest(
        &mut self,
        manifest_id: i64,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<Manifest> {
        let tx = self.immediate()?;
        let summary = manifest_summary(*tx, manifest_id)?;
        let lines = manifest_lines(*tx, manifest_id, &summary.route_codes)?;
        let totals = ManifestTotals::of(&lines);
        check_departure(&summary.code, summary.departed_at.is_some(), &totals)
            .map_err(StorageError::Refused)?;
        for line in &lines {
            let waybill = require_waybill(*tx, &line.number)?;
            let note = line.partial_mark().unwrap_or_default();
            apply_step(
                *tx,
                &waybill,
                Step::Depart,
                staff_id,
                &note,
                &summary.code,
                now,
            )?;
        }
        tx.execute(
            "UPDATE manifests SET departed_at = ?2, departed_by = ?3 WHERE id = ?1",
            args![manifest_id, time_text(now), staff_id],
        )?;
        let summary = manifest_summary(*tx, manifest_id)?;
        tx.commit()?;
        Ok(Manifest {
            summary,
            lines,
            totals,
        })
    }

    /// The truck's tracking detail (单车跟单明细): every waybill on it and where it is now.
    pub fn manifest_tracking(&self, manifest_id: i64) -> Result<Vec<TrackingLine>> {
        let mut out = Vec::new();
        for (number, pieces) in manifest_pieces(self.sql(), manifest_id)? {
            let waybill = require_waybill(self.sql(), &number)?;
            let last: Option<(String, String)> = self
                .sql()
                .query_opt("SELECT action, at FROM waybill_events WHERE waybill_number = ?1 ORDER BY id DESC LIMIT 1", args![&number], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (last_action, last_at) = match last {
                Some((action, at)) => (action, Some(parse_time(&at)?)),
                None => (String::new(), None),
            };
            out.push(TrackingLine {
                number,
                consignee_name: waybill.consignee_name,
                pieces_loaded: len_u32(pieces.len()),
                pieces: waybill.pieces,
                stage: waybill.life.stage,
                last_action,
                last_at,
            });
        }
        Ok(out)
    }

    /// The stock view (库存): our waybills with pieces still in the warehouse (on no
    /// manifest), oldest first, at most [`DISPATCH_LIST_LIMIT`]. The stage is asked as
    /// "no stage past 已发车" (`NOT EXISTS`) rather than filtered after the join: so
    /// PostgreSQL expects most waybills to pass and reads them oldest first by index,
    /// stopping at the limit (12 ms on a million), instead of fetching every waybill of
    /// a destination to sort them (230 ms).
    pub fn stock(&self, query: &StockQuery, today: NaiveDate) -> Result<Vec<StockLine>> {
        let mut conditions = vec![format!("w.status <> '{}'", WaybillStatus::Void.label())];
        let mut values: Vec<String> = Vec::new();
        if let Some(since) = query.issued_since {
            values.push(day_text(since));
            conditions.push(format!("w.issued_at >= ?{}", values.len()));
        }
        if let Some(dest) = query.dest_code.as_deref().filter(|d| !d.trim().is_empty()) {
            values.push(dest.trim().to_owned());
            conditions.push(format!("w.dest_code = ?{}", values.len()));
        }
        if query.controlled_only {
            conditions.push("w.controlled_release = 1".to_owned());
        }
        if let Scope::Station(station) = self.scope() {
            conditions.push(format!("w.station_id = {station}"));
        }
        let sql = format!(
            "SELECT w.number, w.issued_at, w.dest_code, w.dest_name, w.consignee_name, w.goods_name, w.pieces,
                    w.weight_kg, w.volume_m3, w.controlled_release, COALESCE(s.stage, '已开单'),
                    (SELECT COUNT(*) FROM manifest_pieces p WHERE p.waybill_number = w.number) AS loaded,
                    w.arrival_date
             FROM waybills w LEFT JOIN waybill_stages s ON s.number = w.number
             WHERE {}
               AND NOT EXISTS (SELECT 1 FROM waybill_stages x WHERE x.number = w.number
                                                           AND x.flow NOT IN ('已开单', '已装车', '已发车'))
               AND (SELECT COUNT(*) FROM manifest_pieces p WHERE p.waybill_number = w.number) < w.pieces
             ORDER BY w.issued_at, w.number LIMIT {DISPATCH_LIST_LIMIT}",
            conditions.join(" AND ")
        );
        let rows = self
            .sql()
            .rows(&sql, &crate::storage::sql::dynamic(&values))?
            .into_iter();
        let mut out = Vec::new();
        for r in rows {
            let issued_at = parse_time(&r.get::<String>(1)?)?;
            let pieces: u32 = r.get(6)?;
            let loaded = count_u32(r.get(11)?);
            out.push(StockLine {
                number: r.get(0)?,
                issued_at,
                age_days: (today - issued_at.date()).num_days(),
                dest_code: r.get(2)?,
                dest_name: r.get(3)?,
                consignee_name: r.get(4)?,
                goods_name: r.get(5)?,
                pieces,
                pieces_loaded: loaded,
                pieces_left: pieces.saturating_sub(loaded),
                weight_kg: parse_decimal_text(&r.get::<String>(7)?)?,
                volume_m3: parse_decimal_text(&r.get::<String>(8)?)?,
                controlled_release: r.get::<i64>(9)? != 0,
                stage: stage_from(&r.get::<String>(10)?)?,
                required_by: r
                    .get::<Option<String>>(12)?
                    .map(|d| {
                        chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                            .map_err(|_| corrupt("要求到货日期", &d))
                    })
                    .transpose()?,
            });
        }
        Ok(out)
    }

    /// A departed manifest as the exchange file carries it to the receiving station.
    pub fn manifest_exchange(&self, manifest_id: i64) -> Result<ManifestExchange> {
        let summary = manifest_summary(self.sql(), manifest_id)?;
        let (Some(departed_at), Some(departed_by)) =
            (summary.departed_at, summary.departed_by.clone())
        else {
            return Err(StorageError::Refused(format!(
                "清单 {} 尚未发车：发车后才能导出交接文件",
                summary.code
            )));
        };
        let mut waybills = Vec::new();
        for (number, pieces) in manifest_pieces(self.sql(), manifest_id)? {
            let issued = if self.waybill_exists(&number)? {
                self.waybill(&number)?
            } else {
                let json: String = self.sql().one(
                    "SELECT snapshot FROM incoming_waybills WHERE number = ?1",
                    args![&number],
                )?;
                serde_json::from_str(&json).map_err(|e| {
                    StorageError::Corrupt(format!("外站运单 {number} 无法读取：{e}"))
                })?
            };
            waybills.push(ExchangeWaybill {
                issued,
                pieces_loaded: pieces.into_iter().collect(),
            });
        }
        Ok(ManifestExchange {
            code: summary.code,
            origin: summary.origin,
            plate: summary.plate,
            driver_name: summary.driver_name,
            driver_phone: summary.driver_phone,
            route_codes: summary.route_codes,
            route_names: summary.route_names,
            departure_at: summary.departure_at,
            created_by: summary.created_by,
            departed_at,
            departed_by,
            waybills,
        })
    }

    /// Receives a manifest from another station (its exchange file already verified by
    /// [`crate::documents::dispatch::exchange`]): the manifest, its waybills and loaded pieces, all
    /// or nothing. Importing the same file again changes nothing; a different file under
    /// the same manifest code is refused.
    pub fn import_manifest(
        &mut self,
        exchange: &ManifestExchange,
        checksum: &str,
        staff_id: &str,
        now: NaiveDateTime,
    ) -> Result<ImportOutcome> {
        let tx = self.immediate()?;
        let existing: Option<(i64, String, Option<String>)> = tx.query_opt(
            "SELECT id, checksum, imported_at FROM manifests WHERE code = ?1",
            args![&exchange.code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        match existing {
            // Our own manifest, or the same file again.
            Some((manifest_id, _, None)) => {
                return Ok(ImportOutcome::AlreadyPresent { manifest_id });
            }
            Some((manifest_id, stored, Some(_))) if stored == checksum => {
                return Ok(ImportOutcome::AlreadyPresent { manifest_id });
            }
            Some(_) => {
                return Err(StorageError::Refused(format!(
                    "清单 {} 已经导入过，但这份文件的内容不同：请向发车站核实，不要重复导入",
                    exchange.code
                )));
            }
            None => {}
        }
        if exchange.waybills.is_empty() {
            return Err(StorageError::Refused(format!(
                "交接文件中的清单 {} 没有运单",
                exchange.code
            )));
        }
        let manifest_id = tx.insert(
            "INSERT INTO manifests (code, origin, plate, driver_name, driver_phone, route_codes, route_names, departure_at, created_by, created_at, imported_at, imported_by, checksum, station_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            args![
                exchange.code,
                exchange.origin,
                exchange.plate,
                exchange.driver_name,
                exchange.driver_phone,
                exchange.route_codes.join(" "),
                exchange.route_names.join("、"),
                time_text(exchange.departure_at),
                exchange.created_by,
                time_text(exchange.departed_at),
                time_text(now),
                staff_id,
                checksum,
                self.scope().acting()
            ])?;
        let note = format!("由 {} 发出，交接文件导入", exchange.origin);
        for item in &exchange.waybills {
            let issued = &item.issued;
            let number = issued.number.as_str();
            let local = tx.exists("SELECT 1 FROM waybills WHERE number = ?1", args![number])?;
            if !local {
                let snapshot = serde_json::to_string(issued)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                tx.execute(
                    "INSERT INTO incoming_waybills (number, manifest_id, consignee_phone, snapshot) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(number) DO NOTHING",
                    args![
                        number,
                        manifest_id,
                        issued.waybill.consignee.phone.as_str(),
                        snapshot
                    ])?;
            }
            let mut seen = BTreeSet::new();
            for &piece in &item.pieces_loaded {
                if piece == 0 || piece > issued.waybill.pieces || !seen.insert(piece) {
                    return Err(StorageError::Refused(format!(
                        "交接文件中运单 {number} 的件号 {piece} 不对：文件可能有误，请向发车站核实"
                    )));
                }
            }
            insert_pieces(
                *tx,
                manifest_id,
                number,
                &item.pieces_loaded,
                &exchange.departed_by,
                exchange.departed_at,
            )?;
            let waybill = require_waybill(*tx, number)?;
            // A waybill seen here before (pieces left behind on an earlier truck) keeps
            // its stage; a new one is on the road.
            let mut life = waybill.life;
            if life == Life::ISSUED {
                life = Life::ISSUED
                    .after(Step::Load)
                    .and_then(|l| l.after(Step::Depart))
                    .map_err(|r| StorageError::Refused(r.reason))?;
            }
            write_life(
                *tx,
                life,
                &Event::new(
                    number,
                    life.stage,
                    Step::Depart.label(),
                    &exchange.departed_by,
                    exchange.departed_at,
                )
                .note(&note)
                .on_truck(&exchange.code),
            )?;
        }
        tx.execute(
            "UPDATE manifests SET departed_at = ?2, departed_by = ?3 WHERE id = ?1",
            args![
                manifest_id,
                time_text(exchange.departed_at),
                exchange.departed_by
            ],
        )?;
        tx.commit()?;
        Ok(ImportOutcome::Imported {
            manifest_id,
            waybills: exchange.waybills.len(),
        })
    }
}

/// The station that issued `number`, when it is not the station of the manifest (a
/// truck loads only its own station's goods).
fn issued_elsewhere(
    conn: crate::storage::sql::Conn<'_>,
    manifest_id: i64,
    number: &str,
) -> Result<Option<String>> {
    Ok(conn.value(
        "SELECT s.name FROM waybills w
           JOIN manifests m ON m.id = ?2
           JOIN stations s ON s.id = w.station_id
         WHERE w.number = ?1 AND w.station_id <> m.station_id",
        args![number, manifest_id],
    )?)
}
