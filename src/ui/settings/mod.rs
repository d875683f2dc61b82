//! The 设置 panel: the station and its numbering, the premium rate and minimum, the staff
//! list, the prohibited goods list, and loading demo data into an empty desk (the 拒收记录
//! page is the desk's: `ui::desk::refusals`).

use super::widgets::{field_label, grid_field, section};
use super::{Command, DeskView};
use crate::domain::desk::screening::ProhibitedWord;
use crate::domain::money::parse_decimal;
use crate::domain::people::attendance::{
    AttendanceDraft, AttendanceField, ScheduledShift, ShiftKind,
};
use crate::domain::people::points::{Rule, RuleOverride};
use crate::domain::people::{Departure, DepartureDraft, DepartureField, Month};
use crate::domain::service::claims::ClaimSettings;
use crate::domain::settings::{DeskSettings, PrintSettings};
use crate::storage::revisions::{Record, Setting};
use crate::ui::PeopleCommand;
use chrono::NaiveDate;
use egui::{RichText, Ui};
use std::collections::BTreeMap;

mod printing;
mod staff;
mod stations;

use printing::print_settings_ui;
use staff::{attendance_ui, departures_ui, schedule_ui, staff_ui};
pub use stations::StationForm;
use stations::stations_ui;

/// Chinese text of this panel.
mod text {
    pub const STATION: &str = "本站";
    pub const COMPANY: &str = "公司名称";
    pub const STATION_NAME: &str = "起运站";
    pub const STATION_PHONE: &str = "本站电话";
    pub const PREFIX: &str = "单号前缀";
    pub const FEES: &str = "保价与代收货款";
    pub const RATE: &str = "保价费率（‰）";
    pub const MIN: &str = "最低保价费（元）";
    pub const FEES_NOTE: &str = "保价费 = 保价金额 × 费率，不低于最低保价费，四舍五入到分。公司规定“10元保费=3000报价”即 3‰、最低 10 元。";
    pub const COD_RATE: &str = "代收手续费率（%）";
    pub const COD_MIN: &str = "最低代收手续费（元）";
    pub const COD_NOTE: &str = "代收手续费 = 代收货款 × 费率，不低于最低手续费（也不超过货款本身），四舍五入到分；费率最高 10%。";
    pub const BAD_COD: &str = "代收手续费率须为 0–10 %，最低代收手续费须为 0–10000000 元";
    pub const SAVE: &str = "保存本站、保价与代收设置";
    pub const BAD_PREFIX: &str = "单号前缀应为 1–4 个大写字母";
    pub const BAD_RATE: &str = "费率须为 0–1000 ‰，最低保价费须为 0–10000000 元";
    pub const STAFF: &str = "员工";
    pub const STAFF_ID: &str = "工号";
    pub const STAFF_NAME: &str = "姓名";
    pub const STAFF_ROLE: &str = "岗位";
    pub const STAFF_POST: &str = "所属站点";
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
    pub const TERMS_NOTE: &str = "条款中的 {赔偿倍数} 打印时换成当前的赔偿倍数（如 三倍、2.5倍），{保管费} 换成发车/到货设置里的免费天数和每件每天的保管费，条款与理赔、放货收费始终一致。";
    pub const TERMS_DEFAULT: &str = "恢复默认条款";
    pub const CLAIM_MULTIPLE: &str = "赔偿倍数（运费的倍数）";
    pub const CLAIM_MULTIPLE_SAVE: &str = "保存赔偿倍数";
    pub const CLAIM_MULTIPLE_NOTE: &str = "未保价货物（及保价货物的破损）按运费的这个倍数以内赔偿，理赔按它计算。与「发车/到货 → 云递安 → 理赔上限」是同一项设置，在哪里改都一样。";
    pub const BAD_CLAIM_MULTIPLE: &str = "赔偿倍数须为大于 0、不超过 100 的数字，如 3 或 2.5";
    pub const IN_FORCE: &str = "当前在用：运费{m}";
    pub const UNSAVED: &str = "（预览按输入的 {m}，尚未保存）";
    pub const PREVIEW: &str = "打印效果";
    pub const CONFLICT: &str = "条款写的「{w}」与赔偿倍数（运费{m}）不符：客户看到的承诺与实际理赔不一致。请把「{w}」改为 {赔偿倍数}，打印时自动填入当前倍数。";
    pub const STORAGE_WRITTEN_OUT: &str = "条款自己写了保管费，可能与放货时实际收取的（{s}）不一致。请改用 {保管费}，打印时自动填入当前设置。";
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
    pub const DATE_HINT: &str = crate::ui::widgets::DATE_HINT;
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
}

