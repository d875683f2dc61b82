//! The dispatch area's files from the window: the manifest, the stock count list, the
//! arrival report and the pickup receipt printed; a manifest exchange file read in; the
//! day's upload file written.

use super::text;
use crate::app::App;
use crate::documents::dispatch::arrival_pdf::{
    ArrivalDamage, ArrivalSheet, ArrivalSheetLine, arrival_pdf,
};
use crate::documents::dispatch::exchange::read_manifest;
use crate::documents::dispatch::manifest_pdf::{ManifestSheet, manifest_pdf};
use crate::documents::dispatch::pickup_pdf::{PickupSlip, ReleaseAuthorization, pickup_pdf};
use crate::documents::dispatch::stock_pdf::{StockSheet, StockSheetLine, stock_pdf};
use crate::storage::dispatch::StockQuery;
use crate::ui::dispatch::DispatchTab;
use chrono::NaiveDateTime;

impl App {
    /// Imports an exchange file received from the loading station; a damaged or altered
    /// file is refused with the reason, importing the same file twice changes nothing.
    pub fn import_manifest_file(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let now = (self.clock)();
        let user = self.user_id();
        let bytes = std::fs::read(path)?;
        let verified = read_manifest(&bytes)?;
        let code = verified.manifest.code.clone();
        let outcome =
            self.db
                .import_manifest(&verified.manifest, &verified.checksum, &user, now)?;
        let (message, id) = match outcome {
            crate::storage::dispatch::ImportOutcome::Imported {
                manifest_id,
                waybills,
            } => (
                text::IMPORTED
                    .replace("{c}", &code)
                    .replace("{w}", &waybills.to_string()),
                manifest_id,
            ),
            crate::storage::dispatch::ImportOutcome::AlreadyPresent { manifest_id } => {
                (text::ALREADY.replace("{c}", &code), manifest_id)
            }
        };
        self.dispatch.message = Some((true, message));
        self.reload_incoming()?;
        self.dispatch.arrival = Some(self.db.arrival_report(id)?);
        self.dispatch.tab = DispatchTab::Arrival;
        self.dispatch.focus_scan = true;
        Ok(())
    }

    /// Today's waybills as the list to upload to 云递安: the user's own, or all for the
    /// supervisor.
    pub(super) fn export_uploads(&mut self, now: NaiveDateTime) -> anyhow::Result<()> {
        let query = crate::storage::waybills::WaybillQuery {
            from: Some(now.date()),
            to: Some(now.date()),
            clerk_id: (!self.supervisor()).then(|| self.user_id()),
            ..crate::storage::waybills::WaybillQuery::default()
        };
        let mut waybills = Vec::new();
        for summary in self.db.find_waybills(&query)? {
            waybills.push(self.db.waybill(&summary.number)?);
        }
        let bytes = crate::documents::desk::regulator_export::uploads_csv(&waybills)?;
        let name = format!("云递安-{}.csv", now.format("%Y%m%d"));
        let Some(path) = crate::app::dialogs::save_bytes(name, "CSV", &["csv"], &bytes)? else {
            return Ok(());
        };
        self.dispatch.message = Some((
            true,
            text::UPLOADS_EXPORTED
                .replace("{n}", &waybills.len().to_string())
                .replace("{p}", &path.display().to_string()),
        ));
        Ok(())
    }

    pub(super) fn print_manifest(&mut self, id: i64) -> anyhow::Result<()> {
        let manifest = self.db.manifest(id)?;
        let s = &manifest.summary;
        let created_by = self.staff_label(&s.created_by);
        let route = s.route_text();
        let sheet = ManifestSheet {
            company: &self.view.settings.company_name,
            code: &s.code,
            origin: &s.origin,
            plate: &s.plate,
            driver_name: &s.driver_name,
            driver_phone: &s.driver_phone,
            route: &route,
            departure_at: s.departed_at.unwrap_or(s.departure_at),
            departed: s.departed_at.is_some(),
            created_by: &created_by,
            lines: &manifest.lines,
            totals: &manifest.totals,
        };
        let bytes = manifest_pdf(&sheet)?;
        let printer = self.view.print.waybill_printer.clone();
        let title = text::MANIFEST_DOC.replace("{c}", &s.code);
        self.send_to_printer(&format!("{}-manifest", s.code), &bytes, &printer, &title)
    }

