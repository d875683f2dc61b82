//! The 设置 panel: the station and its numbering, the premium rate and minimum, the staff
//! list, the prohibited goods list, and loading demo data into an empty desk. Also the
//! read-only 拒收记录 page.

use super::widgets::{ERROR_RED, OK_GREEN, WARN_AMBER, choice, field_label, section, text_field};
use super::{Command, DeskView};
use crate::domain::desk::screening::ProhibitedWord;
use crate::domain::money::parse_decimal;
use crate::domain::people::attendance::{
    AttendanceDraft, AttendanceField, Bracket, ScheduledShift, ShiftKind, WORKED_SHIFTS,
};
use crate::domain::people::points::{Rule, RuleOverride};
use crate::domain::people::{
    Departure, DepartureDraft, DepartureField, DepartureKind, Month, Role, Staff,
};
use crate::domain::service::claims::ClaimSettings;
use crate::domain::settings::{
    DEFAULT_TERMS, DeskSettings, LabelSize, PrintSettings, WaybillPaper, conflicting_multiples,
    multiple_in_words,
};
use crate::storage::waybills::Refusal;
use crate::ui::PeopleCommand;
use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui};
use std::collections::BTreeMap;

/// Chinese text of this panel.
mod text {
    pub const STATION: &str = "本站";
    pub const COMPANY: &str = "公司名称";
    pub const STATION_NAME: &str = "起运站";
    pub const STATION_PHONE: &str = "本站电话";
    pub const PREFIX: &str = "单号前缀";
    pub const FEES: &str = "保价";
    pub const RATE: &str = "保价费率（‰）";
    pub const MIN: &str = "最低保价费（元）";
    pub const FEES_NOTE: &str = "保价费 = 保价金额 × 费率，不低于最低保价费，四舍五入到分。公司规定“10元保费=3000报价”即 3‰、最低 10 元。";
    pub const SAVE: &str = "保存设置";
    pub const BAD_PREFIX: &str = "单号前缀应为 1–4 个大写字母";
    pub const BAD_RATE: &str = "费率须为 0–1000 ‰，最低保价费须为 0–10000000 元";
    pub const STAFF: &str = "员工";
    pub const STAFF_ID: &str = "工号";
    pub const STAFF_NAME: &str = "姓名";
    pub const STAFF_ROLE: &str = "岗位";
    pub const STAFF_SAVE: &str = "添加/更新员工";
    pub const STAFF_MISSING: &str =
        "请填写工号、姓名、入职日期（2026-11-01）和月基本工资（0–10000000 元）；离职日期可空";
    pub const STAFF_COLUMNS: [&str; 6] =
        ["工号", "姓名", "岗位", "入职日期", "离职日期", "月基本工资"];
    pub const STAFF_JOINED: &str = "入职日期";
    pub const STAFF_LEFT: &str = "离职日期";
    pub const STAFF_SALARY: &str = "月基本工资";
    pub const RESET_FOR: &str = "重设密码：工号";
    pub const RESET_PASSWORD: &str = "新密码";
    pub const RESET: &str = "重设";
    pub const RULES: &str = "扣分规则";
    pub const RULES_NOTE: &str =
        "公司默认见《客服开单员管理制度》；改动后新的考核按新规则计算，已锁定的月份不变。";
    pub const RULE_SAVE: &str = "保存";
    pub const RULE_BAD: &str = "分数须为整数（扣分为负数）";
    pub const PROHIBITED: &str = "禁运品名单";
    pub const PROHIBITED_NOTE: &str = "品名中含有下列词语的货物一律拒收。每行：类别：词语 词语 …";
    pub const PROHIBITED_SAVE: &str = "保存禁运品名单";
    pub const DEMO: &str = "演示数据";
    pub const DEMO_LOAD: &str = "载入演示数据";
    pub const DEMO_NOTE: &str = "只能载入空数据库：一周的运单、报价表、员工和客户。";
    pub const PRINT: &str = "打印";
    pub const PAPER: &str = "运单纸张";
    pub const COPIES: &str = "联（按顺序，空格分隔）";
    pub const OVERLAY: &str = "套打：只打印内容到预印的运单上";
    pub const OFFSET_X: &str = "套打右移（毫米）";
    pub const OFFSET_Y: &str = "套打下移（毫米）";
    pub const OVERLAY_TEST: &str = "打印套打测试页";
    pub const LABEL_SIZE: &str = "货签尺寸（毫米）";
    pub const LABEL_QR: &str = "货签加印二维码";
    pub const WAYBILL_PRINTER: &str = "运单打印机";
    pub const LABEL_PRINTER: &str = "货签打印机";
    pub const DEFAULT_PRINTER: &str = "系统默认";
    pub const REFRESH: &str = "刷新打印机列表";
    pub const NO_PRINTERS: &str = "未找到打印机：打印时将打开 PDF";
    pub const TERMS: &str = "运单条款";
    pub const TERMS_NOTE: &str =
        "条款中的 {赔偿倍数} 打印时换成当前的赔偿倍数（如 三倍、2.5倍），条款与理赔始终一致。";
    pub const TERMS_DEFAULT: &str = "恢复默认条款";
    pub const CLAIM_MULTIPLE: &str = "赔偿倍数（运费的倍数）";
    pub const CLAIM_MULTIPLE_SAVE: &str = "保存赔偿倍数";
    pub const CLAIM_MULTIPLE_NOTE: &str = "未保价货物（及保价货物的破损）按运费的这个倍数以内赔偿，理赔按它计算。与「发车/到货 → 云递安 → 理赔上限」是同一项设置，在哪里改都一样。";
    pub const BAD_CLAIM_MULTIPLE: &str = "赔偿倍数须为大于 0、不超过 100 的数字，如 3 或 2.5";
    pub const IN_FORCE: &str = "当前在用：运费{m}";
    pub const UNSAVED: &str = "（预览按输入的 {m}，尚未保存）";
    pub const PREVIEW: &str = "打印效果";
    pub const CONFLICT: &str = "条款写的「{w}」与赔偿倍数（运费{m}）不符：客户看到的承诺与实际理赔不一致。请把「{w}」改为 {赔偿倍数}，打印时自动填入当前倍数。";
    pub const PRINT_SAVE: &str = "保存打印设置";
    pub const BAD_PRINT: &str = "偏移须为 -50 到 50 之间的数字（毫米），联至少一个";
    pub const ATTENDANCE: &str = "考勤";
    pub const ATTENDANCE_NOTE: &str = "班次时间（下班不晚于上班即为次日，如晚班 20:00–08:00；24:00 写作 00:00 或 24:00）与迟到早退的分档（分钟）。改动后新的考核按新设置计算，已锁定的月份不变。";
    pub const CLOCK_IN: &str = "上班";
    pub const CLOCK_OUT: &str = "下班";
    pub const SHORT_MAX: &str = "A4 迟到早退上限（分钟）";
    pub const LATE_FROM: &str = "A5 起点（分钟）";
    pub const LATE_MAX: &str = "A5 上限（分钟）";
    pub const VERY_LATE_MAX: &str = "A6 上限（分钟，超过为旷工 A7）";
    pub const GAP: &str = "A4 上限与 A5 起点之间（条款未规定）按";
    pub const MISSING: &str = "缺一次打卡按";
    pub const DUTY_GRACE: &str = "当班前后宽限（分钟）";
    pub const ATTENDANCE_SAVE: &str = "保存考勤设置";
    pub const SCHEDULE: &str = "排班";
    pub const SCHEDULE_NOTE: &str = "每人每天的班次：点一下格子依次换成 早 → 中 → 晚 → 休 → 空。排了班却没有任何打卡记录的班次，下班后按旷工（A7）计；当天有打卡记录的以打卡记录为准。排班也决定谁当班可以开单。";
    pub const SCHEDULE_PREV: &str = "◀ 上月排班";
    pub const SCHEDULE_NEXT: &str = "下月排班 ▶";
    pub const SCHEDULE_SAVE: &str = "保存排班";
    pub const SCHEDULE_PERSON: &str = "员工";
    pub const SCHEDULE_EMPTY: &str = "这个月没有在职员工";
    pub const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    pub const DEPARTURES: &str = "离职";
    pub const DEPARTURES_NOTE: &str = "辞职须提前 15 天申请，批准后再工作 15 天，第 16 天结算；未经批准离职，最后一天不计工资，当月按天计薪，次月最后一天发放；辞退按正常发薪。登记后员工的离职日期随之更新。";
    pub const DEPARTURE_STAFF: &str = "离职工号";
    pub const DEPARTURE_KIND: &str = "离职类别";
    pub const DEPARTURE_APPLIED: &str = "申请日期";
    pub const DEPARTURE_APPLIED_OPTIONAL: &str = "申请日期（可空）";
    pub const DEPARTURE_APPROVED: &str = "批准日期";
    pub const DEPARTURE_LAST_DAY: &str = "最后一天";
    pub const DEPARTURE_SAVE: &str = "登记离职";
    pub const DEPARTURE_CLEAR: &str = "撤销";
    pub const DATE_HINT: &str = "2026-11-05";
    pub const DEPARTURE_RESIGNED: &str =
        "最后工作日 {last}（批准后第 15 天），第 16 天 {pay} 结算工资";
    pub const DEPARTURE_WITHOUT_APPROVAL: &str =
        "最后一天 {last}（未做完，不计工资），当月工资按天计，{pay} 发放";
    pub const DEPARTURE_DISMISSED: &str = "最后一天 {last}，当月工资照常于 {pay} 发放";
    pub const DEPARTURE_COLUMNS: [&str; 8] = [
        "工号",
        "姓名",
        "类别",
        "申请日期",
        "批准日期",
        "最后一天",
        "工资结算日",
        "",
    ];
    pub const NO_DEPARTURES: &str = "还没有离职登记";
    pub const REFUSALS: &str = "拒收记录";
    pub const REFUSALS_EMPTY: &str = "还没有拒收记录";
    pub const REFUSAL_COLUMNS: [&str; 5] = ["时间", "开单员", "发货方", "品名", "原因"];
}

