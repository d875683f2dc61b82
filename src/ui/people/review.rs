//! The 月度考核 panel: every person's points for a month with the items behind them and
//! each item's evidence, a chart of points over the last months, and for the supervisor
//! the tools of the review: enter an event, dismiss a detected one with a reason, export,
//! and sign the month off (lock). A clerk sees only their own review.

use super::review_state::{ReviewState, attachment_name};
use super::review_tools::{appeals_ui, import_ui, supervisor_tools_ui};
use crate::domain::money::format_yuan;
use crate::domain::people::Month;
use crate::domain::people::points::Rule;
use crate::domain::people::review::{MonthReview, PersonReview, event_evidence};
use crate::storage::people::StoredEvent;
use crate::ui::PeopleCommand;
use crate::ui::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, section, table_titles};
use crate::ui::{Command, DeskView};
use egui::{Color32, RichText, Ui};

/// Chinese text of this panel.
mod text {
    pub const TITLE: &str = "月度考核";
    pub const MONTH: &str = "月份";
    pub const PREV: &str = "◀ 上月";
    pub const NEXT: &str = "下月 ▶";
    pub const LOCKED: &str = "本月已签字锁定，不能再更改";
    pub const OPEN: &str = "本月尚未锁定";
    pub const COLUMNS: [&str; 5] = ["工号", "姓名", "岗位", "得分", "应发工资"];
    pub const EMPTY: &str = "这个月没有在职员工的考核数据";
    pub const ITEMS: &str = "扣分与奖励明细";
    pub const NO_ITEMS: &str = "本月无扣分、无奖励";
    pub const ATTENTION: &str = "※ 条款未规定，按设置处理，请主管复核";
    pub const SATISFACTION: &str = "客户满意度（回访，仅供参考，不计分）：{l}";
    pub const PAY: &str = "月基本工资 {b} × 在职 {d}/{m} 天 × {p}/100 = 应发 {y}，{date} 发放";
    pub const CHARGES: &str = "应扣费用（制度：并负责产生的费用）";
    pub const CHARGE_LINE: &str = "{r}  ¥{a}  {w}  {d}";
    pub const CHARGES_SUM: &str =
        "应扣 ¥{t}：本月扣回 ¥{k}（每月最多扣应发的 20%），未扣回 ¥{c}；实发 ¥{n}";
    pub const ADJUSTED: &str = "（{a}）";
    pub const CHANGE_AMOUNT: &str = "改为（元）";
    pub const CHANGE_REASON: &str = "调整原因";
    pub const CHANGE: &str = "改";
    pub const WAIVE: &str = "免除";
    pub const BAD_CHANGE: &str = "金额请填写元（最多两位小数），原因必填";
    pub const LOCK: &str = "签字锁定本月";
    pub const CONFIRM_DEBTS: &str = "确认第22条欠款";
    pub const CONFIRM_DEBTS_HINT: &str = "本月未经批准赊账的月结运单，欠款计入开单员应扣费用（主管在柜台授权的除外）；可逐笔免除或改金额";
    pub const EXPORT_PDF: &str = "导出考核表 PDF…";
    pub const EXPORT_XLSX: &str = "导出工资表 XLSX…";
    pub const CHART: &str = "近六个月得分";
    pub const FREQUENT: &str = "本月最常见的扣分";
    pub const NO_DEDUCTIONS: &str = "本月没有扣分";
    pub const ATTACHMENT: &str = "附件";
    pub const ATTACHMENT_OPEN: &str = "打开";
}

