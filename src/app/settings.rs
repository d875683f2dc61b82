//! Carrying out 设置's commands: the station, the desk's settings and fees, the
//! prohibited list, printing and the claim multiple beside the terms, and loading the
//! demo into an empty database.

use super::{App, text};
use crate::documents::desk::waybill_pdf::overlay_test_pdf;
use crate::domain::stations::Scope;
use crate::storage::revisions::{Record, Setting};
use crate::ui::Page;
use crate::ui::settings::{SettingsCommand, SettingsState};
use chrono::{NaiveDate, NaiveDateTime};

impl App {
    /// Carries out one of 设置's commands.
    pub(super) fn handle_settings(
        &mut self,
        command: SettingsCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        match command {
            SettingsCommand::SavePrint { print, seen } => {
                let by = self.user_id();
                let saved = self.db.save_print_settings(&print, self.edit(seen, &by));
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.settings.print_seen =
                    Some(self.view.revisions.of(Record::Setting(Setting::Print)));
                self.settings.message = Some((true, text::PRINT_SETTINGS_SAVED.to_owned()));
            }
            SettingsCommand::SaveClaims { claims, seen } => {
                self.require_supervisor()?;
                let by = self.user_id();
                self.db.save_claim_settings(&claims, self.edit(seen, &by))?;
                let revision = self.db.revision(Record::Setting(Setting::Claims))?;
                // One setting: the dispatch page's form and claim preview follow at once.
                self.dispatch.claim_multiple = claims.freight_multiple.normalize().to_string();
                self.dispatch
                    .claim_loaded
                    .clone_from(&self.dispatch.claim_multiple);
                self.dispatch.claim_seen = Some(revision);
                self.dispatch.claim_settings = claims.clone();
                self.settings.show_claims(&claims, revision);
                self.settings.message = Some((
                    true,
                    text::CLAIM_MULTIPLE_SAVED.replace(
                        "{m}",
                        &crate::domain::settings::multiple_in_words(claims.freight_multiple),
                    ),
                ));
            }
            SettingsCommand::OverlayTestPrint => {
                let figures = self.db.term_figures()?;
                let bytes = overlay_test_pdf(&self.view.settings, &self.view.print, &figures)?;
                let printer = self.view.print.waybill_printer.clone();
                self.send_to_printer("overlay-test", &bytes, &printer, text::OVERLAY_TEST)?;
            }
            SettingsCommand::RefreshPrinters => {
                self.view.printers = self.printing.printers();
                self.settings.message = Some((
                    true,
                    text::PRINTERS_FOUND.replace("{n}", &self.view.printers.len().to_string()),
                ));
            }
            SettingsCommand::SaveStation { station, seen } => {
                self.require_supervisor()?;
                station
                    .check(|c| {
                        crate::domain::desk::destinations::Divisions::bundled()
                            .by_code(c)
                            .is_some()
                    })
                    .map_err(anyhow::Error::msg)?;
                let by = self.user_id();
                let saved = self
                    .db
                    .save_station(&station, self.edit(seen, &by))
                    .map(|_| ());
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.settings.station = crate::ui::settings::StationForm::default();
                let mut message = text::STATION_SAVED.replace("{s}", &station.label());
                // The supervisor of what was one station acts for the company only until
                // the second one exists: say how to keep doing so.
                let me = self.user_id();
                if self.view.stations.len() > 1 && self.db.post(&me)? != Scope::Company {
                    message.push_str(&text::MOVE_TO_COMPANY.replace("{u}", &me));
                }
                self.status = Some((true, message.clone()));
                self.settings.message = Some((true, message));
            }
            SettingsCommand::SaveDesk { settings, seen } => {
                let by = self.user_id();
                let saved = self.db.edit_desk_settings(&settings, self.edit(seen, &by));
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.settings.message = Some((true, text::SETTINGS_SAVED.to_owned()));
            }
            SettingsCommand::SaveProhibited { list, seen } => {
                let by = self.user_id();
                let saved = self.db.save_prohibited_goods(&list, self.edit(seen, &by));
                self.reload_view_after(saved)?;
                self.reload_view()?;
                self.settings.prohibited_loaded = false;
                self.settings.message = Some((
                    true,
                    text::PROHIBITED_SAVED.replace("{n}", &list.len().to_string()),
                ));
            }
            SettingsCommand::LoadDemo => {
                let today: NaiveDate = now.date();
                let summary = crate::demo::load_demo(&mut self.db, today)?;
                self.reload_view()?;
                self.settings = SettingsState::default();
                self.rates
                    .load(&self.view.rates, self.view.revisions.of(Record::Rates));
                self.status = Some((true, summary.to_string()));
                self.page = Page::Issue;
            }
        }
        Ok(())
    }
}