    pub(super) fn print_stock(
        &mut self,
        query: &StockQuery,
        lines: &[crate::storage::dispatch::StockLine],
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let dest_name = query.dest_code.as_deref().map(|code| {
            crate::domain::desk::destinations::Divisions::bundled()
                .by_code(code)
                .map_or_else(
                    || code.to_owned(),
                    crate::domain::desk::destinations::Division::city_and_name,
                )
        });
        let sheet_lines: Vec<StockSheetLine<'_>> = lines
            .iter()
            .map(|l| StockSheetLine {
                number: &l.number,
                issued_at: l.issued_at,
                age_days: l.age_days,
                dest_name: &l.dest_name,
                consignee_name: &l.consignee_name,
                goods_name: &l.goods_name,
                pieces: l.pieces,
                pieces_left: l.pieces_left,
                weight_kg: l.weight_kg,
                volume_m3: l.volume_m3,
                controlled_release: l.controlled_release,
            })
            .collect();
        let printed_by = self.staff_label(&self.user_id());
        let bytes = stock_pdf(&StockSheet {
            company: &self.view.settings.company_name,
            station: &self.view.settings.station_name,
            printed_at: now,
            printed_by: &printed_by,
            dest_filter: dest_name.as_deref(),
            issued_since: query.issued_since,
            controlled_only: query.controlled_only,
            lines: &sheet_lines,
        })?;
        let printer = self.view.print.waybill_printer.clone();
        let name = format!("stock-{}", now.format("%Y%m%d-%H%M"));
        self.send_to_printer(&name, &bytes, &printer, text::STOCK_DOC)
    }

    pub(super) fn print_arrival(&mut self, id: i64) -> anyhow::Result<()> {
        let report = self.db.arrival_report(id)?;
        let m = &report.manifest;
        let checked_by = m
            .received_by
            .as_deref()
            .map(|by| self.staff_label(by))
            .unwrap_or_default();
        let lines: Vec<ArrivalSheetLine<'_>> = report
            .lines
            .iter()
            .map(|l| ArrivalSheetLine {
                number: &l.number,
                consignee_name: &l.consignee_name,
                goods_name: &l.goods_name,
                pieces: l.pieces,
                check: &l.check,
                damaged: l
                    .damaged
                    .iter()
                    .map(|d| ArrivalDamage {
                        pieces: &d.pieces,
                        note: &d.note,
                    })
                    .collect(),
            })
            .collect();
        let bytes = arrival_pdf(&ArrivalSheet {
            company: &self.view.settings.company_name,
            manifest_code: &m.code,
            origin: &m.origin,
            station: &self.view.settings.station_name,
            plate: &m.plate,
            driver_name: &m.driver_name,
            driver_phone: &m.driver_phone,
            departed_at: m.departed_at,
            checked_by: &checked_by,
            closed_at: m.arrived_at,
            lines: &lines,
        })?;
        let printer = self.view.print.waybill_printer.clone();
        let title = text::ARRIVAL_DOC.replace("{c}", &m.code);
        self.send_to_printer(&format!("{}-arrival", m.code), &bytes, &printer, &title)
    }

    pub(super) fn print_pickup(&mut self, number: &str, pickup_id: i64) -> anyhow::Result<()> {
        let waybill = self.db.station_waybill(number)?;
        let pickups = self.db.pickups(&waybill.number)?;
        let Some(pickup) = pickups.iter().find(|p| p.id == pickup_id) else {
            anyhow::bail!(text::NO_PICKUP);
        };
        let before: u32 = pickups
            .iter()
            .take_while(|p| p.id != pickup_id)
            .map(|p| p.pieces)
            .sum();
        let facts = self
            .db
            .release_facts(&waybill.number, (self.clock)().date())?;
        let (payment, cod_yuan) = self.db.pickup_payment(pickup)?;
        let authorization = self.db.authorization(&waybill.number)?;
        let recorded_by = authorization
            .as_ref()
            .map(|a| self.staff_label(&a.staff_id))
            .unwrap_or_default();
        let clerk = self.staff_label(&pickup.staff_id);
        let bytes = pickup_pdf(&PickupSlip {
            company: &self.view.settings.company_name,
            station: &self.view.settings.station_name,
            station_phone: &self.view.settings.station_phone,
            number: &waybill.number,
            consignee_name: &waybill.consignee_name,
            consignee_phone: &waybill.consignee_phone,
            goods_name: &waybill.goods_name,
            pieces: waybill.pieces,
            pieces_taken: pickup.pieces,
            pieces_taken_before: before,
            collect_yuan: facts.dues.collect_yuan,
            delivery_fee_yuan: facts.dues.added_delivery_fee_yuan,
            // What storage had run up on the day of this pickup, not of the reprint.
            storage_fee_yuan: self
                .db
                .storage_fee(&waybill.number, pickup.at.date())?
                .map_or(rust_decimal::Decimal::ZERO, |(fee, _)| fee.amount_yuan),
            cod_yuan,
            payment,
            collector_name: &pickup.collector_name,
            id_type: pickup.id_type,
            id_number: &pickup.id_number,
            authorization: authorization.as_ref().map(|a| ReleaseAuthorization {
                method: a.authorization.method,
                shipper_contact: &a.authorization.shipper_contact,
                authorized_at: a.at,
                recorded_by: &recorded_by,
            }),
            clerk: &clerk,
            picked_up_at: pickup.at,
            signature: &pickup.signature,
            note: &pickup.note,
        })?;
        let printer = self.view.print.waybill_printer.clone();
        let title = text::PICKUP_DOC.replace("{n}", &waybill.number);
        self.send_to_printer(
            &format!("{}-pickup-{pickup_id}", waybill.number),
            &bytes,
            &printer,
            &title,
        )
    }
}