/// Everything the settings page keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct SettingsState {
    /// 备份与恢复.
    pub backup: crate::ui::backups::BackupState,
    /// Settings being edited; `None` until loaded.
    pub desk: Option<DeskSettings>,
    /// Premium rate in ‰ as typed.
    pub rate_permille: String,
    /// Minimum premium as typed.
    pub minimum: String,
    /// New staff member.
    pub staff_id: String,
    /// New staff name.
    pub staff_name: String,
    /// New staff role.
    pub staff_role: usize,
    /// 入职日期 as typed.
    pub staff_joined: String,
    /// 离职日期 as typed.
    pub staff_left: String,
    /// 月基本工资 as typed.
    pub staff_salary: String,
    /// 工号 whose password is reset.
    pub reset_id: String,
    /// The new password.
    pub reset_password: String,
    /// Rules as edited: rule, wording, points as typed.
    pub rules: Vec<(Rule, String, String)>,
    /// The prohibited list as text, one category per line.
    pub prohibited_text: String,
    /// Whether the prohibited text was loaded.
    pub prohibited_loaded: bool,
    /// Last message (ok, text).
    pub message: Option<(bool, String)>,
    /// Print settings being edited; `None` until loaded.
    pub print: Option<PrintSettings>,
    /// Copies as typed.
    pub copies: String,
    /// Overlay offsets as typed.
    pub offset_x: String,
    /// See `offset_x`.
    pub offset_y: String,
    /// The claim terms in force (their multiple prints in the waybill terms); loaded by
    /// the app with the page.
    pub claims: Option<ClaimSettings>,
    /// The claim multiple as typed.
    pub claim_multiple: String,
    /// The 考勤 form (shift times and brackets) as typed; loaded by the app with the page.
    pub attendance: Option<AttendanceDraft>,
    /// Its errors from the last save, next to their fields.
    pub attendance_errors: Vec<(AttendanceField, String)>,
    /// The month of the schedule (排班) shown; loaded by the app with the page.
    pub schedule_month: Option<Month>,
    /// Its schedule as edited: the shift of each person and day that has one.
    pub schedule: BTreeMap<(String, NaiveDate), ShiftKind>,
    /// The departure form (离职登记) as typed.
    pub departure: DepartureDraft,
    /// Its errors from the last 登记离职, next to their fields.
    pub departure_errors: Vec<(DepartureField, String)>,
    /// Recorded departures, in 工号 order (loaded by the app with the page).
    pub departures: Vec<Departure>,
}

