//! The 报表 panel: a day's or a month's business summary (营业日报/月报) — the totals,
//! revenue by destination (the top ten as bars) and, for a month, by day (bars), and a
//! table per dimension (destination, clerk, payment method) that sorts by any figure —
//! with 导出 XLSX. The app hands it the report already cut to what the reader may see
//! (a clerk: the station's figures and their own line of the clerk table).

use crate::domain::money::format_yuan;
use crate::domain::money::reports::{BusinessReport, Figures, ReportPeriod, ReportRow};
use crate::domain::people::Month;
use crate::ui::Command;
use crate::ui::widgets::{ERROR_RED, empty_notice, section};
use chrono::{Datelike, NaiveDate};
use egui::{Align2, Color32, FontId, RichText, Ui};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "营业报表";
    pub const COD: &str = "代收货款（应返发货方，不计入营业额）：{l}";
    pub const SATISFACTION: &str = "客户满意度（回访）：{l}";
    pub const BY_CLERK_SATISFACTION: &str = "回访满意度（按放货人，仅供参考，不计分）";
    pub const DAY: &str = "日报";
    pub const MONTH: &str = "月报";
    pub const PREV_DAY: &str = "◀ 前一天";
    pub const NEXT_DAY: &str = "后一天 ▶";
    pub const PREV_MONTH: &str = "◀ 上月";
    pub const NEXT_MONTH: &str = "下月 ▶";
    pub const TODAY: &str = "今天";
    pub const THIS_MONTH: &str = "本月";
    pub const EXPORT: &str = "导出 XLSX…";
    pub const RULE: &str = "营业额为运单合计（运费+保价费+送货费）之和；作废运单不计入任何数字";
    pub const VOIDED: &str = "本期作废 {n} 票，未计入";
    pub const WAYBILLS: &str = "票数 {n} 票";
    pub const PIECES: &str = "件数 {n} 件";
    pub const WEIGHT: &str = "重量 {w} kg";
    pub const VOLUME: &str = "体积 {v} m³";
    pub const REVENUE: &str = "营业额 ¥{y}";
    pub const AVERAGE: &str = "票均 ¥{y}";
    pub const EMPTY: &str = "本期没有有效运单";
    pub const TOP_DESTINATIONS: &str = "到站营业额前十";
    pub const BY_DAY: &str = "每日营业额";
    pub const BY_DESTINATION: &str = "按到站";
    pub const BY_CLERK: &str = "按开单员";
    pub const BY_PAYMENT: &str = "按付款方式";
    pub const OWN_LINE: &str = "只显示本人的一行；其他开单员的数字只有主管和财务可见";
    pub const NO_OWN_LINE: &str = "本期没有您开的运单";
    pub const DESTINATION: &str = "到站";
    pub const CLERK: &str = "开单员";
    pub const PAYMENT: &str = "付款方式";
    pub const FIGURES: [&str; 7] = ["票数", "件数", "重量kg", "体积m³", "营业额", "票均", "占比"];
    pub const BEST_DAY: &str = "最高 ¥{y}";
    pub const DAY_TIP: &str = "{d} 日：{n} 票，¥{y}";
}

/// What a table of the report is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// 营业额, highest first (the default).
    #[default]
    Revenue,
    /// 票数.
    Waybills,
    /// 件数.
    Pieces,
    /// 重量.
    Weight,
    /// 体积.
    Volume,
    /// The destination's or clerk's name, in order.
    Name,
}

impl SortKey {
    /// The key of each figure column, in the order of the columns; 票均 and 占比 do not
    /// sort (占比 is in the order of revenue anyway).
    const COLUMNS: [Option<Self>; 7] = [
        Some(Self::Waybills),
        Some(Self::Pieces),
        Some(Self::Weight),
        Some(Self::Volume),
        Some(Self::Revenue),
        None,
        None,
    ];
}

/// What the report page asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportsCommand {
    /// Show the report of a day or a month.
    Load(ReportPeriod),
    /// Save the report of a period as XLSX, in a file chosen in a dialog.
    Export(ReportPeriod),
}

/// The state of the report page.
#[derive(Debug, Clone, Default)]
pub struct ReportsState {
    /// The period shown; `None` before the page was first opened.
    pub period: Option<ReportPeriod>,
    /// The report shown, already cut to what the reader may see.
    pub report: Option<BusinessReport>,
    /// What the destination and clerk tables are sorted by.
    pub sort: SortKey,
    /// The last export's outcome: (ok, text).
    pub message: Option<(bool, String)>,
}

