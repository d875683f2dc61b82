//! The 异常跟进 tab (issue 18 item 3): every open exception (延误, 破损, 丢失, 拒收, a
//! failed delivery, pieces missing at arrival) oldest first with its age, owner, when the
//! customer was told and the next step — red when the customer is still not told a day
//! later; the chosen case's history and the form for its next step (指派, 告知客户, 下一步,
//! 发货方决定 with the return waybill, 结案).

use super::super::widgets::{
    ERROR_RED, OK_GREEN, WARN_AMBER, choice, field_label, section, text_field,
};
use super::super::{Command, DeskView};
use super::ServiceCommand;
use crate::domain::service::cases::{Case, CaseKind, Decision, StepDraft, StepKind};
use chrono::NaiveDateTime;
use egui::{RichText, Ui};

/// Chinese text of this tab.
mod text {
    pub const LIST: &str = "异常跟进（最早的在前）";
    pub const WITH_CLOSED: &str = "显示近 30 天已结案";
    pub const NONE: &str = "没有未结案的异常";
    pub const AGE: &str = "{d} 天";
    pub const OWNER: &str = "负责人 {o}";
    pub const TOLD: &str = "{t} 已告知客户";
    pub const UNTOLD: &str = "未告知客户";
    pub const NEXT: &str = "下一步：{n}";
    pub const CLOSED: &str = "已结案";
    pub const DETAIL: &str = "{k}｜运单 {n}｜{s} {t} {b} 登记";
    pub const HISTORY_NONE: &str = "还没有处理记录";
    pub const STEP: &str = "处理";
    pub const OWNER_FIELD: &str = "负责人";
    pub const TEXT_TOLD: &str = "怎么告知的、告知了什么";
    pub const TEXT_NEXT: &str = "下一步做什么";
    pub const TEXT_DECISION: &str = "拒收原因、发货方意见";
    pub const TEXT_CLOSE: &str = "结案结果";
    pub const DECISION: &str = "发货方决定";
    pub const RETURN_NUMBER: &str = "退货运单号";
    pub const SAVE: &str = "保存处理记录";
}

/// Everything the tab keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct CasesState {
    /// The cases listed.
    pub cases: Vec<Case>,
    /// Show recently closed ones too.
    pub with_closed: bool,
    /// The key of the case open below the list.
    pub selected: Option<String>,
    /// The step form as typed.
    pub draft: StepDraft,
    /// What was wrong with the last attempt, until the next.
    pub problem: Option<String>,
}

/// Draws the tab.
pub fn cases_ui(
    ui: &mut Ui,
    state: &mut CasesState,
    view: &DeskView,
    now: NaiveDateTime,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        section(ui, text::LIST);
        if ui
            .checkbox(&mut state.with_closed, text::WITH_CLOSED)
            .changed()
        {
            command = Some(Command::Service(ServiceCommand::ListCases(
                state.with_closed,
            )));
        }
    });
    if state.cases.is_empty() {
        ui.label(RichText::new(text::NONE).weak());
    }
    let name_of = |id: &str| {
        view.staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_owned(), crate::storage::staff::StaffMember::label)
    };
    let mut picked = None;
    egui::ScrollArea::vertical()
        .id_salt("cases_list")
        .max_height(260.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for case in &state.cases {
                let key = case.key();
                let chosen = state.selected.as_deref() == Some(key.as_str());
                ui.horizontal_wrapped(|ui| {
                    let age =
                        RichText::new(text::AGE.replace("{d}", &case.age_days(now).to_string()))
                            .strong();
                    let red = case.untold_too_long(now);
                    if ui
                        .selectable_label(chosen, if red { age.color(ERROR_RED) } else { age })
                        .clicked()
                    {
                        picked = Some(key.clone());
                    }
                    ui.label(RichText::new(case.kind.label()).strong());
                    ui.label(RichText::new(&case.waybill_number).monospace());
                    let what: String = case.what.chars().take(24).collect();
                    let more = if case.what.chars().count() > 24 {
                        "…"
                    } else {
                        ""
                    };
                    ui.label(RichText::new(format!("{what}{more}")).weak())
                        .on_hover_text(&case.what);
                    ui.label(text::OWNER.replace("{o}", &name_of(case.owner())));
                    match case.told_at() {
                        Some(at) => ui.label(
                            text::TOLD.replace("{t}", &at.format("%m-%d %H:%M").to_string()),
                        ),
                        None => ui.label(RichText::new(text::UNTOLD).color(if red {
                            ERROR_RED
                        } else {
                            WARN_AMBER
                        })),
                    };
                    if let Some(next) = case.next_step() {
                        ui.label(text::NEXT.replace("{n}", next));
                    }
                    if case.closed().is_some() {
                        ui.label(RichText::new(text::CLOSED).color(OK_GREEN));
                    }
                });
            }
        });
    if let Some(key) = picked {
        state.selected = Some(key);
        state.draft = StepDraft::default();
        state.problem = None;
    }
    ui.separator();
    if let Some(c) = detail_ui(ui, state, view, &name_of) {
        command = Some(c);
    }
    command
}