impl SettingsState {
    /// Shows the stored schedule of `month` in the grid.
    pub fn show_schedule(&mut self, month: Month, entries: &[ScheduledShift]) {
        self.schedule_month = Some(month);
        self.schedule = entries
            .iter()
            .map(|e| ((e.staff_id.clone(), e.day), e.shift))
            .collect();
    }

    /// Shows the claim terms in force, and their multiple in the form.
    pub fn show_claims(&mut self, claims: &ClaimSettings) {
        self.claim_multiple = claims.freight_multiple.normalize().to_string();
        self.claims = Some(claims.clone());
    }

    /// Reloads from the stored settings.
    pub fn load(&mut self, view: &DeskView) {
        let desk = view.settings.clone();
        self.rate_permille = (desk.fees.premium_rate * rust_decimal::Decimal::ONE_THOUSAND)
            .normalize()
            .to_string();
        self.minimum = desk.fees.minimum_premium_yuan.normalize().to_string();
        self.desk = Some(desk);
        self.prohibited_text = prohibited_to_text(&view.prohibited);
        self.prohibited_loaded = true;
        let print = view.print.clone();
        self.copies = print.copies.join(" ");
        self.offset_x = print.offset_x_mm.normalize().to_string();
        self.offset_y = print.offset_y_mm.normalize().to_string();
        self.print = Some(print);
    }
}