/// Draws the review page. `supervisor` unlocks the review tools; otherwise only
/// `own_id`'s review is shown.
pub fn review_ui(
    ui: &mut Ui,
    state: &mut ReviewState,
    view: &DeskView,
    supervisor: bool,
    own_id: &str,
) -> Option<Command> {
    let mut command = None;
    let month = state.month?;
    // Wrapped: at 1024 px the supervisor's buttons take a second line rather than run off.
    ui.horizontal_wrapped(|ui| {
        ui.heading(text::TITLE);
        ui.separator();
        ui.label(text::MONTH);
        if ui.button(text::PREV).clicked() {
            command = Some(Command::People(PeopleCommand::LoadReview(previous(month))));
        }
        ui.label(RichText::new(month_text(month)).strong());
        if ui.button(text::NEXT).clicked() {
            command = Some(Command::People(PeopleCommand::LoadReview(month.next())));
        }
        ui.separator();
        if state.locked {
            ui.label(RichText::new(text::LOCKED).color(OK_GREEN));
        } else {
            ui.label(RichText::new(text::OPEN).weak());
        }
        if supervisor {
            ui.separator();
            if ui.button(text::EXPORT_PDF).clicked() {
                command = Some(Command::People(PeopleCommand::ExportReview {
                    month,
                    xlsx: false,
                }));
            }
            if ui.button(text::EXPORT_XLSX).clicked() {
                command = Some(Command::People(PeopleCommand::ExportReview {
                    month,
                    xlsx: true,
                }));
            }
            if !state.locked
                && ui
                    .button(text::CONFIRM_DEBTS)
                    .on_hover_text(text::CONFIRM_DEBTS_HINT)
                    .clicked()
            {
                command = Some(Command::People(PeopleCommand::ConfirmDebts(month)));
            }
            if !state.locked
                && ui
                    .button(RichText::new(text::LOCK).color(ERROR_RED))
                    .clicked()
            {
                command = Some(Command::People(PeopleCommand::LockMonth(month)));
            }
        }
    });
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    ui.separator();

    let people: Vec<PersonReview> = state
        .review
        .as_ref()
        .map(|r| {
            r.people
                .iter()
                .filter(|p| supervisor || p.staff_id == own_id)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    if people.is_empty() {
        crate::ui::widgets::empty_notice(ui, text::EMPTY);
        return command;
    }
    if !people.iter().any(|p| p.staff_id == state.selected) {
        state.selected.clone_from(&people[0].staff_id);
    }

    egui::Panel::left("review_people")
        .resizable(false)
        .exact_size(420.0)
        .show(ui, |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            egui_extras::TableBuilder::new(ui)
                .striped(true)
                .sense(egui::Sense::click())
                .column(egui_extras::Column::exact(60.0))
                .column(egui_extras::Column::exact(80.0))
                .column(egui_extras::Column::exact(70.0))
                .column(egui_extras::Column::exact(60.0))
                .column(egui_extras::Column::remainder())
                .header(26.0, |mut header| {
                    table_titles(&mut header, &text::COLUMNS);
                })
                .body(|body| {
                    body.rows(28.0, people.len(), |mut row| {
                        let p = &people[row.index()];
                        row.set_selected(p.staff_id == state.selected);
                        row.col(|ui| {
                            ui.monospace(&p.staff_id);
                        });
                        row.col(|ui| {
                            ui.label(&p.name);
                        });
                        row.col(|ui| {
                            ui.label(p.role.label());
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(p.points.to_string())
                                    .strong()
                                    .color(points_color(p.points)),
                            );
                        });
                        row.col(|ui| {
                            ui.label(format_yuan(p.pay_yuan));
                        });
                        if row.response().clicked() {
                            state.selected.clone_from(&p.staff_id);
                        }
                    });
                });
            ui.add_space(8.0);
            section(ui, text::CHART);
            chart_ui(ui, &state.history, &people);
            if supervisor && let Some(review) = &state.review {
                ui.add_space(8.0);
                section(ui, text::FREQUENT);
                frequent_ui(ui, review);
            }
        });

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            if let Some(person) = people.iter().find(|p| p.staff_id == state.selected)
                && let Some(c) = person_ui(
                    ui,
                    person,
                    month,
                    &state.events,
                    state.satisfaction.get(&person.staff_id),
                    (supervisor && !state.locked)
                        .then_some((&mut state.charge_change, &mut state.message)),
                )
            {
                command = Some(c);
            }
            if supervisor && let Some(c) = supervisor_tools_ui(ui, state, view, month) {
                command = Some(c);
            }
            if let Some(c) = appeals_ui(ui, state, supervisor, own_id) {
                command = Some(c);
            }
            if supervisor && let Some(c) = import_ui(ui, &mut state.import) {
                command = Some(c);
            }
        });
    });
    command
}

fn month_text(month: Month) -> String {
    month.first_day().format("%Y-%m").to_string()
}

fn previous(month: Month) -> Month {
    Month::of(month.first_day() - chrono::Days::new(1))
}

fn points_color(points: i64) -> Color32 {
    match points {
        p if p >= 100 => OK_GREEN,
        p if p >= 95 => WARN_AMBER,
        _ => ERROR_RED,
    }
}

/// The supervisor's change of a charge as typed (amount, reason), and the page's message
/// line for a change refused before it is sent.
type ChargeChange<'a> = (&'a mut (String, String), &'a mut Option<(bool, String)>);

