//! The 报价表 panel: the rate table as the supervisor sees it, editable in place, with
//! import from CSV/XLSX (replaces the whole table) and a check of every cell on save.

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::rates::{RateRow, RateTable};
use crate::domain::money::parse_decimal;
use crate::storage::revisions::Record;
use crate::ui::DeskCommand;
use crate::ui::widgets::{DestPickerState, ERROR_RED, dest_picker, field_label, table_titles};
use crate::ui::{Command, DeskView};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "报价表";
    pub const READ_ONLY: &str = "只读：报价表由主管修改";
    pub const NOTE: &str = "报价表由主管维护。运费 = max(重量×重货单价, 体积×轻货单价, 最低收费)。";
    pub const IMPORT: &str = "导入 CSV/XLSX…";
    pub const SAVE: &str = "保存报价表";
    pub const REVERT: &str = "放弃改动";
    pub const ADD: &str = "添加到站";
    pub const FILTER: &str = "筛选";
    pub const COLUMNS: [&str; 7] = [
        "到站",
        "起始重量kg",
        "重货单价(元/kg)",
        "轻货单价(元/方)",
        "最低收费",
        "送货费",
        "",
    ];
    pub const DELETE: &str = "删除";
    pub const EMPTY: &str = "报价表是空的：请导入报价表，或在下方添加到站";
    pub const UNSAVED: &str = "有未保存的改动";
    pub const ROW_ERROR: &str = "第 {row} 行（{dest}）「{col}」不是有效的非负数";
}

/// One row as edited: text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateEdit {
    /// Destination code.
    pub dest_code: String,
    /// Cells: start weight, heavy, light, minimum, delivery fee.
    pub cells: [String; 5],
}

/// Everything the panel keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct RatesState {
    /// The rows being edited.
    pub rows: Vec<RateEdit>,
    /// Whether the rows differ from the stored table.
    pub dirty: bool,
    /// Filter text (destination name or code).
    pub filter: String,
    /// Errors of the last save attempt.
    pub errors: Vec<String>,
    /// Message of the last import or save.
    pub message: Option<(bool, String)>,
    /// Picker for a new destination.
    pub add_dest: DestPickerState,
    /// Code chosen in the picker.
    pub add_code: String,
    /// The revision of the table loaded (`storage::revisions`), sent with the save.
    pub seen: Option<i64>,
}

impl RatesState {
    /// Loads the stored table at `revision` into the editor, dropping unsaved edits.
    pub fn load(&mut self, table: &RateTable, revision: i64) {
        self.seen = Some(revision);
        self.rows = table
            .rows()
            .iter()
            .map(|r| RateEdit {
                dest_code: r.dest_code.clone(),
                cells: [
                    r.from_weight_kg.normalize().to_string(),
                    r.heavy_yuan_per_kg.normalize().to_string(),
                    r.light_yuan_per_m3.normalize().to_string(),
                    r.minimum_yuan.normalize().to_string(),
                    r.delivery_fee_yuan.normalize().to_string(),
                ],
            })
            .collect();
        self.dirty = false;
        self.errors.clear();
    }

    /// Parses the edited rows, naming every bad cell.
    pub fn parse(&self) -> Result<Vec<RateRow>, Vec<String>> {
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        let divisions = Divisions::bundled();
        for (k, edit) in self.rows.iter().enumerate() {
            let dest = divisions
                .by_code(&edit.dest_code)
                .map_or(edit.dest_code.clone(), |d| d.name.clone());
            let mut values = [rust_decimal::Decimal::ZERO; 5];
            let mut ok = true;
            for (c, cell) in edit.cells.iter().enumerate() {
                if let Some(v) = parse_decimal(cell).filter(|v| !v.is_sign_negative()) {
                    values[c] = v;
                } else {
                    {
                        ok = false;
                        errors.push(
                            text::ROW_ERROR
                                .replace("{row}", &(k + 1).to_string())
                                .replace("{dest}", &dest)
                                .replace("{col}", text::COLUMNS[c + 1]),
                        );
                    }
                }
            }
            if ok {
                rows.push(RateRow {
                    dest_code: edit.dest_code.clone(),
                    from_weight_kg: values[0],
                    heavy_yuan_per_kg: values[1],
                    light_yuan_per_m3: values[2],
                    minimum_yuan: values[3],
                    delivery_fee_yuan: values[4],
                });
            }
        }
        if errors.is_empty()
            && let Err(e) = RateTable::new(rows.clone())
        {
            errors.push(e.to_string());
        }
        if errors.is_empty() {
            Ok(rows)
        } else {
            Err(errors)
        }
    }
}