/// The list as editable text: `类别：词 词 词` per line.
#[must_use]
pub fn prohibited_to_text(list: &[ProhibitedWord]) -> String {
    let mut categories: Vec<(String, Vec<String>)> = Vec::new();
    for item in list {
        match categories.iter_mut().find(|(c, _)| *c == item.category) {
            Some((_, words)) => words.push(item.word.clone()),
            None => categories.push((item.category.clone(), vec![item.word.clone()])),
        }
    }
    categories
        .into_iter()
        .map(|(c, words)| format!("{c}：{}", words.join(" ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the editable text back; a line without a category goes under 违禁品.
#[must_use]
pub fn prohibited_from_text(text: &str) -> Vec<ProhibitedWord> {
    let mut out = Vec::new();
    for line in text.lines() {
        let (category, words) = match line.split_once(['：', ':']) {
            Some((c, w)) => (c.trim(), w),
            None => ("违禁品", line),
        };
        for word in words
            .split([' ', '，', ',', '、', '\t'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            out.push(ProhibitedWord {
                word: word.to_owned(),
                category: category.to_owned(),
            });
        }
    }
    out
}

/// Draws the settings page.
pub fn settings_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    if state.desk.is_none() || !state.prohibited_loaded {
        state.load(view);
    }
    let mut command = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        if let Some((ok, message)) = &state.message {
            ui.label(RichText::new(message).color(if *ok { OK_GREEN } else { ERROR_RED }));
        }
        if let Some(typed) =
            crate::ui::database::database_row(ui, &mut state.backup.database, &view.database)
        {
            command = Some(Command::OpenDatabase(typed));
        }
        if let Some(asked) = crate::ui::backups::backup_section(ui, &mut state.backup, &view.backup)
        {
            command = Some(Command::Backup(asked));
        }
        if let Some(desk) = &mut state.desk {
            section(ui, text::STATION);
            egui::Grid::new("station")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for (label, value) in [
                        (text::COMPANY, &mut desk.company_name),
                        (text::STATION_NAME, &mut desk.station_name),
                        (text::STATION_PHONE, &mut desk.station_phone),
                        (text::PREFIX, &mut desk.number_prefix),
                    ] {
                        let l = field_label(ui, label, false);
                        ui.add(egui::TextEdit::singleline(value).desired_width(300.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                });
            section(ui, text::FEES);
            ui.label(RichText::new(text::FEES_NOTE).small().weak());
            egui::Grid::new("fees")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let l = field_label(ui, text::RATE, false);
                    ui.add(
                        egui::TextEdit::singleline(&mut state.rate_permille).desired_width(100.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = field_label(ui, text::MIN, false);
                    ui.add(egui::TextEdit::singleline(&mut state.minimum).desired_width(100.0))
                        .labelled_by(l.id);
                    ui.end_row();
                });
            if ui.button(text::SAVE).clicked() {
                let prefix_ok = (1..=4).contains(&desk.number_prefix.trim().len())
                    && desk
                        .number_prefix
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_uppercase());
                // A premium rate of at most 1000‰ (the whole declared value), and a minimum
                // premium within the money range.
                let rate = parse_decimal(&state.rate_permille)
                    .filter(|v| !v.is_sign_negative() && *v <= rust_decimal::Decimal::ONE_THOUSAND);
                let minimum = parse_decimal(&state.minimum)
                    .and_then(|v| crate::domain::desk::limits::check_money(v, "最低保费").ok());
                match (prefix_ok, rate, minimum) {
                    (false, _, _) => state.message = Some((false, text::BAD_PREFIX.to_owned())),
                    (true, Some(rate), Some(minimum)) => {
                        let mut saved = desk.clone();
                        let prefix = saved.number_prefix.trim().to_owned();
                        saved.number_prefix = prefix;
                        saved.fees.premium_rate = rate / rust_decimal::Decimal::ONE_THOUSAND;
                        saved.fees.minimum_premium_yuan = minimum;
                        command = Some(Command::SaveSettings(saved));
                    }
                    _ => state.message = Some((false, text::BAD_RATE.to_owned())),
                }
            }
        }

        if let Some(c) = print_settings_ui(ui, state, view) {
            command = Some(c);
        }

        if let Some(c) = staff_ui(ui, state, view) {
            command = Some(c);
        }
        if let Some(c) = attendance_ui(ui, state) {
            command = Some(c);
        }
        if let Some(c) = schedule_ui(ui, state, view) {
            command = Some(c);
        }
        if let Some(c) = departures_ui(ui, state, view) {
            command = Some(c);
        }
        if let Some(c) = rules_ui(ui, state, view) {
            command = Some(c);
        }

        section(ui, text::PROHIBITED);
        ui.label(RichText::new(text::PROHIBITED_NOTE).small().weak());
        let l = field_label(ui, text::PROHIBITED, false);
        ui.add(
            egui::TextEdit::multiline(&mut state.prohibited_text)
                .desired_width(f32::INFINITY)
                .desired_rows(6),
        )
        .labelled_by(l.id);
        if ui.button(text::PROHIBITED_SAVE).clicked() {
            command = Some(Command::SaveProhibited(prohibited_from_text(
                &state.prohibited_text,
            )));
        }

        section(ui, text::DEMO);
        ui.label(RichText::new(text::DEMO_NOTE).small().weak());
        if ui
            .add_enabled(view.waybill_count == 0, egui::Button::new(text::DEMO_LOAD))
            .clicked()
        {
            command = Some(Command::LoadDemo);
        }
    });
    command
}

fn printer_combo(ui: &mut Ui, label: &str, id: &str, value: &mut String, printers: &[String]) {
    let l = field_label(ui, label, false);
    let shown = if value.is_empty() {
        text::DEFAULT_PRINTER.to_owned()
    } else {
        value.clone()
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, String::new(), text::DEFAULT_PRINTER);
            for p in printers {
                ui.selectable_value(value, p.clone(), p);
            }
        })
        .response
        .labelled_by(l.id);
}

