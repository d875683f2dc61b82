//! The 开单 panel: the waybill form in the order of the paper form, driven by keyboard
//! (Tab/Enter to move on, Ctrl+S to save and start the next, F2 for a blank form), with
//! live fees, the rules' remarks, goods screening, and the phone look-ups. The same form
//! alters an issued waybill, which then needs a reason.

use super::fee_card::fee_card_ui;
use super::form_state::{FormMode, FormState};
use crate::domain::desk::screening::screen;
use crate::domain::desk::waybill::{
    CodFeePayer, Condition, DeliveryMode, Field, Orientation, Packaging, PaymentMethod,
};
use crate::ui::DeskCommand;
use crate::ui::shortcuts::{self, Action, FormSection};
use crate::ui::widgets::{
    ERROR_RED, FocusChain, LABEL_WIDTH, OK_GREEN, channel_choice, check, choice, dest_picker,
    error_text, field_label, section, text_field,
};
use crate::ui::{Command, DeskView};
use egui::{Key, RichText, Ui};
use std::collections::HashMap;

/// Chinese text of this panel.
mod text {
    pub const TITLE_NEW: &str = "开单";
    pub const TITLE_ALTER: &str = "修改运单";
    pub const SECTION_PARTIES: &str = "到站与客户";
    pub const SECTION_GOODS: &str = "货物";
    pub const SECTION_CHECK: &str = "收货检查";
    pub const SECTION_DELIVERY: &str = "交付与付款";
    pub const SECTION_FEES: &str = "运费与备注";
    pub const KNOWN_CUSTOMER: &str = "老客户";
    pub const DANGEROUS: &str = "危险品（易燃易爆/腐蚀/有毒/放射性）";
    pub const FRAGILE: &str = "易碎品";
    pub const DECLARED_BY_SHIPPER: &str = "件重体按发货方申报";
    pub const SHIPPER_BEARS: &str = "长期破损：货损由发货方自负";
    pub const CONTROLLED: &str = "等通知放货";
    pub const PAY_CHANNEL: &str = "收款方式";
    pub const TRANSFER: &str = "中转";
    pub const CLERK: &str = "开单员";
    pub const NO_CLERK: &str = "请先选择开单员";
    pub const ALTER_REASON: &str = "修改原因 *";
    pub const ALTER_REASON_MISSING: &str = "请写明修改原因";
    pub const SAVED: &str = "已保存";
    pub const HINT_PHONE: &str = "手机或 区号-号码";
    pub const HINT_FREIGHT: &str = "留空按报价表";
    pub const HINT_COD: &str = "元，没有留空";
    pub const HINT_DATE: &str = crate::ui::widgets::DATE_HINT;
    pub const COD_FEE_PAYER: &str = "手续费";
}