fn person_ui(
    ui: &mut Ui,
    p: &PersonReview,
    month: Month,
    events: &[StoredEvent],
    satisfaction: Option<&crate::domain::service::return_call::Satisfaction>,
    mut change: Option<ChargeChange<'_>>,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        ui.heading(format!("{} {}", p.staff_id, p.name));
        ui.label(p.role.label());
        ui.label(
            RichText::new(format!("得分 {}", p.points))
                .size(22.0)
                .strong()
                .color(points_color(p.points)),
        );
    });
    ui.label(
        text::PAY
            .replace("{b}", &format_yuan(p.base_salary_yuan))
            .replace("{d}", &p.days_employed.to_string())
            .replace("{m}", &month.days().to_string())
            .replace("{p}", &p.points.to_string())
            .replace("{y}", &format_yuan(p.pay_yuan))
            .replace("{date}", &p.pay_date.format("%Y-%m-%d").to_string()),
    );
    if let Some(s) = satisfaction {
        ui.label(RichText::new(text::SATISFACTION.replace("{l}", &s.summary())).weak());
    }
    if !p.charges.items.is_empty() {
        section(ui, text::CHARGES);
        if let Some(((amount, reason), _)) = change.as_mut() {
            ui.horizontal(|ui| {
                let l = ui.label(text::CHANGE_AMOUNT);
                ui.add(egui::TextEdit::singleline(amount).desired_width(80.0))
                    .labelled_by(l.id);
                let l = ui.label(text::CHANGE_REASON);
                ui.add(egui::TextEdit::singleline(reason).desired_width(260.0))
                    .labelled_by(l.id);
            });
        }
        for c in &p.charges.items {
            ui.horizontal_wrapped(|ui| {
                let adjusted = c
                    .adjusted
                    .as_deref()
                    .map(|a| text::ADJUSTED.replace("{a}", a))
                    .unwrap_or_default();
                ui.label(
                    RichText::new(format!(
                        "{}{adjusted}",
                        text::CHARGE_LINE
                            .replace("{r}", c.rule)
                            .replace("{a}", &format_yuan(c.amount_yuan))
                            .replace("{w}", &c.waybill)
                            .replace("{d}", &c.detail)
                    ))
                    .color(ERROR_RED),
                );
                if let Some(((amount, reason), message)) = change.as_mut() {
                    let asked = |waive: bool| {
                        let value = if waive {
                            Some(rust_decimal::Decimal::ZERO)
                        } else {
                            crate::domain::people::review::charges::parse_charge(amount)
                                .ok()
                                .flatten()
                        };
                        value.filter(|_| !reason.trim().is_empty())
                    };
                    for (label, waive) in [(text::CHANGE, false), (text::WAIVE, true)] {
                        if ui.small_button(label).clicked() {
                            match asked(waive) {
                                Some(amount_yuan) => {
                                    command = Some(Command::People(PeopleCommand::AdjustCharge {
                                        staff_id: p.staff_id.clone(),
                                        month,
                                        key: c.key(),
                                        amount_yuan,
                                        reason: reason.trim().to_owned(),
                                    }));
                                }
                                None => **message = Some((false, text::BAD_CHANGE.to_owned())),
                            }
                        }
                    }
                }
            });
        }
        ui.label(
            RichText::new(
                text::CHARGES_SUM
                    .replace("{t}", &format_yuan(p.charges.total_yuan))
                    .replace("{k}", &format_yuan(p.charges.deducted_yuan))
                    .replace("{c}", &format_yuan(p.charges.carried_yuan))
                    .replace("{n}", &format_yuan(p.net_pay_yuan())),
            )
            .strong(),
        );
    }
    section(ui, text::ITEMS);
    if p.items.is_empty() {
        ui.label(RichText::new(text::NO_ITEMS).weak());
    }
    let mut attention = false;
    for item in &p.items {
        let sign = if item.points > 0 { "+" } else { "" };
        let head = format!(
            "{}{}  {}{}  {}",
            item.rule.code(),
            if item.needs_attention { " ※" } else { "" },
            sign,
            item.points,
            item.detail
        );
        attention |= item.needs_attention;
        let color = match item.points.cmp(&0) {
            std::cmp::Ordering::Less => ERROR_RED,
            std::cmp::Ordering::Greater => OK_GREEN,
            std::cmp::Ordering::Equal => ui.visuals().text_color(),
        };
        // An item with nothing behind it (全勤, 当月无扣分) is a line, not a header that
        // opens onto nothing.
        if item.evidence.is_empty() {
            ui.label(RichText::new(format!("    {head}")).color(color));
            continue;
        }
        egui::CollapsingHeader::new(RichText::new(head).color(color))
            .id_salt(("item", &p.staff_id, item.rule.code()))
            .default_open(item.evidence.len() <= 3)
            .show(ui, |ui| {
                // Each recorded event with an attachment shows it under its line once.
                let mut shown: Vec<i64> = Vec::new();
                for e in &item.evidence {
                    // The evidence says its day, waybill and source itself.
                    ui.label(RichText::new(&e.text).small());
                    let attached = events.iter().find(|s| {
                        s.attachment.is_some()
                            && !shown.contains(&s.id)
                            && s.event.staff_id == p.staff_id
                            && event_evidence(&s.event) == *e
                    });
                    if let Some((id, stored)) =
                        attached.and_then(|s| s.attachment.as_ref().map(|a| (s.id, a)))
                    {
                        shown.push(id);
                        ui.horizontal(|ui| {
                            ui.add_space(16.0);
                            ui.label(
                                RichText::new(format!(
                                    "{}：{}",
                                    text::ATTACHMENT,
                                    attachment_name(stored)
                                ))
                                .small(),
                            );
                            if ui.small_button(text::ATTACHMENT_OPEN).clicked() {
                                command = Some(Command::People(PeopleCommand::OpenAttachment(
                                    stored.clone(),
                                )));
                            }
                        });
                    }
                }
            });
    }
    if attention {
        ui.label(RichText::new(text::ATTENTION).small().color(WARN_AMBER));
    }
    command
}