/// What the 设置 page asks for (and 载入演示数据 on the first start).
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsCommand {
    /// Add or change a station (总部), as edited from the revision `seen`.
    SaveStation {
        /// The station as typed (`id` 0: a new one).
        station: crate::domain::stations::Station,
        /// The revision it was opened at.
        seen: Option<i64>,
    },
    /// Save desk settings, as edited from the revision `seen`.
    SaveDesk {
        /// The settings.
        settings: DeskSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Save the prohibited goods list.
    SaveProhibited {
        /// The list.
        list: Vec<ProhibitedWord>,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Save the print settings.
    SavePrint {
        /// The settings.
        print: PrintSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Save the claim terms from the 打印 settings, beside the waybill terms that print
    /// their multiple (supervisor; the same setting as the dispatch page's 理赔上限).
    SaveClaims {
        /// The terms.
        claims: crate::domain::service::claims::ClaimSettings,
        /// The revision the page opened (`storage::revisions`).
        seen: Option<i64>,
    },
    /// Print the overlay calibration page.
    OverlayTestPrint,
    /// Ask the system for its printers again.
    RefreshPrinters,
    /// Load demo data into an empty database.
    LoadDemo,
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
    /// 代收手续费率 as typed, in percent.
    pub cod_rate_percent: String,
    /// 最低代收手续费 as typed.
    pub cod_minimum: String,
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
    /// Rules as edited: rule, wording and points as typed, the revision shown.
    pub rules: Vec<RuleRow>,
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
    /// The storage fee in force (it prints in the waybill terms; set on the dispatch
    /// page); loaded by the app with the page.
    pub storage_terms: crate::domain::dispatch::pickup::storage_fee::StorageTerms,
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
    /// The revision of the desk settings loaded (`storage::revisions`).
    pub desk_seen: Option<i64>,
    /// The member of staff opened from the list, and the revision opened at.
    pub staff_seen: Option<(String, i64)>,
    /// The revisions the print settings, the claim terms and the attendance settings
    /// were loaded at.
    pub print_seen: Option<i64>,
    /// See `print_seen`.
    pub claims_seen: Option<i64>,
    /// See `print_seen`.
    pub attendance_seen: Option<i64>,
    /// The revision the prohibited list was loaded at.
    pub prohibited_seen: Option<i64>,
    /// The revision the month's schedule shown was loaded at.
    pub schedule_seen: Option<i64>,
    /// The station form (总部 only).
    pub station: StationForm,
    /// Where the person in the staff form works (总部 only).
    pub staff_post: crate::domain::stations::Scope,
}

impl SettingsState {
    /// Shows the stored schedule of `month` in the grid.
    pub fn show_schedule(&mut self, month: Month, entries: &[ScheduledShift], revision: i64) {
        self.schedule_seen = Some(revision);
        self.schedule_month = Some(month);
        self.schedule = entries
            .iter()
            .map(|e| ((e.staff_id.clone(), e.day), e.shift))
            .collect();
    }

    /// Shows the claim terms in force at `revision`, and their multiple in the form.
    pub fn show_claims(&mut self, claims: &ClaimSettings, revision: i64) {
        self.claims_seen = Some(revision);
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
        self.cod_rate_percent = (desk.fees.cod_rate * rust_decimal::Decimal::ONE_HUNDRED)
            .normalize()
            .to_string();
        self.cod_minimum = desk.fees.cod_minimum_yuan.normalize().to_string();
        self.desk = Some(desk);
        self.desk_seen = Some(view.revisions.of(Record::DeskSettings));
        self.print_seen = Some(view.revisions.of(Record::Setting(Setting::Print)));
        self.prohibited_text = prohibited_to_text(&view.prohibited);
        self.prohibited_loaded = true;
        self.prohibited_seen = Some(view.revisions.of(Record::Prohibited));
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
    crate::ui::widgets::message_line(ui, state.message.as_ref());
    egui::ScrollArea::vertical().show(ui, |ui| {
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
                        grid_field(ui, label, false, value, "");
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
                    let l = field_label(ui, text::COD_RATE, false);
                    ui.add(
                        egui::TextEdit::singleline(&mut state.cod_rate_percent)
                            .desired_width(100.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = field_label(ui, text::COD_MIN, false);
                    ui.add(egui::TextEdit::singleline(&mut state.cod_minimum).desired_width(100.0))
                        .labelled_by(l.id);
                    ui.end_row();
                });
            ui.label(RichText::new(text::COD_NOTE).small().weak());
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
                let cod_rate = parse_decimal(&state.cod_rate_percent)
                    .map(|v| v / rust_decimal::Decimal::ONE_HUNDRED)
                    .filter(|v| {
                        !v.is_sign_negative()
                            && *v <= crate::domain::desk::rates::FeeSettings::MAX_COD_RATE
                    });
                let cod_minimum = parse_decimal(&state.cod_minimum).and_then(|v| {
                    crate::domain::desk::limits::check_money(v, "最低代收手续费").ok()
                });
                match (prefix_ok, rate, minimum) {
                    (false, _, _) => state.message = Some((false, text::BAD_PREFIX.to_owned())),
                    (true, Some(_), Some(_)) if cod_rate.is_none() || cod_minimum.is_none() => {
                        state.message = Some((false, text::BAD_COD.to_owned()));
                    }
                    (true, Some(rate), Some(minimum)) => {
                        let mut saved = desk.clone();
                        let prefix = saved.number_prefix.trim().to_owned();
                        saved.number_prefix = prefix;
                        saved.fees.premium_rate = rate / rust_decimal::Decimal::ONE_THOUSAND;
                        saved.fees.minimum_premium_yuan = minimum;
                        saved.fees.cod_rate = cod_rate.unwrap_or_default();
                        saved.fees.cod_minimum_yuan = cod_minimum.unwrap_or_default();
                        command = Some(Command::Settings(SettingsCommand::SaveDesk {
                            settings: saved,
                            seen: state.desk_seen,
                        }));
                    }
                    _ => state.message = Some((false, text::BAD_RATE.to_owned())),
                }
            }
        }

        if let Some(c) = print_settings_ui(ui, state, view) {
            command = Some(c);
        }

        if let Some(c) = stations_ui(ui, state, view) {
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
            command = Some(Command::Settings(SettingsCommand::SaveProhibited {
                list: prohibited_from_text(&state.prohibited_text),
                seen: state.prohibited_seen,
            }));
        }

        section(ui, text::DEMO);
        ui.label(RichText::new(text::DEMO_NOTE).small().weak());
        if ui
            .add_enabled(view.waybill_count == 0, egui::Button::new(text::DEMO_LOAD))
            .clicked()
        {
            command = Some(Command::Settings(SettingsCommand::LoadDemo));
        }
    });
    command
}

/// One rule in the rules table as edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    /// The rule.
    pub rule: Rule,
    /// 说明 as typed.
    pub wording: String,
    /// 分数 as typed.
    pub points: String,
    /// The rule's revision shown (`storage::revisions`).
    pub seen: i64,
}

impl RuleRow {
    /// The rule as the rules table in `view` has it.
    #[must_use]
    pub fn shown(rule: Rule, view: &DeskView) -> Self {
        Self {
            rule,
            wording: view.rules.wording(rule).to_owned(),
            points: view.rules.points(rule).to_string(),
            seen: view.revisions.of(Record::Rule(rule)),
        }
    }
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
            .map(|e| RuleRow::shown(e.rule, view))
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
                    for row in &mut state.rules {
                        let RuleRow {
                            rule,
                            wording,
                            points,
                            seen,
                        } = row;
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
                        let name = format!("{} {}", text::RULE_SAVE, rule.code());
                        let save = ui.small_button(text::RULE_SAVE);
                        save.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        if save.clicked() {
                            match RuleOverride::typed(*rule, wording, points) {
                                Ok(change) => {
                                    command = Some(Command::People(PeopleCommand::SaveRule(
                                        *rule, change, *seen,
                                    )));
                                }
                                Err(why) => state.message = Some((false, why)),
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    command
}

#[cfg(test)]
mod tests;