/// Draws the form. Only the supervisor chooses the issuing clerk; a clerk issues as
/// themself. A new waybill is issued `today`: its 要求到货日期 may not be before it (nor,
/// when an alteration sets it, before the day the waybill was issued).
pub fn waybill_form_ui(
    ui: &mut Ui,
    state: &mut FormState,
    view: &DeskView,
    supervisor: bool,
    today: chrono::NaiveDate,
) -> Option<Command> {
    let ctx = view.validation();
    let validation = state.draft.validate(&ctx).and_then(|w| {
        let issued_on = match &state.mode {
            FormMode::New => Some(today),
            FormMode::Alter {
                issued_on,
                arrival_date_was,
                ..
            } => (w.arrival_date != *arrival_date_was).then_some(*issued_on),
        };
        if let Some(day) = issued_on {
            w.check_arrival_date(day).map_err(|e| vec![e])?;
        }
        Ok(w)
    });
    let errors: HashMap<Field, String> = match (&validation, state.show_errors) {
        (Err(list), true) => list.iter().map(|e| (e.field, e.message.clone())).collect(),
        _ => HashMap::new(),
    };
    let err = |f: Field| errors.get(&f).map(String::as_str);
    let mut command = None;

    // Keyboard shortcuts of the whole form.
    let save_pressed = shortcuts::consume(ui, Action::Save);
    let print_pressed = shortcuts::consume(ui, Action::SavePrint);
    if shortcuts::consume(ui, Action::ClearForm) && state.mode == FormMode::New {
        state.reset();
        state.last_saved = None;
    }
    let picked_usual = (1..=8u8).position(|n| shortcuts::consume(ui, Action::Usual(n)));
    if let Some(consignee) = picked_usual.and_then(|k| state.usual_consignees.get(k).cloned()) {
        state.use_consignee(&consignee);
        // The consignee and destination are in: the goods come next.
        state.focus_field = Some(Field::GoodsName);
    }
    for (section, field) in [
        (FormSection::Parties, Field::Destination),
        (FormSection::Goods, Field::GoodsName),
        (FormSection::Check, Field::Dangerous),
        (FormSection::Delivery, Field::Delivery),
        (FormSection::Fees, Field::Freight),
    ] {
        if shortcuts::consume(ui, Action::Jump(section)) {
            state.focus_field = Some(field);
        }
    }

    let refusal = screen(
        &state.draft.goods_name,
        state.draft.dangerous,
        &view.prohibited,
    );
    let mut first_error_id = None;
    let mut save_attempted = false;

    egui::Panel::right("fee_card")
        .resizable(false)
        .exact_size(330.0)
        .show(ui, |ui| {
            // The card scrolls: with the usual consignees, the figures and a supervisor's
            // override it is taller than a 768-line screen.
            let (card_command, attempted) = egui::ScrollArea::vertical()
                .id_salt("fee_card_scroll")
                .show(ui, |ui| {
                    fee_card_ui(
                        ui,
                        state,
                        view,
                        &validation,
                        refusal.as_ref().map(|r| r.reason.as_str()),
                        (save_pressed, print_pressed),
                    )
                })
                .inner;
            command = card_command;
            save_attempted = attempted;
        });

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                header_ui(ui, state, view, supervisor);
                // A new form (after a save, on coming to the page) has 到站 take the focus
                // before this frame's keys are read: typed straight after Ctrl+S, they
                // start the next waybill instead of going to the field of the last one.
                if state.focus_first
                    && let Some(id) = state.dest_field_id
                {
                    ui.memory_mut(|m| m.request_focus(id));
                    state.focus_first = false;
                }
                let mut chain = FocusChain::new(ui);
                let mut ids: HashMap<Field, egui::Id> = HashMap::new();
                // Two columns of label and field where they fit, one below the other where
                // they do not (1024×768 beside the fee card): the same fields in the same order.
                let one_column = ui.available_width() < TWO_COLUMNS_WIDTH;
                let wide = if one_column {
                    (ui.available_width() - LABEL_WIDTH - 40.0).clamp(200.0, 300.0)
                } else {
                    300.0
                };
                let narrow = 140.0;

                egui::Grid::new("waybill_form")
                    .num_columns(4)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        section(ui, text::SECTION_PARTIES);
                        ui.end_row();
                        let l = field_label(ui, Field::Destination.label(), true);
                        let priced = |code: &str| view.rates.has_destination(code);
                        let r = chain.add(dest_picker(
                            ui,
                            &l,
                            &mut state.dest,
                            &mut state.draft.dest_code,
                            &priced,
                            wide,
                            err(Field::Destination),
                        ));
                        ids.insert(Field::Destination, r.id);
                        state.dest_field_id = Some(r.id);
                        if state.focus_first {
                            r.request_focus();
                            state.focus_first = false;
                        }
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::ArrivalDate.label(), false);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.arrival_date,
                            narrow,
                            text::HINT_DATE,
                            err(Field::ArrivalDate),
                        ));
                        ids.insert(Field::ArrivalDate, r.id);
                        ui.end_row();

                        let l = field_label(ui, Field::ShipperPhone.label(), true);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.shipper_phone,
                            narrow + 40.0,
                            text::HINT_PHONE,
                            err(Field::ShipperPhone),
                        ));
                        ids.insert(Field::ShipperPhone, r.id);
                        if let Some(c) =
                            lookup_needed(&state.draft.shipper_phone, &mut state.looked_up_shipper)
                        {
                            command = Some(Command::Desk(DeskCommand::LookupShipper(c)));
                        }
                        // A returning shipper by the last four digits of their phone.
                        let typed = state.draft.shipper_phone.trim();
                        if r.lost_focus()
                            && ui.input(|i| i.key_pressed(Key::Enter))
                            && typed.len() == 4
                            && typed.chars().all(|c| c.is_ascii_digit())
                        {
                            command = Some(Command::Desk(DeskCommand::LookupShipperTail(
                                typed.to_owned(),
                            )));
                        }
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::ShipperName.label(), true);
                        ui.horizontal(|ui| {
                            let r = chain.add(text_field(
                                ui,
                                &l,
                                &mut state.draft.shipper_name,
                                wide,
                                "全名",
                                err(Field::ShipperName),
                            ));
                            ids.insert(Field::ShipperName, r.id);
                            if state.known_shipper.is_some() {
                                ui.label(
                                    RichText::new(text::KNOWN_CUSTOMER).small().color(OK_GREEN),
                                );
                            }
                        });
                        ui.end_row();

                        let l = field_label(ui, Field::ConsigneePhone.label(), true);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.consignee_phone,
                            narrow + 40.0,
                            text::HINT_PHONE,
                            err(Field::ConsigneePhone),
                        ));
                        ids.insert(Field::ConsigneePhone, r.id);
                        if let Some(c) = lookup_needed(
                            &state.draft.consignee_phone,
                            &mut state.looked_up_consignee,
                        ) {
                            command = Some(Command::Desk(DeskCommand::LookupConsignee(c)));
                        }
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::ConsigneeName.label(), true);
                        ui.horizontal(|ui| {
                            let r = chain.add(text_field(
                                ui,
                                &l,
                                &mut state.draft.consignee_name,
                                wide,
                                "全名",
                                err(Field::ConsigneeName),
                            ));
                            ids.insert(Field::ConsigneeName, r.id);
                            if state.known_consignee.is_some() {
                                ui.label(
                                    RichText::new(text::KNOWN_CUSTOMER).small().color(OK_GREEN),
                                );
                            }
                        });
                        ui.end_row();
                        section(ui, text::SECTION_GOODS);
                        ui.end_row();
                        let l = field_label(ui, Field::GoodsName.label(), true);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.goods_name,
                            wide,
                            "如 服装、五金配件",
                            err(Field::GoodsName),
                        ));
                        ids.insert(Field::GoodsName, r.id);
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::Pieces.label(), true);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.pieces,
                            narrow,
                            "件",
                            err(Field::Pieces),
                        ));
                        ids.insert(Field::Pieces, r.id);
                        ui.end_row();

                        let l = field_label(ui, Field::Packaging.label(), false);
                        chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.packaging,
                            Packaging::ALL,
                            Packaging::label,
                        ));
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::WeightKg.label(), true);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.weight_kg,
                            narrow,
                            "公斤",
                            err(Field::WeightKg),
                        ));
                        ids.insert(Field::WeightKg, r.id);
                        ui.end_row();

                        // 体积 right after 重量 in Tab order; the rarely ticked 件重体按
                        // 发货方申报 beside it, after it (issue 19).
                        if !one_column {
                            ui.label("");
                            ui.label("");
                        }
                        let l = field_label(ui, Field::VolumeM3.label(), true);
                        ui.horizontal(|ui| {
                            let r = chain.add(text_field(
                                ui,
                                &l,
                                &mut state.draft.volume_m3,
                                narrow,
                                "方",
                                err(Field::VolumeM3),
                            ));
                            ids.insert(Field::VolumeM3, r.id);
                            let declared = chain.add(check(
                                ui,
                                &mut state.draft.declared_by_shipper,
                                text::DECLARED_BY_SHIPPER,
                            ));
                            skip_inspection(ui, &declared, &mut state.focus_field);
                        });
                        ui.end_row();

                        section(ui, text::SECTION_CHECK);
                        ui.end_row();
                        ui.label("");
                        let r = chain.add(check(ui, &mut state.draft.dangerous, text::DANGEROUS));
                        ids.insert(Field::Dangerous, r.id);
                        next_pair(ui, one_column);
                        ui.label("");
                        chain.add(check(ui, &mut state.draft.fragile, text::FRAGILE));
                        ui.end_row();

                        let l = field_label(ui, Field::Orientation.label(), false);
                        chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.orientation,
                            Orientation::ALL,
                            Orientation::label,
                        ));
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::Condition.label(), false);
                        chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.condition,
                            Condition::ALL,
                            Condition::label,
                        ));
                        ui.end_row();

                        if state.draft.condition == Condition::Good {
                            // Two columns keep the row's first half empty; one column needs no row.
                            if !one_column {
                                ui.label("");
                                ui.label("");
                            }
                        } else {
                            let l = field_label(ui, Field::ConditionNote.label(), true);
                            let r = chain.add(text_field(
                                ui,
                                &l,
                                &mut state.draft.condition_note,
                                wide,
                                "已告知发货方",
                                err(Field::ConditionNote),
                            ));
                            ids.insert(Field::ConditionNote, r.id);
                            next_pair(ui, one_column);
                        }
                        ui.label("");
                        chain.add(check(
                            ui,
                            &mut state.draft.shipper_bears_damage,
                            text::SHIPPER_BEARS,
                        ));
                        ui.end_row();
                        if let Some(e) = err(Field::Dangerous) {
                            ui.label("");
                            error_text(ui, e);
                            ui.end_row();
                        }

                        section(ui, text::SECTION_DELIVERY);
                        ui.end_row();
                        let l = field_label(ui, Field::Delivery.label(), false);
                        let r = chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.delivery,
                            DeliveryMode::ALL,
                            DeliveryMode::label,
                        ));
                        ids.insert(Field::Delivery, r.id);
                        next_pair(ui, one_column);
                        let l = field_label(
                            ui,
                            Field::DeliveryAddress.label(),
                            state.draft.delivery.is_delivery(),
                        );
                        let r = ui
                            .add_enabled_ui(state.draft.delivery.is_delivery(), |ui| {
                                text_field(
                                    ui,
                                    &l,
                                    &mut state.draft.delivery_address,
                                    wide,
                                    "详细地址",
                                    err(Field::DeliveryAddress),
                                )
                            })
                            .inner;
                        if state.draft.delivery.is_delivery() {
                            chain.add(r.clone());
                        }
                        ids.insert(Field::DeliveryAddress, r.id);
                        ui.end_row();

                        let l = field_label(ui, Field::Payment.label(), false);
                        chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.payment,
                            PaymentMethod::ALL,
                            PaymentMethod::label,
                        ));
                        // A new 现付 waybill is paid now: how (for the payments ledger) goes
                        // on a row of its own under 付款方式, so the form keeps its width.
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::ReceiptCopies.label(), false);
                        let pay_now = state.draft.payment == PaymentMethod::PayNow
                            && matches!(state.mode, FormMode::New);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.receipt_copies,
                            narrow,
                            "不要回单留空",
                            err(Field::ReceiptCopies),
                        ));
                        ids.insert(Field::ReceiptCopies, r.id);
                        ui.end_row();
                        if pay_now {
                            let l = field_label(ui, text::PAY_CHANNEL, false);
                            chain.add(channel_choice(ui, &l, &mut state.pay_channel));
                            ui.end_row();
                        }

                        let l = field_label(ui, Field::DeclaredValue.label(), false);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.declared_value,
                            narrow,
                            "元，不保价留空",
                            err(Field::DeclaredValue),
                        ));
                        ids.insert(Field::DeclaredValue, r.id);
                        next_pair(ui, one_column);
                        ui.label("");
                        chain.add(check(
                            ui,
                            &mut state.draft.controlled_release,
                            text::CONTROLLED,
                        ));
                        ui.end_row();

                        // 代收货款: rarely used, so Enter passes it by unless it is filled in
                        // or the freight comes out of it (货款扣); Tab and a click reach it.
                        let l = field_label(ui, Field::Cod.label(), false);
                        let r = text_field(
                            ui,
                            &l,
                            &mut state.draft.cod,
                            narrow,
                            text::HINT_COD,
                            err(Field::Cod),
                        );
                        if !state.draft.cod.trim().is_empty()
                            || state.draft.payment == PaymentMethod::CodDeduct
                        {
                            chain.add(r.clone());
                        }
                        ids.insert(Field::Cod, r.id);
                        next_pair(ui, one_column);
                        let l = field_label(ui, text::COD_FEE_PAYER, false);
                        let collects = !state.draft.cod.trim().is_empty();
                        let r = ui
                            .add_enabled_ui(collects, |ui| {
                                choice(
                                    ui,
                                    &l,
                                    &mut state.draft.cod_fee_payer,
                                    CodFeePayer::ALL,
                                    CodFeePayer::label,
                                )
                            })
                            .inner;
                        if collects {
                            chain.add(r);
                        }
                        ui.end_row();

                        ui.label("");
                        chain.add(check(ui, &mut state.draft.transfer, text::TRANSFER));
                        next_pair(ui, one_column);
                        let l =
                            field_label(ui, Field::TransferRebate.label(), state.draft.transfer);
                        let r = ui
                            .add_enabled_ui(state.draft.transfer, |ui| {
                                text_field(
                                    ui,
                                    &l,
                                    &mut state.draft.transfer_rebate,
                                    narrow,
                                    "元",
                                    err(Field::TransferRebate),
                                )
                            })
                            .inner;
                        if state.draft.transfer {
                            chain.add(r.clone());
                        }
                        ids.insert(Field::TransferRebate, r.id);
                        ui.end_row();

                        section(ui, text::SECTION_FEES);
                        ui.end_row();
                        let l = field_label(ui, Field::Freight.label(), false);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.freight,
                            narrow,
                            text::HINT_FREIGHT,
                            err(Field::Freight),
                        ));
                        ids.insert(Field::Freight, r.id);
                        next_pair(ui, one_column);
                        let l = field_label(ui, Field::Remarks.label(), false);
                        let r = chain.add(text_field(
                            ui,
                            &l,
                            &mut state.draft.remarks,
                            wide,
                            "",
                            err(Field::Remarks),
                        ));
                        ids.insert(Field::Remarks, r.id);
                        ui.end_row();
                    });
                if chain.finish(ui) {
                    // Enter on the last field is the same as pressing save.
                    state.show_errors = true;
                }
                if let Some(id) = state.focus_field.take().and_then(|f| ids.get(&f)) {
                    ui.memory_mut(|m| m.request_focus(*id));
                }
                if let Err(list) = &validation {
                    first_error_id = list.first().and_then(|e| ids.get(&e.field).copied());
                }
            });
    });

    if save_attempted {
        state.show_errors = true;
        if validation.is_err()
            && let Some(id) = first_error_id
        {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }
    command
}