/// Bars of points per person for the last six months.
fn chart_ui(ui: &mut Ui, history: &[(Month, String, i64)], people: &[PersonReview]) {
    let months: Vec<Month> = {
        let mut m: Vec<Month> = history.iter().map(|(m, _, _)| *m).collect();
        m.sort();
        m.dedup();
        m
    };
    let bar_h = 8.0;
    for person in people {
        ui.horizontal(|ui| {
            ui.add_sized(
                [70.0, 16.0],
                egui::Label::new(RichText::new(&person.name).small()),
            );
            let rows = u8::try_from(months.len().clamp(1, 6)).unwrap_or(6);
            let (rect, _) = ui.allocate_exact_size(
                egui::vec2(300.0, bar_h * 1.6 * f32::from(rows)),
                egui::Sense::hover(),
            );
            let painter = ui.painter_at(rect);
            for (k, month) in months.iter().enumerate() {
                let points = history
                    .iter()
                    .find(|(m, id, _)| m == month && *id == person.staff_id)
                    .map(|(_, _, p)| *p);
                let Some(points) = points else { continue };
                #[allow(clippy::cast_precision_loss, reason = "points are small whole numbers")]
                let width = (points.clamp(0, 120) as f32 / 120.0) * (rect.width() - 60.0);
                #[allow(clippy::cast_precision_loss, reason = "at most six bars")]
                let top = rect.top() + k as f32 * bar_h * 1.6;
                let bar = egui::Rect::from_min_size(
                    egui::pos2(rect.left() + 36.0, top),
                    egui::vec2(width, bar_h),
                );
                painter.text(
                    egui::pos2(rect.left(), top + bar_h / 2.0),
                    egui::Align2::LEFT_CENTER,
                    month.first_day().format("%m月").to_string(),
                    egui::FontId::proportional(10.0),
                    ui.visuals().weak_text_color(),
                );
                painter.rect_filled(bar, 2.0, points_color(points).gamma_multiply(0.8));
                painter.text(
                    bar.right_center() + egui::vec2(4.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    points.to_string(),
                    egui::FontId::proportional(10.0),
                    ui.visuals().text_color(),
                );
            }
        });
    }
}

/// The rules that cost the most points this month, over everyone, as bars.
fn frequent_ui(ui: &mut Ui, review: &MonthReview) {
    let mut by_rule: Vec<(Rule, u32, i64)> = Vec::new();
    for item in review
        .people
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.points < 0)
    {
        match by_rule.iter_mut().find(|(r, _, _)| *r == item.rule) {
            Some(entry) => {
                entry.1 += item.count;
                entry.2 += item.points;
            }
            None => by_rule.push((item.rule, item.count, item.points)),
        }
    }
    if by_rule.is_empty() {
        ui.label(RichText::new(text::NO_DEDUCTIONS).weak());
        return;
    }
    by_rule.sort_by_key(|(rule, _, points)| (*points, *rule));
    let worst = by_rule.first().map_or(1, |(_, _, p)| p.abs().max(1));
    for (rule, count, points) in by_rule.iter().take(6) {
        ui.horizontal(|ui| {
            ui.add_sized(
                [40.0, 16.0],
                egui::Label::new(RichText::new(rule.code()).small().monospace()),
            );
            let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 12.0), egui::Sense::hover());
            #[allow(clippy::cast_precision_loss, reason = "points are small whole numbers")]
            let width = rect.width() * (points.abs() as f32 / worst as f32);
            ui.painter().rect_filled(
                egui::Rect::from_min_size(rect.min, egui::vec2(width, rect.height())),
                2.0,
                ERROR_RED.gamma_multiply(0.7),
            );
            ui.label(RichText::new(format!("{points} 分 · {count} 次")).small());
        });
    }
}
