//! Printing from the window: a waybill, a run of labels, to the printer or saved as a PDF
//! the clerk chooses.

use super::App;
use super::text;
use crate::documents::desk::labels::labels_pdf;
use crate::documents::desk::waybill_pdf::waybill_pdf;
use crate::print::{PrintError, print_or_open, temp_pdf};

impl App {
    pub(super) fn print_waybill(&mut self, number: &str) -> anyhow::Result<()> {
        let issued = self.db.waybill(number)?;
        // The claim multiple and storage fee in force now, as the rules would apply them.
        let figures = self.db.term_figures()?;
        let bytes = waybill_pdf(&issued, &self.view.settings, &self.view.print, &figures)?;
        let printer = self.view.print.waybill_printer.clone();
        let title = text::WAYBILL_DOC.replace("{n}", number);
        self.send_to_printer(&format!("{number}-waybill"), &bytes, &printer, &title)
    }

    pub(super) fn print_labels(&mut self, number: &str, from: u32, to: u32) -> anyhow::Result<()> {
        let issued = self.db.waybill(number)?;
        if issued.status == crate::domain::desk::waybill::WaybillStatus::Void {
            anyhow::bail!(text::LABELS_VOID);
        }
        let bytes = labels_pdf(&issued, &self.view.settings, &self.view.print, from..=to)?;
        let user = self.user_id();
        self.db
            .record_label_print(number, from..=to, &user, (self.clock)())?;
        let printer = self.view.print.label_printer.clone();
        let title = text::LABELS_DOC
            .replace("{n}", number)
            .replace("{a}", &from.to_string())
            .replace("{b}", &to.to_string());
        self.send_to_printer(
            &format!("{number}-labels-{from}-{to}"),
            &bytes,
            &printer,
            &title,
        )
    }

    pub(super) fn send_to_printer(
        &mut self,
        name: &str,
        bytes: &[u8],
        printer: &str,
        title: &str,
    ) -> anyhow::Result<()> {
        let path = temp_pdf(name, bytes)?;
        match print_or_open(self.printing.as_ref(), &path, printer, title) {
            Ok(message) => self.status = Some((true, message)),
            Err(PrintError::NoPrinter) => {
                self.status = Some((false, PrintError::NoPrinter.to_string()));
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    pub(super) fn save_pdf(
        &mut self,
        number: &str,
        labels: Option<(u32, u32)>,
    ) -> anyhow::Result<()> {
        let issued = self.db.waybill(number)?;
        let (bytes, name) = match labels {
            None => (
                waybill_pdf(
                    &issued,
                    &self.view.settings,
                    &self.view.print,
                    &self.db.term_figures()?,
                )?,
                format!("{number}-运单.pdf"),
            ),
            Some((from, to)) => (
                labels_pdf(&issued, &self.view.settings, &self.view.print, from..=to)?,
                format!("{number}-货签-{from}-{to}.pdf"),
            ),
        };
        let Some(path) = crate::app::dialogs::save_bytes(name, "PDF", &["pdf"], &bytes)? else {
            return Ok(());
        };
        if let Some((from, to)) = labels {
            let user = self.user_id();
            self.db
                .record_label_print(number, from..=to, &user, (self.clock)())?;
        }
        self.status = Some((
            true,
            text::SAVED_PDF.replace("{p}", &path.display().to_string()),
        ));
        Ok(())
    }
}