/// Tab or Enter on the last field of 货物 passes the inspection rows, rarely changed, to
/// 交付与付款 (issue 19); Shift+Tab goes back to 体积. The rows stay reachable: Alt+J, a
/// click, or Shift+Tab from 送货方式.
fn skip_inspection(ui: &Ui, last: &egui::Response, focus: &mut Option<Field>) {
    // Only a key pressed while it already had the focus: the Tab that brought it here is
    // still in this frame's input.
    if !last.has_focus() || last.gained_focus() {
        return;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            last.id,
            egui::EventFilter {
                tab: true,
                ..Default::default()
            },
        );
    });
    let (forward, back) = ui.input_mut(|i| {
        let forward = i.consume_key(egui::Modifiers::NONE, Key::Tab)
            || i.consume_key(egui::Modifiers::NONE, Key::Enter);
        (forward, i.consume_key(egui::Modifiers::SHIFT, Key::Tab))
    });
    if forward {
        *focus = Some(Field::Delivery);
    } else if back {
        *focus = Some(Field::VolumeM3);
    }
}

/// The width two columns of label and field need; below it the form is one column.
const TWO_COLUMNS_WIDTH: f32 = 2.0 * (LABEL_WIDTH + 300.0) + 48.0;

/// Between the two halves of a form row: a new row when the form is one column.
fn next_pair(ui: &mut Ui, one_column: bool) {
    if one_column {
        ui.end_row();
    }
}

