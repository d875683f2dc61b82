//! The phone quote panel (电话报价, F6 from any page, Esc closes): a window over the page
//! of the moment where the clerk prices a caller's consignment by the rate table — the
//! same `rates::quote` as the waybill — records it (记录报价 or Enter on the last field),
//! finds earlier quotes by phone, and turns one into a waybill when the customer comes in
//! (开单), with the quoted freight carried over.

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::waybill::{DeliveryMode, Packaging};
use crate::domain::money::format_yuan;
use crate::domain::service::{PhoneQuote, QuoteContext, QuoteDraft, QuoteField};
use crate::storage::quotes::StoredQuote;
use crate::ui::desk::form_state::FormState;
use crate::ui::service::ServiceCommand;
use crate::ui::widgets::{
    DestPickerState, ERROR_RED, FocusChain, OK_GREEN, check, choice, dest_picker, error_text,
    field_label, text_field,
};
use crate::ui::{Command, DeskView};
use egui::{Key, RichText, Ui};
use std::collections::HashMap;

/// The packaging choices of a quote: not asked yet, then the form's own.
static PACKAGINGS: std::sync::LazyLock<Vec<Option<Packaging>>> = std::sync::LazyLock::new(|| {
    std::iter::once(None)
        .chain(Packaging::ALL.iter().copied().map(Some))
        .collect()
});

fn packaging_label(p: Option<Packaging>) -> &'static str {
    p.map_or("未问", Packaging::label)
}

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "电话报价 (F6，Esc 关闭)";
    pub const DELIVERY: &str = "送货上门";
    pub const FREIGHT: &str = "运费";
    pub const PREMIUM: &str = "保价费";
    pub const DELIVERY_FEE: &str = "送货费";
    pub const TOTAL: &str = "报价合计";
    pub const RECORD: &str = "记录报价";
    pub const CLEAR: &str = "清空";
    pub const RECENT: &str = "最近报价";
    pub const SEARCH: &str = "按电话查报价";
    pub const FIND: &str = "查找";
    pub const TO_WAYBILL: &str = "开单";
    pub const NONE: &str = "没有报价记录";
    pub const BECAME: &str = "已开单 {n}";
    pub const HINT_PHONE: &str = "手机或 区号-号码";
    pub const FIX: &str = "有 {n} 处需要修改，见红字";
    pub const FROM_QUOTE: &str = "电话报价 #{id}";
}

/// Everything the quote panel keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct QuoteState {
    /// The window is shown.
    pub open: bool,
    /// What the clerk typed.
    pub draft: QuoteDraft,
    /// The destination picker.
    pub dest: DestPickerState,
    /// Show the fields' problems (after the first attempt to record).
    pub show_errors: bool,
    /// Focus the first field on the next frame.
    pub focus_first: bool,
    /// The phone searched for in the list.
    pub search: String,
    /// Recent quotes as listed, newest first.
    pub recent: Vec<StoredQuote>,
    /// The outcome of the last command: (ok, text).
    pub message: Option<(bool, String)>,
}

impl QuoteState {
    /// Opens the window on a blank quote, its destination field focused.
    pub fn show(&mut self) {
        self.open = true;
        self.focus_first = true;
    }

    /// A blank quote after one is recorded, keeping the list and the message.
    pub fn clear(&mut self) {
        self.draft = QuoteDraft::default();
        self.dest = DestPickerState::default();
        self.show_errors = false;
        self.focus_first = true;
    }
}

/// Fills the waybill form from a recorded quote (the customer came in): destination,
/// measures, declared value, delivery, the caller as shipper, the goods, and the quoted
/// freight in the freight field. The shipper's phone is looked up as if typed, so a
/// known customer's name and usual consignees come too.
pub fn fill_form_from_quote(form: &mut FormState, stored: &StoredQuote) {
    form.reset();
    form.last_saved = None;
    let q = &stored.quote.request;
    let d = &mut form.draft;
    d.dest_code.clone_from(&q.dest_code);
    d.shipper_name.clone_from(&q.caller_name);
    d.shipper_phone.clone_from(&q.phone);
    d.goods_name.clone_from(&q.goods_name);
    d.weight_kg = q.weight_kg.normalize().to_string();
    d.volume_m3 = q.volume_m3.normalize().to_string();
    if q.pieces > 0 {
        d.pieces = q.pieces.to_string();
    }
    if let Some(packaging) = q.packaging {
        d.packaging = packaging;
    }
    d.declared_value = q.declared_yuan.map(format_yuan).unwrap_or_default();
    d.delivery = if q.delivery {
        DeliveryMode::Distribution
    } else {
        DeliveryMode::SelfPickup
    };
    d.freight = format_yuan(stored.quote.price.freight_yuan);
    d.remarks = text::FROM_QUOTE.replace("{id}", &stored.id.to_string());
    form.dest
        .show_division(Divisions::bundled().by_code(&q.dest_code));
    form.quote_id = Some(stored.id);
}

