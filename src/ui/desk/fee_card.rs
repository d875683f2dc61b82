//! The fee card beside the waybill form: the live fees, the usual consignees of the
//! shipper, the remarks the rules add, and the save and print buttons.

use super::form_state::{FormMode, FormState};
use crate::domain::desk::rates::quote;
use crate::domain::desk::waybill::{FieldError, Waybill};
use crate::domain::money::{format_yuan, parse_decimal};
use crate::ui::DeskCommand;
use crate::ui::shortcuts::{Action, with_keys};
use crate::ui::widgets::{
    ERROR_RED, REFUSED_FILL, WARN_AMBER, figure, notice_panel, supervisor_panel,
};
use crate::ui::{Command, DeskView};
use egui::{RichText, Ui};

/// Chinese text of this part.
mod text {
    pub const USUAL_CONSIGNEES: &str = "常用收货方（Ctrl+数字）";
    pub const FEE_CARD: &str = "费用";
    pub const RATE_FREIGHT: &str = "报价表运费";
    pub const CHARGED: &str = "实收运费";
    pub const PREMIUM: &str = "保价费";
    pub const DELIVERY_FEE: &str = "送货费";
    pub const TOTAL: &str = "合计";
    pub const NO_RATE: &str = "报价表无此到站价格";
    pub const SHORT: &str = "短收";
    pub const REMARKS: &str = "自动备注";
    pub const COD: &str = "代收货款";
    pub const COD_FEE: &str = "代收手续费";
    pub const COD_BACK: &str = "应返发货方";
    pub const COD_NOTE: &str = "到站须先收齐代收货款才能放货；货款不是运费收入";
    pub const SAVE: &str = "保存并开下一张";
    pub const SAVE_PRINT: &str = "保存并打印运单和货签";
    pub const SAVE_ALTER: &str = "保存修改";
    pub const NEW: &str = "清空";
    pub const CANCEL_ALTER: &str = "放弃修改";
    pub const REFUSE: &str = "登记拒收";
    pub const REFUSED_TITLE: &str = "不予托运";
    pub const NO_CLERK: &str = "请先选择开单员";
    pub const FIX_ERRORS: &str = "有 {n} 处需要修改，见红字";
    pub const OFF_DUTY: &str = "不在当班时间，不能开单";
    pub const OVERRIDE: &str = "主管授权开单（记录在案）";
    pub const OVERRIDE_ID: &str = "主管工号";
    pub const OVERRIDE_PASSWORD: &str = "主管密码";
    pub const OVERRIDE_REASON: &str = "授权原因";
    pub const OVERRIDE_GO: &str = "授权并保存";
}

