//! The 复秤 section of the registers tab: weigh and measure a waybill's goods again, and
//! its earlier re-weighs. More than 10% off the waybill is a P9 for the issuing clerk in
//! the month's review (`domain::desk::reweigh`).

use super::{DispatchCommand, DispatchState};
use crate::domain::desk::reweigh::beyond_tolerance;
use crate::ui::widgets::{ERROR_RED, field_label, section, text_field};
use egui::{RichText, Ui};

/// Chinese text of this section.
mod text {
    pub const TITLE: &str = "复秤";
    pub const NOTE: &str = "重量或体积与开单相差超过 10% 的，计开单员 P9，少收的运费记为应扣费用（按发货方申报的除外）";
    pub const WEIGHT: &str = "实测重量(kg)";
    pub const VOLUME: &str = "实测体积(m³)";
    pub const REMARK: &str = "复秤备注";
    pub const SAVE: &str = "登记复秤";
    pub const LINE: &str = "{t} {b} 复秤 {w} kg / {v} m³ {n}";
    pub const OFF: &str = "（超出 10%）";
}

/// The section for the open waybill `number`, whose weight and volume are `written`.
pub(super) fn reweigh_form(
    ui: &mut Ui,
    state: &mut DispatchState,
    number: &str,
    written: (rust_decimal::Decimal, rust_decimal::Decimal),
) -> Option<DispatchCommand> {
    let mut command = None;
    section(ui, text::TITLE);
    ui.label(RichText::new(text::NOTE).small().weak());
    egui::Grid::new("reweigh_form")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, value) in [
                (text::WEIGHT, &mut state.reweigh.weight),
                (text::VOLUME, &mut state.reweigh.volume),
                (text::REMARK, &mut state.reweigh.note),
            ] {
                let l = field_label(ui, label, false);
                text_field(ui, &l, value, 160.0, "", None);
                ui.end_row();
            }
        });
    if ui.button(text::SAVE).clicked() {
        match state.reweigh.validate() {
            Ok(reweigh) => {
                state.register_error = None;
                command = Some(DispatchCommand::Reweigh {
                    number: number.to_owned(),
                    reweigh,
                });
            }
            Err(e) => state.register_error = Some(e),
        }
    }
    for r in &state.reweighs {
        let off =
            beyond_tolerance(written.0, r.weight_kg) || beyond_tolerance(written.1, r.volume_m3);
        let line = text::LINE
            .replace("{t}", &r.at.format("%m-%d %H:%M").to_string())
            .replace("{b}", &r.by)
            .replace("{w}", &r.weight_kg.normalize().to_string())
            .replace("{v}", &r.volume_m3.normalize().to_string())
            .replace("{n}", &r.note);
        if off {
            ui.label(RichText::new(format!("{line}{}", text::OFF)).color(ERROR_RED));
        } else {
            ui.label(line);
        }
    }
    command
}
