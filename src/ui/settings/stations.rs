//! The 站点 section of 设置, for the company's supervisor (总部): the stations sharing the
//! database, and a form to add one or change one (click its code to load it).

use super::SettingsCommand;
use super::SettingsState;
use crate::domain::stations::{Scope, Station};
use crate::storage::revisions::Record;
use crate::ui::widgets::{field_label, grid_titles, section};
use crate::ui::{Command, DeskView};
use egui::{RichText, Ui};

/// Chinese text of this section.
mod text {
    pub const STATIONS: &str = "站点（共用本数据库的各站）";
    pub const NOTE: &str = "每个站点只看、只改本站的库存、收款和员工；总部的主管和财务看全部站点。\
        代码是该站单号的开头；本站区县决定哪些车到本站核对。本站的名称、电话和单号前缀也可在上面「本站」里改。";
    pub const COLUMNS: [&str; 4] = ["代码", "名称", "电话", "本站区县"];
    pub const CODE: &str = "站点代码";
    pub const NAME: &str = "站点名称";
    pub const PHONE: &str = "站点电话";
    pub const COUNTIES: &str = "站点区县";
    pub const SAVE: &str = "保存站点";
    pub const NEW: &str = "新站点";
    pub const EDITING: &str = "正在修改：{s}";
    pub const ADDING: &str = "添加新站点";
    pub const COMPANY: &str = "总部（全公司）";
}

/// The station form as typed; `id` 0 for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StationForm {
    /// The station changed, or 0 for a new one.
    pub id: i64,
    /// 代码 as typed.
    pub code: String,
    /// 名称 as typed.
    pub name: String,
    /// 电话 as typed.
    pub phone: String,
    /// 本站区县 as typed.
    pub counties: String,
    /// The revision the station was opened at.
    pub seen: Option<i64>,
}

impl StationForm {
    fn open(station: &Station, view: &DeskView) -> Self {
        Self {
            id: station.id,
            code: station.code.clone(),
            name: station.name.clone(),
            phone: station.phone.clone(),
            counties: station.counties_text(),
            seen: Some(view.revisions.of(Record::Station(station.id))),
        }
    }

    fn station(&self) -> Station {
        Station {
            id: self.id,
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            counties: Station::parse_counties(&self.counties),
        }
    }
}

/// The section; drawn only for the company's own staff.
pub(super) fn stations_ui(
    ui: &mut Ui,
    state: &mut SettingsState,
    view: &DeskView,
) -> Option<Command> {
    if view.scope != Scope::Company {
        return None;
    }
    let mut command = None;
    section(ui, text::STATIONS);
    ui.label(RichText::new(text::NOTE).small().weak());
    egui::Grid::new("stations")
        .num_columns(4)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            grid_titles(ui, &text::COLUMNS);
            for station in &view.stations {
                if ui.link(RichText::new(&station.code).monospace()).clicked() {
                    state.station = StationForm::open(station, view);
                }
                ui.label(&station.name);
                ui.label(&station.phone);
                ui.label(station.counties_text());
                ui.end_row();
            }
        });
    let form = &mut state.station;
    ui.label(if form.id == 0 {
        text::ADDING.to_owned()
    } else {
        text::EDITING.replace("{s}", &form.name)
    });
    ui.horizontal_wrapped(|ui| {
        for (label, value, width) in [
            (text::CODE, &mut form.code, 50.0),
            (text::NAME, &mut form.name, 120.0),
            (text::PHONE, &mut form.phone, 110.0),
            (text::COUNTIES, &mut form.counties, 200.0),
        ] {
            let l = field_label(ui, label, false);
            ui.add(egui::TextEdit::singleline(value).desired_width(width))
                .labelled_by(l.id);
        }
        if ui.button(text::SAVE).clicked() {
            command = Some(Command::Settings(SettingsCommand::SaveStation {
                station: form.station(),
                seen: form.seen,
            }));
        }
        if ui.button(text::NEW).clicked() {
            *form = StationForm::default();
        }
    });
    command
}

/// Where a member of staff works, as the staff form offers it: a station, or the company
/// (the last choice). Shown to the company's own staff only, where they can move people.
pub(super) fn post_choice(ui: &mut Ui, post: &mut Scope, view: &DeskView) {
    let label = |scope: Scope| match scope {
        Scope::Company => text::COMPANY.to_owned(),
        Scope::Station(id) => view
            .stations
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), Station::label),
    };
    let l = ui.label(super::text::STAFF_POST);
    egui::ComboBox::from_id_salt("staff_post")
        .selected_text(label(*post))
        .show_ui(ui, |ui| {
            for station in &view.stations {
                let scope = Scope::Station(station.id);
                ui.selectable_value(post, scope, label(scope));
            }
            ui.selectable_value(post, Scope::Company, label(Scope::Company));
        })
        .response
        .labelled_by(l.id);
}

/// A person's station as the staff list shows it.
pub(super) fn post_label(post: Option<&Scope>, view: &DeskView) -> String {
    match post {
        Some(Scope::Company) => text::COMPANY.to_owned(),
        Some(Scope::Station(id)) => view
            .stations
            .iter()
            .find(|s| s.id == *id)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        None => String::new(),
    }
}