/// Weight to 0.1 kg, half-up, for the screen.
#[must_use]
pub fn weight_text(kg: Decimal) -> String {
    format!(
        "{:.1}",
        kg.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// Volume to 0.001 m³ (as typed on the waybill), for the screen.
#[must_use]
pub fn volume_text(m3: Decimal) -> String {
    format!(
        "{:.3}",
        m3.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// Draws the report page; `today` is for the 今天/本月 buttons.
pub fn reports_ui(ui: &mut Ui, state: &mut ReportsState, today: NaiveDate) -> Option<Command> {
    let mut command = None;
    let period = state.period?;
    let load = |p| Some(Command::Reports(ReportsCommand::Load(p)));
    ui.horizontal(|ui| {
        ui.heading(text::TITLE);
        ui.separator();
        if ui.selectable_label(!period.is_month(), text::DAY).clicked() && period.is_month() {
            command = load(ReportPeriod::Day(today));
        }
        if ui
            .selectable_label(period.is_month(), text::MONTH)
            .clicked()
            && !period.is_month()
        {
            command = load(ReportPeriod::Month(Month::of(period.first_day())));
        }
        ui.separator();
        let (prev, next, current) = if period.is_month() {
            (text::PREV_MONTH, text::NEXT_MONTH, text::THIS_MONTH)
        } else {
            (text::PREV_DAY, text::NEXT_DAY, text::TODAY)
        };
        if ui.button(prev).clicked() {
            command = load(period.previous());
        }
        ui.label(RichText::new(period_text(period)).strong());
        if ui.button(next).clicked() {
            command = load(period.next());
        }
        if ui.button(current).clicked() {
            command = load(period.same_kind_holding(today));
        }
        ui.separator();
        if ui.button(text::EXPORT).clicked() {
            command = Some(Command::Reports(ReportsCommand::Export(period)));
        }
    });
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    let Some(report) = &state.report else {
        return command;
    };
    ui.label(RichText::new(text::RULE).small().weak());
    if report.voided > 0 {
        ui.label(
            RichText::new(text::VOIDED.replace("{n}", &report.voided.to_string()))
                .small()
                .color(ERROR_RED),
        );
    }
    ui.separator();
    totals_ui(ui, &report.total);
    if !report.cod.is_empty() {
        ui.label(RichText::new(text::COD.replace("{l}", &report.cod.line())).strong());
    }
    if !report.satisfaction.is_empty() {
        ui.label(text::SATISFACTION.replace("{l}", &report.satisfaction.summary()));
    }
    ui.separator();
    if report.is_empty() {
        empty_notice(ui, text::EMPTY);
        return command;
    }
    let sort = &mut state.sort;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.columns(2, |columns| {
            section(&mut columns[0], text::TOP_DESTINATIONS);
            top_destinations_ui(&mut columns[0], report);
            if report.period.is_month() {
                section(&mut columns[1], text::BY_DAY);
                by_day_ui(&mut columns[1], report);
            }
        });
        ui.add_space(8.0);
        section(ui, text::BY_DESTINATION);
        table_ui(
            ui,
            "by_destination",
            text::DESTINATION,
            &report.by_destination,
            &report.total,
            Some(sort),
        );
        ui.add_space(8.0);
        section(ui, text::BY_CLERK);
        if report.own_line_only {
            let note = if report.by_clerk.is_empty() {
                text::NO_OWN_LINE
            } else {
                text::OWN_LINE
            };
            ui.label(RichText::new(note).small().weak());
        }
        if !report.by_clerk.is_empty() {
            table_ui(
                ui,
                "by_clerk",
                text::CLERK,
                &report.by_clerk,
                &report.total,
                Some(sort),
            );
        }
        if !report.satisfaction_by_clerk.is_empty() {
            ui.add_space(8.0);
            section(ui, text::BY_CLERK_SATISFACTION);
            for (_, name, s) in &report.satisfaction_by_clerk {
                ui.label(format!("{name}：{}", s.summary()));
            }
        }
        ui.add_space(8.0);
        section(ui, text::BY_PAYMENT);
        table_ui(
            ui,
            "by_payment",
            text::PAYMENT,
            &report.by_payment,
            &report.total,
            None,
        );
    });
    command
}

fn period_text(period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Day(day) => day.format("%Y年%m月%d日").to_string(),
        ReportPeriod::Month(month) => month.first_day().format("%Y年%m月").to_string(),
    }
}

fn totals_ui(ui: &mut Ui, total: &Figures) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(text::REVENUE.replace("{y}", &format_yuan(total.revenue_yuan)))
                .size(24.0)
                .strong(),
        );
        ui.add_space(12.0);
        for line in [
            text::WAYBILLS.replace("{n}", &total.waybills.to_string()),
            text::PIECES.replace("{n}", &total.pieces.to_string()),
            text::WEIGHT.replace("{w}", &weight_text(total.weight_kg)),
            text::VOLUME.replace("{v}", &volume_text(total.volume_m3)),
            text::AVERAGE.replace("{y}", &format_yuan(total.average_yuan())),
        ] {
            ui.label(RichText::new(line).size(17.0));
            ui.add_space(8.0);
        }
    });
}