/// Draws the rate table page; only the supervisor (`editable`) can change it.
pub fn rates_ui(
    ui: &mut Ui,
    state: &mut RatesState,
    view: &DeskView,
    editable: bool,
) -> Option<Command> {
    let mut command = None;
    // Unedited, the editor follows the stored table (another counter's save included).
    if !state.dirty
        && (state.rows.len() != view.rates.rows().len()
            || state.seen != Some(view.revisions.of(Record::Rates)))
    {
        state.load(&view.rates, view.revisions.of(Record::Rates));
    }
    let divisions = Divisions::bundled();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(text::TITLE);
        ui.label(RichText::new(text::NOTE).small().weak());
    });
    if !editable {
        ui.label(RichText::new(text::READ_ONLY).color(crate::ui::widgets::WARN_AMBER));
    }
    // Everyone filters; only the supervisor sees the editing tools (a clerk saw them
    // greyed out, and the filter with them: issue 19).
    ui.horizontal_wrapped(|ui| {
        let l = field_label(ui, text::FILTER, false);
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .desired_width(160.0)
                .hint_text("到站名称或代码"),
        )
        .labelled_by(l.id);
        if !editable {
            return;
        }
        ui.separator();
        if ui.button(text::IMPORT).clicked() {
            command = Some(Command::Desk(DeskCommand::ImportRates));
        }
        ui.separator();
        let l = field_label(ui, text::ADD, false);
        let priced = |_: &str| false;
        dest_picker(
            ui,
            &l,
            &mut state.add_dest,
            &mut state.add_code,
            &priced,
            220.0,
            None,
        );
        if !state.add_code.is_empty() {
            state.rows.push(RateEdit {
                dest_code: std::mem::take(&mut state.add_code),
                cells: [
                    "0".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "0".into(),
                ],
            });
            state.add_dest = DestPickerState::default();
            state.dirty = true;
        }
        ui.separator();
        if ui
            .add_enabled(
                state.dirty,
                egui::Button::new(RichText::new(text::SAVE).strong()),
            )
            .clicked()
        {
            match state.parse() {
                Ok(rows) => {
                    state.errors.clear();
                    command = Some(Command::Desk(DeskCommand::SaveRates {
                        rows,
                        seen: state.seen,
                    }));
                }
                Err(errors) => state.errors = errors,
            }
        }
        if ui
            .add_enabled(state.dirty, egui::Button::new(text::REVERT))
            .clicked()
        {
            state.load(&view.rates, view.revisions.of(Record::Rates));
        }
        if state.dirty {
            ui.label(RichText::new(text::UNSAVED).color(crate::ui::widgets::WARN_AMBER));
        }
    });
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    for e in state.errors.iter().take(20) {
        ui.label(RichText::new(e).color(ERROR_RED));
    }
    ui.separator();
    if state.rows.is_empty() {
        crate::ui::widgets::empty_notice(ui, text::EMPTY);
        return command;
    }
    let filter = state.filter.trim().to_owned();
    let visible: Vec<usize> = (0..state.rows.len())
        .filter(|&k| {
            filter.is_empty()
                || state.rows[k].dest_code.starts_with(&filter)
                || divisions
                    .by_code(&state.rows[k].dest_code)
                    .is_some_and(|d| d.full_name().contains(&filter))
        })
        .collect();
    let mut delete = None;
    let mut changed = false;
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::initial(230.0).clip(true))
        .columns(Column::initial(120.0), 5)
        .column(Column::remainder())
        .header(26.0, |mut header| {
            table_titles(&mut header, &text::COLUMNS);
        })
        .body(|body| {
            body.rows(30.0, visible.len(), |mut row| {
                let k = visible[row.index()];
                let edit = &mut state.rows[k];
                row.col(|ui| {
                    let name = divisions.by_code(&edit.dest_code).map_or_else(
                        || edit.dest_code.clone(),
                        |d| format!("{} {}", d.code, d.label()),
                    );
                    ui.label(name);
                });
                for (c, cell) in edit.cells.iter_mut().enumerate() {
                    row.col(|ui| {
                        // A clerk reads the prices: plain text, not boxes that look
                        // editable and are not (issue 19).
                        if !editable {
                            ui.label(cell.as_str());
                            return;
                        }
                        let r = ui.add(egui::TextEdit::singleline(cell).desired_width(100.0));
                        let name = format!("{} {}", edit.dest_code, text::COLUMNS[c + 1]);
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name)
                        });
                        changed |= r.changed();
                    });
                }
                row.col(|ui| {
                    if editable && ui.small_button(text::DELETE).clicked() {
                        delete = Some(k);
                    }
                });
            });
        });
    if let Some(k) = delete {
        state.rows.remove(k);
        changed = true;
    }
    state.dirty |= changed;
    command
}