fn print_settings_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    let Some(print) = &mut state.print else {
        return None;
    };
    section(ui, text::PRINT);
    egui::Grid::new("print")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::PAPER, false);
            choice(
                ui,
                &l,
                &mut print.paper,
                &WaybillPaper::ALL,
                WaybillPaper::label,
            );
            ui.end_row();
            let l = field_label(ui, text::COPIES, false);
            ui.add(egui::TextEdit::singleline(&mut state.copies).desired_width(300.0))
                .labelled_by(l.id);
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut print.overlay, text::OVERLAY);
            ui.end_row();
            let l = field_label(ui, text::OFFSET_X, false);
            ui.add(egui::TextEdit::singleline(&mut state.offset_x).desired_width(80.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = field_label(ui, text::OFFSET_Y, false);
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut state.offset_y).desired_width(80.0))
                    .labelled_by(l.id);
                if ui.button(text::OVERLAY_TEST).clicked() {
                    command = Some(Command::OverlayTestPrint);
                }
            });
            ui.end_row();
            let l = field_label(ui, text::LABEL_SIZE, false);
            choice(
                ui,
                &l,
                &mut print.label_size,
                &LabelSize::ALL,
                LabelSize::label,
            );
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut print.label_qr, text::LABEL_QR);
            ui.end_row();
            printer_combo(
                ui,
                text::WAYBILL_PRINTER,
                "waybill_printer",
                &mut print.waybill_printer,
                &view.printers,
            );
            ui.end_row();
            printer_combo(
                ui,
                text::LABEL_PRINTER,
                "label_printer",
                &mut print.label_printer,
                &view.printers,
            );
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                if ui.button(text::REFRESH).clicked() {
                    command = Some(Command::RefreshPrinters);
                }
                if view.printers.is_empty() {
                    ui.label(RichText::new(text::NO_PRINTERS).small().weak());
                }
            });
            ui.end_row();
            let l = field_label(ui, text::TERMS, false);
            ui.vertical(|ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut print.terms)
                        .desired_width(600.0)
                        .desired_rows(3),
                )
                .labelled_by(l.id);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(text::TERMS_NOTE).small().weak());
                    if ui.small_button(text::TERMS_DEFAULT).clicked() {
                        DEFAULT_TERMS.clone_into(&mut print.terms);
                    }
                });
            });
            ui.end_row();
            if let Some(c) =
                claim_terms_rows(ui, print, &mut state.claim_multiple, state.claims.as_ref())
            {
                match c {
                    Ok(c) => command = Some(c),
                    Err(e) => state.message = Some((false, e)),
                }
            }
        });
    if ui.button(text::PRINT_SAVE).clicked() {
        let copies: Vec<String> = state
            .copies
            .split([' ', '，', ',', '、', '/'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        match (
            parse_decimal(&state.offset_x),
            parse_decimal(&state.offset_y),
        ) {
            // An offset beyond 50 mm is a typo: the calibration page measures a few mm.
            (Some(x), Some(y))
                if !copies.is_empty()
                    && x.abs() <= rust_decimal::Decimal::from(50)
                    && y.abs() <= rust_decimal::Decimal::from(50) =>
            {
                let mut saved = print.clone();
                saved.copies = copies;
                saved.offset_x_mm = x;
                saved.offset_y_mm = y;
                command = Some(Command::SavePrintSettings(saved));
            }
            _ => state.message = Some((false, text::BAD_PRINT.to_owned())),
        }
    }
    command
}

/// The rows under the terms: the claim multiple (edited here or on the dispatch page, one
/// setting), the terms as they will print with it, and a warning in amber where the terms
/// write out another multiple. Returns the save command, or the message for a bad multiple.
fn claim_terms_rows(
    ui: &mut Ui,
    print: &PrintSettings,
    typed: &mut String,
    in_force: Option<&ClaimSettings>,
) -> Option<Result<Command, String>> {
    let mut outcome = None;
    let in_force = in_force.cloned().unwrap_or_default();
    // The preview follows the multiple as typed, once it is one.
    let shown = ClaimSettings::from_typed_multiple(typed).unwrap_or_else(|| in_force.clone());
    let words = multiple_in_words(shown.freight_multiple);
    let l = field_label(ui, text::CLAIM_MULTIPLE, false);
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            text_field(ui, &l, typed, 80.0, "3", None);
            if ui.button(text::CLAIM_MULTIPLE_SAVE).clicked() {
                outcome = Some(
                    ClaimSettings::from_typed_multiple(typed)
                        .map(Command::SaveClaimSettings)
                        .ok_or_else(|| text::BAD_CLAIM_MULTIPLE.to_owned()),
                );
            }
            ui.label(text::IN_FORCE.replace("{m}", &multiple_in_words(in_force.freight_multiple)));
            if shown != in_force {
                ui.label(RichText::new(text::UNSAVED.replace("{m}", &words)).color(WARN_AMBER));
            }
        });
        ui.set_max_width(600.0);
        ui.label(RichText::new(text::CLAIM_MULTIPLE_NOTE).small().weak());
    });
    ui.end_row();
    field_label(ui, text::PREVIEW, false);
    ui.vertical(|ui| {
        ui.set_max_width(600.0);
        ui.label(print.printed_terms(&shown));
        for written in conflicting_multiples(&print.terms, shown.freight_multiple) {
            ui.label(
                RichText::new(
                    text::CONFLICT
                        .replace("{w}", &written)
                        .replace("{m}", &words),
                )
                .color(WARN_AMBER),
            );
        }
    });
    ui.end_row();
    outcome
}

/// The staff list with dates and salary, a form to add or change one (click a row to
/// load it), and the supervisor's password reset.
fn staff_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    section(ui, text::STAFF);
    egui::Grid::new("staff")
        .num_columns(6)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for title in text::STAFF_COLUMNS {
                ui.strong(title);
            }
            ui.end_row();
            for person in &view.staff_records {
                if ui.link(RichText::new(&person.id).monospace()).clicked() {
                    state.staff_id.clone_from(&person.id);
                    state.staff_name.clone_from(&person.name);
                    state.staff_role = Role::ALL
                        .iter()
                        .position(|r| *r == person.role)
                        .unwrap_or(0);
                    state.staff_joined =
                        person.joined_on.map(|d| d.to_string()).unwrap_or_default();
                    state.staff_left = person.left_on.map(|d| d.to_string()).unwrap_or_default();
                    state.staff_salary = person.base_salary_yuan.normalize().to_string();
                }
                ui.label(&person.name);
                ui.label(person.role.label());
                ui.label(person.joined_on.map(|d| d.to_string()).unwrap_or_default());
                ui.label(person.left_on.map(|d| d.to_string()).unwrap_or_default());
                ui.label(crate::domain::money::format_yuan(person.base_salary_yuan));
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        for (label, value, width) in [
            (text::STAFF_ID, &mut state.staff_id, 60.0),
            (text::STAFF_NAME, &mut state.staff_name, 90.0),
            (text::STAFF_JOINED, &mut state.staff_joined, 100.0),
            (text::STAFF_LEFT, &mut state.staff_left, 100.0),
            (text::STAFF_SALARY, &mut state.staff_salary, 80.0),
        ] {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(value).desired_width(width))
                .labelled_by(l.id);
        }
        let l = ui.label(text::STAFF_ROLE);
        let roles: Vec<usize> = (0..Role::ALL.len()).collect();
        choice(ui, &l, &mut state.staff_role, &roles, |k| {
            Role::ALL[k].label()
        });
        if ui.button(text::STAFF_SAVE).clicked() {
            let day = |s: &str| {
                let s = s.trim();
                if s.is_empty() {
                    Some(None)
                } else {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .map(Some)
                }
            };
            let salary =
                crate::domain::desk::limits::parse_money(&state.staff_salary, "月基本工资").ok();
            match (day(&state.staff_joined), day(&state.staff_left), salary) {
                (Some(Some(joined)), Some(left), Some(salary))
                    if !state.staff_id.trim().is_empty() && !state.staff_name.trim().is_empty() =>
                {
                    command = Some(Command::People(PeopleCommand::SaveStaff(Staff {
                        id: state.staff_id.trim().to_owned(),
                        name: state.staff_name.trim().to_owned(),
                        role: Role::ALL[state.staff_role],
                        joined_on: Some(joined),
                        left_on: left,
                        base_salary_yuan: salary,
                    })));
                }
                _ => state.message = Some((false, text::STAFF_MISSING.to_owned())),
            }
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label(text::RESET_FOR);
        ui.add(egui::TextEdit::singleline(&mut state.reset_id).desired_width(60.0))
            .labelled_by(l.id);
        let l = ui.label(text::RESET_PASSWORD);
        ui.add(
            egui::TextEdit::singleline(&mut state.reset_password)
                .password(true)
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        if ui.button(text::RESET).clicked() {
            command = Some(Command::People(PeopleCommand::ResetPassword {
                staff_id: state.reset_id.trim().to_owned(),
                password: std::mem::take(&mut state.reset_password),
            }));
        }
    });
    command
}

