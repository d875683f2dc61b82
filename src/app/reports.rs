//! Carrying out the report page's commands (报表): the summary of a day or a month is
//! read from the database and cut to what the reader may see before the page or the
//! spreadsheet gets it — the supervisor and finance see every clerk, anyone else the
//! station's figures and their own line (`domain::money::reports::sees_every_clerk`).

use super::App;
use crate::documents::money::report_xlsx::report_xlsx;
use crate::domain::money::reports::{BusinessReport, ReportPeriod, sees_every_clerk};
use crate::domain::people::{Month, Role};
use crate::ui::money::reports::ReportsCommand;

/// Chinese text of the report commands.
mod text {
    pub const FILE_NAME: &str = "{s}营业{k}-{p}.xlsx";
    pub const DAY: &str = "日报";
    pub const MONTH: &str = "月报";
    pub const SAVED: &str = "报表已导出：{p}";
}

impl App {
    /// Opens the report page on the period shown last, this month at first.
    pub(super) fn open_reports(&mut self) -> anyhow::Result<()> {
        let today = (self.clock)().date();
        let period = self
            .reports
            .period
            .unwrap_or(ReportPeriod::Month(Month::of(today)));
        self.handle_reports(ReportsCommand::Load(period))
    }

    /// The report of `period` as the person logged in may see it.
    fn visible_report(&self, period: ReportPeriod) -> anyhow::Result<BusinessReport> {
        let report = self.db.business_report(period)?;
        let role = self.user.as_ref().and_then(|u| Role::from_label(&u.role));
        Ok(if role.is_some_and(sees_every_clerk) {
            report
        } else {
            report.for_clerk(&self.user_id())
        })
    }

    pub(super) fn handle_reports(&mut self, command: ReportsCommand) -> anyhow::Result<()> {
        match command {
            ReportsCommand::Load(period) => {
                self.reports.report = Some(self.visible_report(period)?);
                self.reports.period = Some(period);
                self.reports.message = None;
            }
            ReportsCommand::Export(period) => {
                let report = self.visible_report(period)?;
                let station = self.view.settings.station_name.trim().to_owned();
                let bytes = report_xlsx(&report, &station)?;
                let kind = if period.is_month() {
                    text::MONTH
                } else {
                    text::DAY
                };
                let name = text::FILE_NAME
                    .replace("{s}", &station)
                    .replace("{k}", kind)
                    .replace("{p}", &period.label());
                let Some(path) = crate::app::dialogs::save_bytes(name, "XLSX", &["xlsx"], &bytes)?
                else {
                    return Ok(());
                };
                self.reports.message = Some((
                    true,
                    text::SAVED.replace("{p}", &path.display().to_string()),
                ));
            }
        }
        Ok(())
    }
}
