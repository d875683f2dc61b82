//! The 打印 section of 设置: printers per document, paper and label sizes, copies, and the
//! claim terms printed on the waybill.

use super::SettingsCommand;
use super::{SettingsState, text};
use crate::domain::dispatch::pickup::storage_fee::StorageTerms;
use crate::domain::money::parse_decimal;
use crate::domain::service::claims::ClaimSettings;
use crate::domain::settings::{
    DEFAULT_TERMS, LabelSize, PrintSettings, TermFigures, WaybillPaper, conflicting_multiples,
    multiple_in_words,
};
use crate::ui::widgets::{WARN_AMBER, choice, field_label, grid_field, section, text_field};
use crate::ui::{Command, DeskView};
use egui::{RichText, Ui};

fn printer_combo(ui: &mut Ui, label: &str, id: &str, value: &mut String, printers: &[String]) {
    let l = field_label(ui, label, false);
    let shown = if value.is_empty() {
        text::DEFAULT_PRINTER.to_owned()
    } else {
        value.clone()
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, String::new(), text::DEFAULT_PRINTER);
            for p in printers {
                ui.selectable_value(value, p.clone(), p);
            }
        })
        .response
        .labelled_by(l.id);
}

pub(super) fn print_settings_ui(
    ui: &mut Ui,
    state: &mut SettingsState,
    view: &DeskView,
) -> Option<Command> {
    let mut command = None;
    let Some(print) = &mut state.print else {
        return None;
    };
    section(ui, text::PRINT);
    egui::Grid::new("print")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::PAPER, false);
            choice(
                ui,
                &l,
                &mut print.paper,
                &WaybillPaper::ALL,
                WaybillPaper::label,
            );
            ui.end_row();
            grid_field(ui, text::COPIES, false, &mut state.copies, "");
            ui.label("");
            ui.checkbox(&mut print.overlay, text::OVERLAY);
            ui.end_row();
            let l = field_label(ui, text::OFFSET_X, false);
            ui.add(egui::TextEdit::singleline(&mut state.offset_x).desired_width(80.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, text::OFFSET_Y, false);
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut state.offset_y).desired_width(80.0))
                    .labelled_by(l.id);
                if ui.button(text::OVERLAY_TEST).clicked() {
                    command = Some(Command::Settings(SettingsCommand::OverlayTestPrint));
                }
            });
            ui.end_row();
            let l = field_label(ui, text::LABEL_SIZE, false);
            choice(
                ui,
                &l,
                &mut print.label_size,
                &LabelSize::ALL,
                LabelSize::label,
            );
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut print.label_qr, text::LABEL_QR);
            ui.end_row();
            printer_combo(
                ui,
                text::WAYBILL_PRINTER,
                "waybill_printer",
                &mut print.waybill_printer,
                &view.printers,
            );
            ui.end_row();
            printer_combo(
                ui,
                text::LABEL_PRINTER,
                "label_printer",
                &mut print.label_printer,
                &view.printers,
            );
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                if ui.button(text::REFRESH).clicked() {
                    command = Some(Command::Settings(SettingsCommand::RefreshPrinters));
                }
                if view.printers.is_empty() {
                    ui.label(RichText::new(text::NO_PRINTERS).small().weak());
                }
            });
            ui.end_row();
            let l = field_label(ui, text::TERMS, false);
            ui.vertical(|ui| {
                // The note wraps under the box: on one line it widened the whole page
                // past a 1024-pixel screen and pushed 恢复默认条款 out of sight.
                ui.set_max_width(600.0);
                ui.add(
                    egui::TextEdit::multiline(&mut print.terms)
                        .desired_width(600.0)
                        .desired_rows(3),
                )
                .labelled_by(l.id);
                ui.label(RichText::new(text::TERMS_NOTE).small().weak());
                if ui.small_button(text::TERMS_DEFAULT).clicked() {
                    DEFAULT_TERMS.clone_into(&mut print.terms);
                }
            });
            ui.end_row();
            if let Some(c) = claim_terms_rows(
                ui,
                print,
                &mut state.claim_multiple,
                state.claims.as_ref(),
                state.claims_seen,
                &state.storage_terms,
            ) {
                match c {
                    Ok(c) => command = Some(c),
                    Err(e) => state.message = Some((false, e)),
                }
            }
        });
    if ui.button(text::PRINT_SAVE).clicked() {
        let copies: Vec<String> = state
            .copies
            .split([' ', '，', ',', '、', '/'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        match (
            parse_decimal(&state.offset_x),
            parse_decimal(&state.offset_y),
        ) {
            // An offset beyond 50 mm is a typo: the calibration page measures a few mm.
            (Some(x), Some(y))
                if !copies.is_empty()
                    && x.abs() <= rust_decimal::Decimal::from(50)
                    && y.abs() <= rust_decimal::Decimal::from(50) =>
            {
                let mut saved = print.clone();
                saved.copies = copies;
                saved.offset_x_mm = x;
                saved.offset_y_mm = y;
                command = Some(Command::Settings(SettingsCommand::SavePrint {
                    print: saved,
                    seen: state.print_seen,
                }));
            }
            _ => state.message = Some((false, text::BAD_PRINT.to_owned())),
        }
    }
    command
}

/// The rows under the terms: the claim multiple (edited here or on the dispatch page, one
/// setting), the terms as they will print with it and the storage fee in force, and a
/// warning in amber where the terms write out another multiple or a storage fee of their
/// own. Returns the save command, or the message for a bad multiple.
fn claim_terms_rows(
    ui: &mut Ui,
    print: &PrintSettings,
    typed: &mut String,
    in_force: Option<&ClaimSettings>,
    seen: Option<i64>,
    storage: &StorageTerms,
) -> Option<Result<Command, String>> {
    let mut outcome = None;
    let in_force = in_force.cloned().unwrap_or_default();
    // The preview follows the multiple as typed, once it is one.
    let shown = ClaimSettings::from_typed_multiple(typed).unwrap_or_else(|| in_force.clone());
    let words = multiple_in_words(shown.freight_multiple);
    let l = field_label(ui, text::CLAIM_MULTIPLE, false);
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            text_field(ui, &l, typed, 80.0, "3", None);
            if ui.button(text::CLAIM_MULTIPLE_SAVE).clicked() {
                outcome = Some(
                    ClaimSettings::from_typed_multiple(typed)
                        .map(|claims| {
                            Command::Settings(SettingsCommand::SaveClaims { claims, seen })
                        })
                        .ok_or_else(|| text::BAD_CLAIM_MULTIPLE.to_owned()),
                );
            }
            ui.label(text::IN_FORCE.replace("{m}", &multiple_in_words(in_force.freight_multiple)));
            if shown != in_force {
                ui.label(RichText::new(text::UNSAVED.replace("{m}", &words)).color(WARN_AMBER));
            }
        });
        ui.set_max_width(600.0);
        ui.label(RichText::new(text::CLAIM_MULTIPLE_NOTE).small().weak());
    });
    ui.end_row();
    field_label(ui, text::PREVIEW, false);
    ui.vertical(|ui| {
        ui.set_max_width(600.0);
        ui.label(print.printed_terms(&TermFigures {
            claims: shown.clone(),
            storage: *storage,
        }));
        if print.storage_fee_written_out() {
            ui.label(
                RichText::new(text::STORAGE_WRITTEN_OUT.replace("{s}", &storage.printed()))
                    .color(WARN_AMBER),
            );
        }
        for written in conflicting_multiples(&print.terms, shown.freight_multiple) {
            ui.label(
                RichText::new(
                    text::CONFLICT
                        .replace("{w}", &written)
                        .replace("{m}", &words),
                )
                .color(WARN_AMBER),
            );
        }
    });
    ui.end_row();
    outcome
}