/// A minutes or time field named `name`, with its error under it.
fn named_field(ui: &mut Ui, name: &str, value: &mut String, width: f32, error: Option<&str>) {
    ui.vertical(|ui| {
        // A grid column is as wide as it was last frame: claim the width explicitly.
        ui.set_min_width(width);
        let mut edit = egui::TextEdit::singleline(value).desired_width(width);
        if error.is_some() {
            edit = edit.text_color(ERROR_RED);
        }
        ui.add(edit)
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
        if let Some(message) = error {
            super::widgets::error_text(ui, message);
        }
    });
}

/// The bracket's rule and wording, for the choice of a reading's bracket.
fn bracket_text(bracket: Bracket) -> &'static str {
    match bracket {
        Bracket::ShortLate => "A4 计次",
        Bracket::Late => "A5 −2",
        Bracket::VeryLate => "A6 −4",
        Bracket::Absent => "A7 旷工",
    }
}

/// The 考勤 section: the shift times (DOMAIN.md §8) and the lateness brackets, saved
/// together.
fn attendance_ui(ui: &mut Ui, state: &mut SettingsState) -> Option<Command> {
    let mut command = None;
    let errors = state.attendance_errors.clone();
    let error = |field: AttendanceField| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    };
    let Some(draft) = &mut state.attendance else {
        return None;
    };
    section(ui, text::ATTENDANCE);
    ui.label(RichText::new(text::ATTENDANCE_NOTE).small().weak());
    egui::Grid::new("attendance")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (kind, (start, end)) in WORKED_SHIFTS.into_iter().zip(draft.shifts.iter_mut()) {
                field_label(ui, kind.label(), false);
                named_field(
                    ui,
                    &format!("{} {}", kind.label(), text::CLOCK_IN),
                    start,
                    70.0,
                    error(AttendanceField::Start(kind)),
                );
                named_field(
                    ui,
                    &format!("{} {}", kind.label(), text::CLOCK_OUT),
                    end,
                    70.0,
                    error(AttendanceField::End(kind)),
                );
                ui.end_row();
            }
        });
    egui::Grid::new("brackets")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (label, value, field) in [
                (
                    text::SHORT_MAX,
                    &mut draft.short_max_minutes,
                    AttendanceField::ShortMax,
                ),
                (
                    text::LATE_FROM,
                    &mut draft.late_from_minutes,
                    AttendanceField::LateFrom,
                ),
                (
                    text::LATE_MAX,
                    &mut draft.late_max_minutes,
                    AttendanceField::LateMax,
                ),
                (
                    text::VERY_LATE_MAX,
                    &mut draft.very_late_max_minutes,
                    AttendanceField::VeryLateMax,
                ),
                (
                    text::DUTY_GRACE,
                    &mut draft.duty_grace_minutes,
                    AttendanceField::DutyGrace,
                ),
            ] {
                ui.label(label);
                named_field(ui, label, value, 60.0, error(field));
                ui.end_row();
            }
            let l = ui.label(text::GAP);
            choice(ui, &l, &mut draft.gap_bracket, &Bracket::ALL, bracket_text);
            ui.end_row();
            let l = ui.label(text::MISSING);
            choice(
                ui,
                &l,
                &mut draft.missing_punch_bracket,
                &Bracket::ALL,
                bracket_text,
            );
            ui.end_row();
        });
    if ui.button(text::ATTENDANCE_SAVE).clicked() {
        match draft.validate() {
            Ok(settings) => {
                state.attendance_errors.clear();
                command = Some(Command::People(PeopleCommand::SaveAttendanceSettings(
                    Box::new(settings),
                )));
            }
            Err(errors) => state.attendance_errors = errors,
        }
    }
    command
}

/// The one-character name of a scheduled shift in the grid.
fn cell_text(shift: Option<ShiftKind>) -> &'static str {
    match shift {
        Some(ShiftKind::Early) => "早",
        Some(ShiftKind::Middle) => "中",
        Some(ShiftKind::Night) => "晚",
        Some(ShiftKind::Rest) => "休",
        Some(ShiftKind::Leave) => "假",
        None => "·",
    }
}

