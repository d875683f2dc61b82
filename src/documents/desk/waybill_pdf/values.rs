//! What one copy of the waybill prints, as text: every field formatted, the fees with the
//! total in capitals, the copy's name and the terms.

use crate::domain::desk::waybill::{
    Condition, DeliveryMode, IssuedWaybill, Orientation, PaymentMethod, WaybillStatus,
};
use crate::domain::money::{capital_yuan, format_yuan};
use crate::domain::settings::TermFigures;
use crate::domain::settings::{DeskSettings, PrintSettings};
use rust_decimal::Decimal;

/// Everything printed on one copy, as text: built from an issued waybill, or from sample
/// values for the calibration page.
#[derive(Debug, Clone)]
pub(super) struct FormValues {
    pub(super) company: String,
    pub(super) station: String,
    pub(super) station_phone: String,
    pub(super) number: String,
    pub(super) issued_at: String,
    pub(super) clerk: String,
    pub(super) dest: String,
    pub(super) dest_code: String,
    pub(super) arrival_date: String,
    pub(super) shipper_name: String,
    pub(super) shipper_phone: String,
    pub(super) consignee_name: String,
    pub(super) consignee_phone: String,
    pub(super) goods_name: String,
    pub(super) packaging: String,
    pub(super) pieces: String,
    pub(super) weight_kg: String,
    pub(super) volume_m3: String,
    pub(super) fragile: bool,
    pub(super) orientation: String,
    pub(super) condition: String,
    pub(super) declared_value: String,
    pub(super) freight: String,
    pub(super) premium: String,
    pub(super) delivery_fee: String,
    pub(super) transfer_rebate: String,
    pub(super) total: String,
    pub(super) total_capital: String,
    /// 代收货款 as printed beside the total ("¥5000.00（伍仟元整）"), empty for none.
    pub(super) cod: String,
    pub(super) payment: PaymentMethod,
    pub(super) delivery: DeliveryMode,
    pub(super) delivery_address: String,
    pub(super) receipt_copies: String,
    pub(super) controlled_release: bool,
    pub(super) remarks: String,
    pub(super) short_charge: Option<String>,
    pub(super) void: bool,
    pub(super) alter_count: u32,
    pub(super) copy_name: String,
    pub(super) copy_ordinal: usize,
    pub(super) terms: String,
}

/// Whether a copy stays inside the company (存根联, 财务联): only those may show the
/// internal short charge (短收).
pub(super) fn is_internal_copy(name: &str) -> bool {
    name.contains("存根") || name.contains("财务")
}

/// 一 … 十, then digits: "第三联".
pub(super) fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match n {
        1..=10 => DIGITS[n - 1].to_owned(),
        _ => n.to_string(),
    }
}

pub(super) fn yuan_or_dash(amount: Option<Decimal>) -> String {
    amount.map_or_else(|| "—".to_owned(), format_yuan)
}