/// Asks for a look-up when the typed phone is complete and not yet looked up.
fn lookup_needed(typed: &str, looked_up: &mut String) -> Option<String> {
    let phone = crate::domain::desk::phone::Phone::parse(typed).ok()?;
    if phone.as_str() == looked_up {
        return None;
    }
    phone.as_str().clone_into(looked_up);
    Some(phone.as_str().to_owned())
}

fn header_ui(ui: &mut Ui, state: &mut FormState, view: &DeskView, supervisor: bool) {
    ui.horizontal(|ui| {
        match &mut state.mode {
            FormMode::New => {
                ui.heading(text::TITLE_NEW);
            }
            FormMode::Alter { number, reason, .. } => {
                ui.heading(format!("{} {number}", text::TITLE_ALTER));
                let l = ui.label(text::ALTER_REASON);
                let edit = egui::TextEdit::singleline(reason)
                    .desired_width(320.0)
                    .hint_text("如：客户更正件数");
                ui.add(edit).labelled_by(l.id);
                if reason.trim().is_empty() && state.show_errors {
                    ui.label(RichText::new(text::ALTER_REASON_MISSING).color(ERROR_RED));
                }
            }
        }
        ui.separator();
        let l = ui.label(text::CLERK);
        let selected = super::clerk_label(&view.staff, &state.clerk_id, text::NO_CLERK);
        if supervisor {
            let combo = egui::ComboBox::from_id_salt("clerk")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for member in &view.staff {
                        ui.selectable_value(&mut state.clerk_id, member.id.clone(), member.label());
                    }
                });
            combo.response.labelled_by(l.id);
        } else {
            ui.label(RichText::new(selected).strong()).labelled_by(l.id);
        }
        if let Some((number, total)) = &state.last_saved {
            ui.separator();
            ui.label(
                RichText::new(format!("{} {number}  合计 ¥{total}", text::SAVED))
                    .color(OK_GREEN)
                    .strong(),
            );
        }
    });
}