/// The next shift of a cell: 早 → 中 → 晚 → 休 → none → 早.
fn next_shift(shift: Option<ShiftKind>) -> Option<ShiftKind> {
    let kinds = ScheduledShift::KINDS;
    match shift.and_then(|s| kinds.iter().position(|k| *k == s)) {
        None => Some(kinds[0]),
        Some(k) => kinds.get(k + 1).copied(),
    }
}

/// The 排班 section: a month grid of who works which shift, edited by clicks and saved
/// whole.
fn schedule_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    let month = state.schedule_month?;
    section(ui, text::SCHEDULE);
    ui.label(RichText::new(text::SCHEDULE_NOTE).small().weak());
    ui.horizontal(|ui| {
        if ui.button(text::SCHEDULE_PREV).clicked() {
            command = Some(Command::People(PeopleCommand::LoadSchedule(Month::of(
                month.first_day() - chrono::Days::new(1),
            ))));
        }
        ui.strong(month.to_string());
        if ui.button(text::SCHEDULE_NEXT).clicked() {
            command = Some(Command::People(PeopleCommand::LoadSchedule(month.next())));
        }
    });
    let mut people: Vec<&Staff> = view
        .staff_records
        .iter()
        .filter(|p| p.days_employed(month) > 0)
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    if people.is_empty() {
        ui.label(RichText::new(text::SCHEDULE_EMPTY).weak());
        return command;
    }
    let days: Vec<NaiveDate> = month
        .first_day()
        .iter_days()
        .take_while(|d| month.contains(*d))
        .collect();
    // Narrow cells: a month of days fits the page without a scroll bar of its own.
    ui.scope(|ui| {
        ui.spacing_mut().button_padding = egui::vec2(3.0, 1.0);
        egui::Grid::new("schedule_grid")
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                ui.strong(text::SCHEDULE_PERSON);
                for day in &days {
                    let weekday = text::WEEKDAYS[day.weekday().num_days_from_monday() as usize];
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(day.day().to_string()).small());
                        ui.label(RichText::new(weekday).small().weak());
                    });
                }
                ui.end_row();
                for person in &people {
                    ui.label(format!("{} {}", person.id, person.name));
                    for day in &days {
                        let key = (person.id.clone(), *day);
                        let shift = state.schedule.get(&key).copied();
                        let name = format!("{} {}", person.id, day.format("%m-%d"));
                        let employed = person.employed_on(*day);
                        let cell = ui.add_enabled(
                            employed,
                            egui::Button::new(cell_text(shift)).min_size(egui::vec2(24.0, 24.0)),
                        );
                        cell.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, employed, &name)
                        });
                        if cell.clicked() {
                            match next_shift(shift) {
                                Some(next) => state.schedule.insert(key, next),
                                None => state.schedule.remove(&key),
                            };
                        }
                    }
                    ui.end_row();
                }
            });
    });
    if ui.button(text::SCHEDULE_SAVE).clicked() {
        let entries = state
            .schedule
            .iter()
            .filter(|((_, day), _)| month.contains(*day))
            .map(|((staff_id, day), shift)| ScheduledShift {
                staff_id: staff_id.clone(),
                day: *day,
                shift: *shift,
            })
            .collect();
        command = Some(Command::People(PeopleCommand::SaveSchedule {
            month,
            entries,
        }));
    }
    command
}

/// What a departure means for the last day and the pay, in words.
fn departure_dates(departure: &Departure) -> String {
    let template = match departure.kind {
        DepartureKind::Resigned => text::DEPARTURE_RESIGNED,
        DepartureKind::LeftWithoutApproval => text::DEPARTURE_WITHOUT_APPROVAL,
        DepartureKind::Dismissed => text::DEPARTURE_DISMISSED,
    };
    template
        .replace("{last}", &departure.last_day.to_string())
        .replace("{pay}", &departure.final_pay_date().to_string())
}