impl FormValues {
    pub(super) fn from_issued(
        issued: &IssuedWaybill,
        desk: &DeskSettings,
        print: &PrintSettings,
        figures: &TermFigures,
        copy_ordinal: usize,
        copy_name: &str,
    ) -> Self {
        let w = &issued.waybill;
        let mut remarks = w.rule_remarks();
        if !w.remarks.trim().is_empty() {
            remarks.push(w.remarks.trim().to_owned());
        }
        Self {
            company: desk.company_name.clone(),
            station: desk.station_name.clone(),
            station_phone: desk.station_phone.clone(),
            number: issued.number.clone(),
            issued_at: issued.issued_at.format("%Y-%m-%d %H:%M").to_string(),
            clerk: if issued.clerk_id.is_empty() {
                issued.clerk_name.clone()
            } else {
                format!("{}（{}）", issued.clerk_name, issued.clerk_id)
            },
            dest: w.dest_name.clone(),
            dest_code: w.dest_code.clone(),
            arrival_date: w
                .arrival_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            shipper_name: w.shipper.name.clone(),
            shipper_phone: w.shipper.phone.to_string(),
            consignee_name: w.consignee.name.clone(),
            consignee_phone: w.consignee.phone.to_string(),
            goods_name: w.goods_name.clone(),
            packaging: w.packaging.label().to_owned(),
            pieces: w.pieces.to_string(),
            weight_kg: w.weight_kg.normalize().to_string(),
            volume_m3: w.volume_m3.normalize().to_string(),
            fragile: w.fragile,
            orientation: match w.orientation {
                Orientation::Any => "—".to_owned(),
                other => other.label().to_owned(),
            },
            condition: if w.condition == Condition::Good {
                Condition::Good.label().to_owned()
            } else {
                format!("{}：{}", w.condition.label(), w.condition_note)
            },
            declared_value: w
                .declared_value_yuan
                .map_or_else(|| "未保价".to_owned(), format_yuan),
            freight: format_yuan(w.freight_yuan),
            premium: format_yuan(w.premium_yuan),
            delivery_fee: format_yuan(w.delivery_fee_yuan),
            transfer_rebate: if w.transfer {
                yuan_or_dash(w.transfer_rebate_yuan.or(Some(Decimal::ZERO)))
            } else {
                "—".to_owned()
            },
            total: format_yuan(w.total_yuan),
            total_capital: capital_yuan(w.total_yuan),
            cod: if w.collects_cod() {
                format!(
                    "¥{}（{}）",
                    format_yuan(w.cod_yuan),
                    capital_yuan(w.cod_yuan)
                )
            } else {
                String::new()
            },
            payment: w.payment,
            delivery: w.delivery,
            delivery_address: if w.delivery.is_delivery() {
                w.delivery_address.clone()
            } else {
                "（自提）".to_owned()
            },
            receipt_copies: if w.receipt_copies == 0 {
                "不需要".to_owned()
            } else {
                format!("{} 份", w.receipt_copies)
            },
            controlled_release: w.controlled_release,
            remarks: remarks.join("；"),
            short_charge: w
                .short_charge_yuan()
                .filter(|_| is_internal_copy(copy_name))
                .map(|short| format!("短收 ¥{}", format_yuan(short))),
            void: issued.status == WaybillStatus::Void,
            alter_count: issued.alter_count,
            copy_name: copy_name.to_owned(),
            copy_ordinal,
            terms: print.printed_terms(figures),
        }
    }

    /// Plausible values for the calibration page: long enough to show where each field
    /// ends, with every tick box that can be ticked.
    pub(super) fn sample(
        desk: &DeskSettings,
        print: &PrintSettings,
        figures: &TermFigures,
    ) -> Self {
        Self {
            company: desk.company_name.clone(),
            station: desk.station_name.clone(),
            station_phone: desk.station_phone.clone(),
            number: format!("{}2611230001", desk.number_prefix.trim()),
            issued_at: "2026-11-23 09:30".to_owned(),
            clerk: "王小明（007）".to_owned(),
            dest: "湘潭市 湘潭县".to_owned(),
            dest_code: "430321".to_owned(),
            arrival_date: "2026-11-26".to_owned(),
            shipper_name: "广州市白云区宏达服装厂".to_owned(),
            shipper_phone: "13912345678".to_owned(),
            consignee_name: "湘潭县易俗河李记批发部".to_owned(),
            consignee_phone: "0731-57123456".to_owned(),
            goods_name: "服装".to_owned(),
            packaging: "纸箱".to_owned(),
            pieces: "12".to_owned(),
            weight_kg: "300".to_owned(),
            volume_m3: "1.2".to_owned(),
            fragile: true,
            orientation: "向上".to_owned(),
            condition: "完好".to_owned(),
            declared_value: "3000.00".to_owned(),
            freight: "1336.00".to_owned(),
            premium: "10.00".to_owned(),
            delivery_fee: "50.00".to_owned(),
            transfer_rebate: "—".to_owned(),
            total: "1396.00".to_owned(),
            total_capital: capital_yuan(Decimal::from(1396)),
            cod: format!("¥5000.00（{}）", capital_yuan(Decimal::from(5000))),
            payment: PaymentMethod::PayNow,
            delivery: DeliveryMode::Upstairs,
            delivery_address: "湘潭县易俗河镇建设路 18 号 3 楼".to_owned(),
            receipt_copies: "1 份".to_owned(),
            controlled_release: true,
            remarks: "货损自负；保丢不保损；等通知放货；（套打校准样例）".to_owned(),
            short_charge: None,
            void: false,
            alter_count: 0,
            copy_name: "校准".to_owned(),
            copy_ordinal: 1,
            terms: print.printed_terms(figures),
        }
    }
}