fn bar_color(ui: &Ui) -> Color32 {
    ui.visuals().hyperlink_color.gamma_multiply(0.75)
}

/// `value` as a fraction of `max` (0 when `max` is 0), for a bar's length.
fn fraction(value: Decimal, max: Decimal) -> f32 {
    if max <= Decimal::ZERO {
        return 0.0;
    }
    (value / max).to_f32().unwrap_or(0.0).clamp(0.0, 1.0)
}

/// Horizontal bars of the ten destinations with the highest revenue.
fn top_destinations_ui(ui: &mut Ui, report: &BusinessReport) {
    let top = report.top_destinations(10);
    let max = top
        .first()
        .map_or(Decimal::ZERO, |r| r.figures.revenue_yuan);
    let row_h = 20.0;
    #[allow(clippy::cast_precision_loss, reason = "at most ten bars")]
    let height = row_h * top.len() as f32;
    let width = ui.available_width().clamp(240.0, 560.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let name_w = 150.0;
    let amount_w = 90.0;
    let bar_span = (rect.width() - name_w - amount_w).max(20.0);
    for (k, row) in top.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "at most ten bars")]
        let top_y = rect.top() + k as f32 * row_h;
        let mid = top_y + row_h / 2.0;
        painter.text(
            egui::pos2(rect.left(), mid),
            Align2::LEFT_CENTER,
            short(&row.label, 9),
            FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
        let length = bar_span * fraction(row.figures.revenue_yuan, max);
        let bar = egui::Rect::from_min_size(
            egui::pos2(rect.left() + name_w, top_y + 3.0),
            egui::vec2(length.max(1.0), row_h - 6.0),
        );
        painter.rect_filled(bar, 2.0, bar_color(ui));
        painter.text(
            bar.right_center() + egui::vec2(4.0, 0.0),
            Align2::LEFT_CENTER,
            format_yuan(row.figures.revenue_yuan),
            FontId::proportional(11.0),
            ui.visuals().text_color(),
        );
    }
}

/// The last `n` characters of a long destination name ("广东省 广州市 白云区" → its end),
/// which is the part that tells destinations apart.
fn short(name: &str, n: usize) -> String {
    let count = name.chars().count();
    if count <= n {
        return name.to_owned();
    }
    let tail: String = name.chars().skip(count - (n - 1)).collect();
    format!("…{tail}")
}

/// Vertical bars of revenue by day of the month, the hovered day's figures on top.
fn by_day_ui(ui: &mut Ui, report: &BusinessReport) {
    let days = &report.by_day;
    if days.is_empty() {
        return;
    }
    let max = days
        .iter()
        .map(|(_, f)| f.revenue_yuan)
        .max()
        .unwrap_or(Decimal::ZERO);
    let width = ui.available_width().clamp(240.0, 620.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 180.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = egui::Rect::from_min_max(
        rect.min + egui::vec2(0.0, 18.0),
        rect.max - egui::vec2(0.0, 16.0),
    );
    #[allow(clippy::cast_precision_loss, reason = "at most 31 days")]
    let step = plot.width() / days.len() as f32;
    let weak = ui.visuals().weak_text_color();
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        egui::Stroke::new(1.0, weak),
    );
    // The best day's height, as the scale.
    painter.line_segment(
        [plot.left_top(), plot.right_top()],
        egui::Stroke::new(0.5, weak.gamma_multiply(0.5)),
    );
    painter.text(
        plot.right_top() - egui::vec2(0.0, 2.0),
        Align2::RIGHT_BOTTOM,
        text::BEST_DAY.replace("{y}", &format_yuan(max)),
        FontId::proportional(10.0),
        weak,
    );
    let hovered = response
        .hover_pos()
        .map(|p| ((p.x - plot.left()) / step).floor());
    for (k, (day, figures)) in days.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "at most 31 days")]
        let left = plot.left() + k as f32 * step;
        let height = plot.height() * fraction(figures.revenue_yuan, max);
        let bar = egui::Rect::from_min_max(
            egui::pos2(left + step * 0.15, plot.bottom() - height),
            egui::pos2(left + step * 0.85, plot.bottom()),
        );
        #[allow(clippy::cast_precision_loss, reason = "at most 31 days")]
        let is_hovered = hovered == Some(k as f32);
        let color = if is_hovered {
            ui.visuals().hyperlink_color
        } else {
            bar_color(ui)
        };
        painter.rect_filled(bar, 1.0, color);
        let number = day.day();
        if number == 1 || number % 5 == 0 || is_hovered {
            painter.text(
                egui::pos2(left + step / 2.0, plot.bottom() + 2.0),
                Align2::CENTER_TOP,
                number.to_string(),
                FontId::proportional(10.0),
                ui.visuals().weak_text_color(),
            );
        }
        if is_hovered {
            painter.text(
                rect.left_top(),
                Align2::LEFT_TOP,
                text::DAY_TIP
                    .replace("{d}", &number.to_string())
                    .replace("{n}", &figures.waybills.to_string())
                    .replace("{y}", &format_yuan(figures.revenue_yuan)),
                FontId::proportional(12.0),
                ui.visuals().text_color(),
            );
        }
    }
}