/// The 离职 section: record how someone leaves (DOMAIN.md §9), see the last day and the
/// pay date it gives before saving, and the departures recorded, each with 撤销.
fn departures_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    section(ui, text::DEPARTURES);
    ui.label(RichText::new(text::DEPARTURES_NOTE).small().weak());
    // Cloned so the closure does not hold the state the fields edit.
    let errors = state.departure_errors.clone();
    let error = |field: DepartureField| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    };
    let draft = &mut state.departure;
    egui::Grid::new("departure")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = field_label(ui, text::DEPARTURE_STAFF, true);
            text_field(
                ui,
                &l,
                &mut draft.staff_id,
                80.0,
                "A01",
                error(DepartureField::Staff),
            );
            ui.end_row();
            field_label(ui, text::DEPARTURE_KIND, true);
            ui.horizontal(|ui| {
                for kind in DepartureKind::ALL {
                    ui.radio_value(&mut draft.kind, kind, kind.label());
                }
            });
            ui.end_row();
            let (applied, approved, last_day) = match draft.kind {
                DepartureKind::Resigned => (Some(text::DEPARTURE_APPLIED), true, false),
                DepartureKind::LeftWithoutApproval => {
                    (Some(text::DEPARTURE_APPLIED_OPTIONAL), false, true)
                }
                DepartureKind::Dismissed => (None, false, true),
            };
            if let Some(label) = applied {
                let l = field_label(ui, label, draft.kind == DepartureKind::Resigned);
                text_field(
                    ui,
                    &l,
                    &mut draft.applied_on,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::Applied),
                );
                ui.end_row();
            }
            if approved {
                let l = field_label(ui, text::DEPARTURE_APPROVED, true);
                text_field(
                    ui,
                    &l,
                    &mut draft.approved_on,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::Approved),
                );
                ui.end_row();
            }
            if last_day {
                let l = field_label(ui, text::DEPARTURE_LAST_DAY, true);
                text_field(
                    ui,
                    &l,
                    &mut draft.last_day,
                    110.0,
                    text::DATE_HINT,
                    error(DepartureField::LastDay),
                );
                ui.end_row();
            }
        });
    // What the dates give, as soon as they are complete.
    let checked = state.departure.validate(&view.staff_records);
    if let Ok(departure) = &checked {
        ui.label(RichText::new(departure_dates(departure)).color(OK_GREEN));
    }
    if ui.button(text::DEPARTURE_SAVE).clicked() {
        match checked {
            Ok(departure) => {
                state.departure_errors.clear();
                command = Some(Command::People(PeopleCommand::RecordDeparture(departure)));
            }
            Err(errors) => state.departure_errors = errors,
        }
    }

    if state.departures.is_empty() {
        ui.label(RichText::new(text::NO_DEPARTURES).small().weak());
        return command;
    }
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    egui::Grid::new("departures")
        .num_columns(text::DEPARTURE_COLUMNS.len())
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for title in text::DEPARTURE_COLUMNS {
                ui.strong(title);
            }
            ui.end_row();
            for departure in &state.departures {
                ui.monospace(&departure.staff_id);
                ui.label(
                    view.staff_records
                        .iter()
                        .find(|p| p.id == departure.staff_id)
                        .map(|p| p.name.as_str())
                        .unwrap_or_default(),
                );
                ui.label(departure.kind.label());
                ui.label(day(departure.applied_on));
                ui.label(day(departure.approved_on));
                ui.label(departure.last_day.to_string());
                ui.label(departure.final_pay_date().to_string());
                let name = format!("{} {}", text::DEPARTURE_CLEAR, departure.staff_id);
                if ui
                    .small_button(text::DEPARTURE_CLEAR)
                    .on_hover_text(&name)
                    .clicked()
                {
                    command = Some(Command::People(PeopleCommand::ClearDeparture(
                        departure.staff_id.clone(),
                    )));
                }
                ui.end_row();
            }
        });
    command
}

/// The points rules: wording and points of each, editable by the supervisor.
fn rules_ui(ui: &mut Ui, state: &mut SettingsState, view: &DeskView) -> Option<Command> {
    let mut command = None;
    section(ui, text::RULES);
    ui.label(RichText::new(text::RULES_NOTE).small().weak());
    if state.rules.is_empty() {
        state.rules = view
            .rules
            .entries()
            .map(|e| (e.rule, e.wording.clone(), e.points.to_string()))
            .collect();
    }
    egui::ScrollArea::vertical()
        .id_salt("rules")
        .max_height(260.0)
        .min_scrolled_height(260.0)
        .show(ui, |ui| {
            egui::Grid::new("rules")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for (rule, wording, points) in &mut state.rules {
                        ui.monospace(rule.code());
                        let name = format!("{} 说明", rule.code());
                        ui.add_sized([360.0, 24.0], egui::TextEdit::singleline(wording))
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name)
                            });
                        let name = format!("{} 分数", rule.code());
                        ui.add_sized([50.0, 24.0], egui::TextEdit::singleline(points))
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name)
                            });
                        if ui.small_button(text::RULE_SAVE).clicked() {
                            match points.trim().parse::<i64>() {
                                Ok(p) => {
                                    let change = RuleOverride {
                                        wording: (wording.trim() != rule.default_wording())
                                            .then(|| wording.trim().to_owned()),
                                        points: (p != rule.default_points()).then_some(p),
                                    };
                                    command = Some(Command::People(PeopleCommand::SaveRule(
                                        *rule, change,
                                    )));
                                }
                                Err(_) => state.message = Some((false, text::RULE_BAD.to_owned())),
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    command
}

/// Draws the refusals page (拒收记录).
pub fn refusals_ui(ui: &mut Ui, refusals: &[Refusal]) {
    ui.heading(text::REFUSALS);
    if refusals.is_empty() {
        super::widgets::empty_notice(ui, text::REFUSALS_EMPTY);
        return;
    }
    egui_extras::TableBuilder::new(ui)
        .striped(true)
        .column(egui_extras::Column::auto().at_least(140.0))
        .column(egui_extras::Column::auto().at_least(60.0))
        .column(egui_extras::Column::initial(220.0).clip(true))
        .column(egui_extras::Column::initial(140.0).clip(true))
        .column(egui_extras::Column::remainder())
        .header(26.0, |mut header| {
            for title in text::REFUSAL_COLUMNS {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(26.0, refusals.len(), |mut row| {
                let r = &refusals[row.index()];
                row.col(|ui| {
                    ui.label(r.at.format("%Y-%m-%d %H:%M").to_string());
                });
                row.col(|ui| {
                    ui.label(&r.clerk_id);
                });
                row.col(|ui| {
                    ui.label(format!("{} {}", r.shipper_name, r.shipper_phone));
                });
                row.col(|ui| {
                    ui.label(&r.goods_name);
                });
                row.col(|ui| {
                    ui.label(RichText::new(&r.reason).color(ERROR_RED));
                });
            });
        });
}

#[cfg(test)]
mod tests;