fn detail_ui(
    ui: &mut Ui,
    state: &mut CasesState,
    view: &DeskView,
    name_of: &dyn Fn(&str) -> String,
) -> Option<Command> {
    let key = state.selected.clone()?;
    let case = state.cases.iter().find(|c| c.key() == key)?;
    ui.label(
        RichText::new(
            text::DETAIL
                .replace("{k}", case.kind.label())
                .replace("{n}", &case.waybill_number)
                .replace("{s}", case.source.label())
                .replace("{t}", &case.opened_at.format("%m-%d %H:%M").to_string())
                .replace("{b}", &name_of(&case.opened_by)),
        )
        .strong(),
    );
    ui.label(&case.what);
    if case.steps.is_empty() {
        ui.label(RichText::new(text::HISTORY_NONE).weak());
    }
    for s in &case.steps {
        ui.label(format!(
            "{} {}：{}",
            s.at.format("%m-%d %H:%M"),
            name_of(&s.by),
            s.step.describe()
        ));
    }
    if case.closed().is_some() {
        return None;
    }
    let refusal = case.kind == CaseKind::Refusal;
    let kinds: Vec<StepKind> = StepKind::ALL
        .into_iter()
        .filter(|k| refusal || *k != StepKind::Decision)
        .collect();
    ui.add_space(4.0);
    let d = &mut state.draft;
    egui::Grid::new("case_step_form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::STEP, true);
            choice(ui, &l, &mut d.kind, &kinds, StepKind::label);
            ui.end_row();
            match d.kind {
                StepKind::Assign => {
                    let l = field_label(ui, text::OWNER_FIELD, true);
                    let combo = egui::ComboBox::from_id_salt("case_owner")
                        .selected_text(if d.owner.is_empty() {
                            String::new()
                        } else {
                            name_of(&d.owner)
                        })
                        .show_ui(ui, |ui| {
                            for member in &view.staff {
                                ui.selectable_value(
                                    &mut d.owner,
                                    member.id.clone(),
                                    member.label(),
                                );
                            }
                        });
                    combo.response.labelled_by(l.id);
                    ui.end_row();
                }
                kind => {
                    if kind == StepKind::Decision {
                        let l = field_label(ui, text::DECISION, true);
                        choice(ui, &l, &mut d.decision, &Decision::ALL, Decision::label);
                        ui.end_row();
                    }
                    let label = match kind {
                        StepKind::Told => text::TEXT_TOLD,
                        StepKind::Next => text::TEXT_NEXT,
                        StepKind::Decision => text::TEXT_DECISION,
                        _ => text::TEXT_CLOSE,
                    };
                    let l = field_label(ui, label, true);
                    text_field(ui, &l, &mut d.text, 460.0, "", None);
                    ui.end_row();
                    if kind == StepKind::Decision && d.decision == Decision::Return {
                        let l = field_label(ui, text::RETURN_NUMBER, false);
                        text_field(
                            ui,
                            &l,
                            &mut d.return_number,
                            200.0,
                            "开出退货运单后填写",
                            None,
                        );
                        ui.end_row();
                    }
                }
            }
        });
    let mut command = None;
    ui.horizontal(|ui| {
        if ui.button(text::SAVE).clicked() {
            match state.draft.validate().and_then(|step| {
                case.check_step(&step)?;
                Ok(step)
            }) {
                Ok(step) => {
                    state.problem = None;
                    command = Some(Command::Service(ServiceCommand::AddCaseStep {
                        key: key.clone(),
                        step,
                    }));
                }
                Err(m) => state.problem = Some(m),
            }
        }
        if let Some(p) = &state.problem {
            ui.label(RichText::new(p).color(ERROR_RED));
        }
    });
    command
}