fn sorted(rows: &[ReportRow], sort: SortKey) -> Vec<&ReportRow> {
    let mut rows: Vec<&ReportRow> = rows.iter().collect();
    let by = |row: &&ReportRow| {
        let f = &row.figures;
        match sort {
            SortKey::Revenue => f.revenue_yuan,
            SortKey::Waybills => Decimal::from(f.waybills),
            SortKey::Pieces => Decimal::from(f.pieces),
            SortKey::Weight => f.weight_kg,
            SortKey::Volume => f.volume_m3,
            SortKey::Name => Decimal::ZERO,
        }
    };
    if sort == SortKey::Name {
        rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
    } else {
        // Highest first; the order of the report (revenue, then key) breaks ties.
        rows.sort_by_key(|row| std::cmp::Reverse(by(row)));
    }
    rows
}

/// A table of one dimension; with `sort`, its headers sort it (highest first).
fn table_ui(
    ui: &mut Ui,
    id: &str,
    name: &str,
    rows: &[ReportRow],
    total: &Figures,
    mut sort: Option<&mut SortKey>,
) {
    let order = sort.as_deref().copied();
    let shown = match order {
        Some(key) => sorted(rows, key),
        None => rows.iter().collect(),
    };
    egui::Grid::new(id)
        .striped(true)
        .min_col_width(70.0)
        .show(ui, |ui| {
            let mut header =
                |ui: &mut Ui, title: &str, key: Option<SortKey>| match (sort.as_deref_mut(), key) {
                    (Some(current), Some(key)) => {
                        let active = *current == key;
                        let title = if active {
                            format!("{title} ▼")
                        } else {
                            title.to_owned()
                        };
                        if ui
                            .selectable_label(active, RichText::new(title).strong())
                            .clicked()
                        {
                            *current = key;
                        }
                    }
                    _ => {
                        ui.strong(title);
                    }
                };
            header(ui, name, Some(SortKey::Name));
            for (title, key) in text::FIGURES.iter().zip(SortKey::COLUMNS) {
                header(ui, title, key);
            }
            ui.end_row();
            for row in shown {
                ui.label(&row.label);
                let f = &row.figures;
                for cell in [
                    f.waybills.to_string(),
                    f.pieces.to_string(),
                    weight_text(f.weight_kg),
                    volume_text(f.volume_m3),
                    format_yuan(f.revenue_yuan),
                    format_yuan(f.average_yuan()),
                    format!("{}%", f.share_percent(total)),
                ] {
                    ui.monospace(cell);
                }
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn figures_are_written_as_the_screen_shows_them() {
        let d = |t| Decimal::from_str(t).unwrap();
        // (value, weight text, volume text)
        let cases = [
            ("0", "0.0", "0.000"),
            ("100.25", "100.3", "100.250"),
            ("0.0005", "0.0", "0.001"),
            ("12345.649", "12345.6", "12345.649"),
        ];
        for (value, weight, volume) in cases {
            assert_eq!(weight_text(d(value)), weight, "{value}");
            assert_eq!(volume_text(d(value)), volume, "{value}");
        }
        assert_eq!(short("湘潭市 湘潭县", 9), "湘潭市 湘潭县");
        assert_eq!(
            short("内蒙古自治区 锡林郭勒盟 正镶白旗", 9),
            "…郭勒盟 正镶白旗"
        );
    }
}