/// Draws the quote window when open; Esc closes it.
pub fn quote_window(ui: &mut Ui, state: &mut QuoteState, view: &DeskView) -> Option<Command> {
    if !state.open {
        return None;
    }
    if crate::ui::shortcuts::consume(ui, crate::ui::shortcuts::Action::CloseQuotes) {
        state.open = false;
        return None;
    }
    let mut open = true;
    let mut command = None;
    egui::Window::new(text::TITLE)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(720.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ui.ctx(), |ui| {
            command = quote_ui(ui, state, view);
        });
    if !open {
        state.open = false;
    }
    command
}

/// The panel inside the window.
pub fn quote_ui(ui: &mut Ui, state: &mut QuoteState, view: &DeskView) -> Option<Command> {
    let ctx = QuoteContext {
        divisions: Divisions::bundled(),
        rates: &view.rates,
        fees: view.fees(),
        prohibited: &view.prohibited,
    };
    let validation = state.draft.validate(&ctx);
    let errors: HashMap<QuoteField, String> = match (&validation, state.show_errors) {
        (Err(list), true) => list.iter().map(|p| (p.field, p.message.clone())).collect(),
        _ => HashMap::new(),
    };
    let err = |f: QuoteField| errors.get(&f).map(String::as_str);
    let mut command = None;
    let mut record = false;

    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            let mut chain = FocusChain::new(ui);
            egui::Grid::new("quote_form")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let l = field_label(ui, QuoteField::Destination.label(), false);
                    let priced = |code: &str| view.rates.has_destination(code);
                    let r = chain.add(dest_picker(
                        ui,
                        &l,
                        &mut state.dest,
                        &mut state.draft.dest_code,
                        &priced,
                        260.0,
                        err(QuoteField::Destination),
                    ));
                    if state.focus_first {
                        r.request_focus();
                        state.focus_first = false;
                    }
                    ui.end_row();
                    let l = field_label(ui, QuoteField::Pieces.label(), false);
                    chain.add(text_field(
                        ui,
                        &l,
                        &mut state.draft.pieces,
                        140.0,
                        "件",
                        err(QuoteField::Pieces),
                    ));
                    ui.end_row();
                    let l = field_label(ui, QuoteField::Packaging.label(), false);
                    ui.vertical(|ui| {
                        chain.add(choice(
                            ui,
                            &l,
                            &mut state.draft.packaging,
                            &PACKAGINGS[..],
                            packaging_label,
                        ));
                        if let Some(e) = err(QuoteField::Packaging) {
                            error_text(ui, e);
                        }
                    });
                    ui.end_row();
                    for (field, value, hint) in [
                        (QuoteField::WeightKg, &mut state.draft.weight_kg, "公斤"),
                        (QuoteField::VolumeM3, &mut state.draft.volume_m3, "方"),
                        (
                            QuoteField::DeclaredValue,
                            &mut state.draft.declared_value,
                            "元，不保价留空",
                        ),
                    ] {
                        let l = field_label(ui, field.label(), false);
                        chain.add(text_field(ui, &l, value, 140.0, hint, err(field)));
                        ui.end_row();
                    }
                    ui.label("");
                    chain.add(check(ui, &mut state.draft.delivery, text::DELIVERY));
                    ui.end_row();
                    for (field, value, hint) in [
                        (
                            QuoteField::GoodsName,
                            &mut state.draft.goods_name,
                            "如 服装",
                        ),
                        (
                            QuoteField::CallerName,
                            &mut state.draft.caller_name,
                            "如 王先生",
                        ),
                        (QuoteField::Phone, &mut state.draft.phone, text::HINT_PHONE),
                    ] {
                        let l = field_label(ui, field.label(), false);
                        chain.add(text_field(ui, &l, value, 220.0, hint, err(field)));
                        ui.end_row();
                    }
                });
            if chain.finish(ui) {
                record = true;
            }
        });
        // Not a separator: in a row it is as tall as the space left under it.
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.set_width(240.0);
            price_card(ui, &state.draft, &validation, &ctx);
            ui.add_space(8.0);
            if ui
                .add_sized(
                    [220.0, 36.0],
                    egui::Button::new(RichText::new(text::RECORD).strong()),
                )
                .clicked()
            {
                record = true;
            }
            if ui.button(text::CLEAR).clicked() {
                state.clear();
            }
            if let Some((ok, message)) = &state.message {
                ui.label(RichText::new(message).color(if *ok { OK_GREEN } else { ERROR_RED }));
            }
        });
    });
    if record {
        state.show_errors = true;
        match &validation {
            Ok(quote) => {
                command = Some(Command::Service(ServiceCommand::RecordQuote(Box::new(
                    quote.clone(),
                ))));
            }
            Err(list) => {
                state.message = Some((false, text::FIX.replace("{n}", &list.len().to_string())));
            }
        }
    }

    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(text::RECENT).strong());
        let l = ui.label(text::SEARCH);
        let r = ui
            .add(egui::TextEdit::singleline(&mut state.search).desired_width(160.0))
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if ui.button(text::FIND).clicked() || enter {
            command = Some(Command::Service(ServiceCommand::SearchQuotes(
                state.search.trim().to_owned(),
            )));
        }
    });
    if let Some(c) = recent_list(ui, &state.recent, view) {
        command = Some(c);
    }
    command
}