/// The card on the right: live fees, remarks the rules add, and the save buttons.
pub(super) fn fee_card_ui(
    ui: &mut Ui,
    state: &mut FormState,
    view: &DeskView,
    validation: &Result<Waybill, Vec<FieldError>>,
    refusal: Option<&str>,
    (save_pressed, print_pressed): (bool, bool),
) -> (Option<Command>, bool) {
    let mut command = None;
    if !state.usual_consignees.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new(text::USUAL_CONSIGNEES).strong());
        let mut chosen = None;
        for (k, c) in state.usual_consignees.iter().enumerate() {
            let line = format!("{} {}｜{}（{}票）", k + 1, c.name, c.dest_name, c.count);
            let selected = state.draft.consignee_phone == c.phone;
            if ui
                .add(egui::Button::selectable(selected, RichText::new(line).small()).truncate())
                .clicked()
            {
                chosen = Some(c.clone());
            }
        }
        if let Some(c) = chosen {
            state.use_consignee(&c);
        }
        ui.separator();
    }
    ui.add_space(6.0);
    ui.heading(text::FEE_CARD);
    ui.separator();
    let draft = &state.draft;
    let weight = parse_decimal(&draft.weight_kg).filter(rust_decimal::Decimal::is_sign_positive);
    let volume = parse_decimal(&draft.volume_m3).filter(rust_decimal::Decimal::is_sign_positive);
    let declared = parse_decimal(&draft.declared_value);
    let preview = match (weight, volume) {
        (Some(w), Some(v)) if !draft.dest_code.is_empty() => Some(quote(
            &view.rates,
            view.fees(),
            &draft.dest_code,
            w,
            v,
            declared,
            draft.delivery.is_delivery(),
        )),
        _ => None,
    };
    match &preview {
        Some(Ok(q)) => figure(
            ui,
            text::RATE_FREIGHT,
            &format!("¥{}", format_yuan(q.freight_yuan)),
            false,
        ),
        Some(Err(crate::domain::desk::rates::QuoteError::OutOfRange(message))) => {
            ui.label(RichText::new(message).color(WARN_AMBER));
        }
        Some(Err(_)) => {
            ui.label(RichText::new(text::NO_RATE).color(WARN_AMBER));
        }
        None => figure(ui, text::RATE_FREIGHT, "—", false),
    }
    match validation {
        Ok(w) => {
            figure(
                ui,
                text::CHARGED,
                &format!("¥{}", format_yuan(w.freight_yuan)),
                false,
            );
            figure(
                ui,
                text::PREMIUM,
                &format!("¥{}", format_yuan(w.premium_yuan)),
                false,
            );
            figure(
                ui,
                text::DELIVERY_FEE,
                &format!("¥{}", format_yuan(w.delivery_fee_yuan)),
                false,
            );
            ui.separator();
            figure(
                ui,
                text::TOTAL,
                &format!("¥{}", format_yuan(w.total_yuan)),
                true,
            );
            ui.label(RichText::new(crate::domain::money::capital_yuan(w.total_yuan)).small());
            if w.collects_cod() {
                ui.separator();
                figure(
                    ui,
                    text::COD,
                    &format!("¥{}", format_yuan(w.cod_yuan)),
                    true,
                );
                figure(
                    ui,
                    text::COD_FEE,
                    &format!(
                        "¥{}（{}）",
                        format_yuan(w.cod_fee_yuan),
                        w.cod_fee_payer.label()
                    ),
                    false,
                );
                figure(
                    ui,
                    text::COD_BACK,
                    &format!("¥{}", format_yuan(w.cod_payback_yuan())),
                    false,
                );
                ui.label(RichText::new(text::COD_NOTE).small().color(WARN_AMBER));
            }
            if let Some(short) = w.short_charge_yuan() {
                ui.label(
                    RichText::new(format!(
                        "{} ¥{}：低于报价表，将记为短收",
                        text::SHORT,
                        format_yuan(short)
                    ))
                    .color(WARN_AMBER)
                    .strong(),
                );
            }
            let remarks = w.rule_remarks();
            if !remarks.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(text::REMARKS).strong());
                for r in remarks {
                    ui.label(format!("· {r}"));
                }
            }
        }
        Err(list) => {
            if let Some(Ok(q)) = &preview {
                figure(
                    ui,
                    text::PREMIUM,
                    &format!("¥{}", format_yuan(q.premium_yuan)),
                    false,
                );
                figure(
                    ui,
                    text::DELIVERY_FEE,
                    &format!("¥{}", format_yuan(q.delivery_fee_yuan)),
                    false,
                );
                ui.separator();
                figure(
                    ui,
                    text::TOTAL,
                    &format!("¥{}", format_yuan(q.total_yuan)),
                    true,
                );
            } else {
                ui.separator();
                figure(ui, text::TOTAL, "—", true);
            }
            if state.show_errors {
                ui.label(
                    RichText::new(text::FIX_ERRORS.replace("{n}", &list.len().to_string()))
                        .color(ERROR_RED),
                );
            }
        }
    }

    if let Some(reason) = refusal {
        notice_panel(ui, REFUSED_FILL, text::REFUSED_TITLE, |ui| {
            ui.label(reason);
            if state.mode == FormMode::New && ui.button(text::REFUSE).clicked() {
                if state.clerk_id.is_empty() {
                    state.show_errors = true;
                } else {
                    command = Some(Command::Desk(DeskCommand::RecordRefusal {
                        draft: Box::new(state.draft.clone()),
                        reason: reason.to_owned(),
                        clerk_id: state.clerk_id.clone(),
                    }));
                }
            }
        });
    }

    let mut override_asked = false;
    if let Some(off) = &mut state.off_duty {
        let why = off.reason.clone();
        supervisor_panel(ui, text::OFF_DUTY, &why, |ui| {
            ui.label(RichText::new(text::OVERRIDE).strong());
            // By keyboard: the panel takes the focus when it appears; Enter goes
            // from 工号 to 密码 to 原因, and on 原因 authorises and saves.
            let mut ids = Vec::new();
            let mut entered = None;
            for (k, (label, value, password)) in [
                (text::OVERRIDE_ID, &mut off.supervisor_id, false),
                (text::OVERRIDE_PASSWORD, &mut off.password, true),
                (text::OVERRIDE_REASON, &mut off.override_reason, false),
            ]
            .into_iter()
            .enumerate()
            {
                let l = ui.label(label);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .password(password)
                            .desired_width(280.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    entered = Some(k);
                }
                ids.push(r.id);
            }
            if !off.focused {
                off.focused = true;
                ui.memory_mut(|m| m.request_focus(ids[0]));
            }
            if let Some(k) = off.focus_next.take() {
                ui.memory_mut(|m| m.request_focus(ids[k]));
            }
            let go = ui.button(text::OVERRIDE_GO).clicked();
            match entered {
                Some(k) if k + 1 < ids.len() => {
                    ui.memory_mut(|m| m.request_focus(ids[k + 1]));
                }
                Some(_) => override_asked = true,
                None => {}
            }
            override_asked |= go || save_pressed || print_pressed;
            if override_asked {
                let empty = [&off.supervisor_id, &off.password, &off.override_reason]
                    .iter()
                    .position(|v| v.trim().is_empty());
                if let Some(k) = empty {
                    ui.memory_mut(|m| m.request_focus(ids[k]));
                } else if let Some(waybill) = off.waybill.clone() {
                    // Should the password be wrong, it is typed again at once.
                    off.focus_next = Some(1);
                    command = Some(Command::Desk(DeskCommand::IssueWithOverride(
                        crate::ui::SupervisedIssue::typed(
                            waybill,
                            &state.clerk_id,
                            off.print || print_pressed,
                            &off.supervisor_id,
                            &mut off.password,
                            &off.override_reason,
                        ),
                    )));
                }
            }
        });
    }
    if override_asked {
        // The panel answered the shortcut: the form's own save does not run again.
        return (command, false);
    }
    if let Some(hold) = &mut state.credit_hold
        && let Some(c) = crate::ui::desk::customers::credit_hold_ui(ui, hold, &state.clerk_id)
    {
        command = Some(c);
    }
    ui.add_space(12.0);
    let (save_text, is_alter) = match &state.mode {
        FormMode::New => (with_keys(text::SAVE, Action::Save), false),
        FormMode::Alter { .. } => (with_keys(text::SAVE_ALTER, Action::Save), true),
    };
    let clicked = ui
        .add_sized(
            [300.0, 40.0],
            egui::Button::new(RichText::new(save_text).strong()),
        )
        .clicked();
    let print_clicked = !is_alter
        && ui
            .add_sized(
                [300.0, 32.0],
                egui::Button::new(with_keys(text::SAVE_PRINT, Action::SavePrint)),
            )
            .clicked();
    let print = print_clicked || (print_pressed && !is_alter);
    let clicked = clicked || print;
    if state.clerk_id.is_empty() && !is_alter {
        ui.label(RichText::new(text::NO_CLERK).color(ERROR_RED));
    }
    if (clicked || save_pressed)
        && let Ok(waybill) = validation
    {
        state.show_errors = true;
        command = match &state.mode {
            FormMode::New if !state.clerk_id.is_empty() => {
                Some(Command::Desk(DeskCommand::IssueWaybill {
                    waybill: Box::new(waybill.clone()),
                    clerk_id: state.clerk_id.clone(),
                    print,
                }))
            }
            FormMode::Alter {
                number,
                reason,
                seen,
                ..
            } if !reason.trim().is_empty() => Some(Command::Desk(DeskCommand::AlterWaybill {
                number: number.clone(),
                seen: *seen,
                waybill: Box::new(waybill.clone()),
                reason: reason.trim().to_owned(),
                staff_id: state.clerk_id.clone(),
            })),
            _ => None,
        };
    } else if clicked {
        state.show_errors = true;
    }
    ui.horizontal(|ui| {
        if is_alter {
            if ui.button(text::CANCEL_ALTER).clicked() {
                state.reset();
                command = Some(Command::Navigate(crate::ui::Page::Waybills));
            }
        } else if ui.button(with_keys(text::NEW, Action::ClearForm)).clicked() {
            state.reset();
            state.last_saved = None;
        }
    });
    (command, clicked || save_pressed)
}