fn price_card(
    ui: &mut Ui,
    draft: &QuoteDraft,
    validation: &Result<PhoneQuote, Vec<crate::domain::service::FieldProblem<QuoteField>>>,
    ctx: &QuoteContext<'_>,
) {
    // The price shows as soon as it can be computed, before the caller's details.
    let price = if let Ok(q) = validation {
        Some(q.price.clone())
    } else {
        let parse = crate::domain::money::parse_decimal;
        match (parse(&draft.weight_kg), parse(&draft.volume_m3)) {
            (Some(w), Some(v))
                if w > rust_decimal::Decimal::ZERO && v > rust_decimal::Decimal::ZERO =>
            {
                crate::domain::desk::rates::quote(
                    ctx.rates,
                    ctx.fees,
                    &draft.dest_code,
                    w,
                    v,
                    parse(&draft.declared_value),
                    draft.delivery,
                )
                .ok()
            }
            _ => None,
        }
    };
    let money = |v: Option<rust_decimal::Decimal>| {
        v.map_or_else(|| "—".to_owned(), |v| format!("¥{}", format_yuan(v)))
    };
    price_line(
        ui,
        text::FREIGHT,
        &money(price.as_ref().map(|p| p.freight_yuan)),
        false,
    );
    price_line(
        ui,
        text::PREMIUM,
        &money(price.as_ref().map(|p| p.premium_yuan)),
        false,
    );
    price_line(
        ui,
        text::DELIVERY_FEE,
        &money(price.as_ref().map(|p| p.delivery_fee_yuan)),
        false,
    );
    ui.separator();
    price_line(
        ui,
        text::TOTAL,
        &money(price.as_ref().map(|p| p.total_yuan)),
        true,
    );
}

fn recent_list(ui: &mut Ui, recent: &[StoredQuote], view: &DeskView) -> Option<Command> {
    if recent.is_empty() {
        ui.label(RichText::new(text::NONE).weak());
        return None;
    }
    let mut command = None;
    // One line per quote: a narrow window must not wrap them letter by letter.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("recent_quotes")
                .num_columns(7)
                .striped(true)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for q in recent {
                        let r = &q.quote.request;
                        ui.label(format!("#{}", q.id));
                        ui.label(q.at.format("%m-%d %H:%M").to_string());
                        ui.label(format!("{} {}", r.caller_name, r.phone));
                        let dest = Divisions::bundled().by_code(&r.dest_code).map_or_else(
                            || r.dest_code.clone(),
                            crate::domain::desk::destinations::Division::label,
                        );
                        ui.label(format!(
                            "{dest}｜{}｜{}kg {}m³",
                            r.goods_name,
                            r.weight_kg.normalize(),
                            r.volume_m3.normalize()
                        ));
                        ui.label(format!("¥{}", format_yuan(q.quote.price.total_yuan)));
                        let clerk = view
                            .staff
                            .iter()
                            .find(|s| s.id == q.clerk_id)
                            .map_or_else(|| q.clerk_id.clone(), |s| s.name.clone());
                        ui.label(clerk);
                        if let Some(number) = &q.waybill_number {
                            ui.label(
                                RichText::new(text::BECAME.replace("{n}", number)).color(OK_GREEN),
                            );
                        } else if ui.button(text::TO_WAYBILL).clicked() {
                            command = Some(Command::Service(ServiceCommand::QuoteToWaybill(q.id)));
                        }
                        ui.end_row();
                    }
                });
        });
    command
}

/// One part of the price: caption left, figure right, in a row of fixed width (the
/// shared `figure` fills the height of its container, which a window does not have).
fn price_line(ui: &mut Ui, caption: &str, value: &str, big: bool) {
    ui.horizontal(|ui| {
        ui.label(caption);
        let size = if big { 24.0 } else { 17.0 };
        let galley_width = ui.available_width();
        ui.add_space((galley_width - 110.0).max(0.0));
        ui.label(RichText::new(value).size(size).strong());
    });
}
