//! The window: one [`App`] that owns the database and the UI state, draws the page of the
//! moment each frame, and carries out the [`Command`]s the panels return after the frame.
//! Business data lives only in SQLite; nothing here outlives the window but the database.

mod appointments;
mod backups;
mod customers;
mod database;
mod desk;
mod dialogs;
mod dispatch;
mod draw;
mod money;
mod people;
mod printing;
mod remit;
mod reports;
mod service;
mod session;
mod settings;
mod shell;
mod starter;
mod watch;

pub use shell::Shell;

use crate::cue::{CuePlayer, SystemCue};
use crate::domain::people::Month;
use crate::domain::stations::Scope;
use crate::print::{PrintBackend, SystemPrinting};
use crate::storage::revisions::{Edit, Record, Setting};
use crate::storage::staff::StaffMember;
use crate::storage::{Db, StorageError};
use crate::ui::desk::customers::CustomersState;
use crate::ui::desk::form_state::{FormMode, FormState};
use crate::ui::desk::quote::QuoteState;
use crate::ui::desk::rates::RatesState;
use crate::ui::desk::waybill_list::ListState;
use crate::ui::dispatch::DispatchState;
use crate::ui::money::MoneyState;
use crate::ui::money::reports::ReportsState;
use crate::ui::people::login::LoginState;
use crate::ui::people::review_state::ReviewState;
use crate::ui::people::shift::ShiftState;
use crate::ui::service::ServiceState;
use crate::ui::settings::SettingsState;
use crate::ui::{Command, DeskView, Page, install_fonts, install_style};
use chrono::{Local, NaiveDateTime};

/// Chinese text of the window frame.
mod text {
    pub const TITLE: &str = "开单 kaidan";
    pub const SAVED: &str = "已开单 {n}，合计 ¥{t}";
    pub const ALTERED: &str = "已修改运单 {n}（第 {c} 次修改）";
    pub const VOIDED: &str = "已作废运单 {n}";
    pub const REFUSED: &str = "已登记拒收：{g}";
    pub const INSPECTED: &str = "已记录开箱检查：{g}，{r}";
    pub const RATES_SAVED: &str = "报价表已保存：{n} 行";
    pub const RATES_IMPORTED: &str = "已导入报价表 {f}：{n} 行";
    pub const SETTINGS_SAVED: &str = "设置已保存";
    pub const STAFF_SAVED: &str = "员工 {s} 已保存";
    pub const PROHIBITED_SAVED: &str = "禁运品名单已保存：{n} 个词";
    pub const WAYBILLS: &str = "运单 {n} 张";
    pub const ALTER_VOID: &str = "这张运单已作废，不能修改";
    pub const LABELS_VOID: &str = "作废运单不能打印货签";
    pub const WRONG_PASSWORD: &str = "密码不对，请重试";
    pub const PASSWORD_SET: &str = "已为 {s} 设置新密码";
    pub const OFF_DUTY: &str = "不在当班时间，不能开单";
    pub const NO_TAIL: &str = "没有电话尾号 {t} 的老客户：请输入完整电话";
    pub const MANY_TAIL: &str = "电话尾号 {t} 的老客户有 {n} 位：请输入完整电话";
    pub const NOT_ON_SHIFT: &str = "现在不在排班时间内，没有可交接的班次";
    pub const HANDOVER_DONE: &str = "交接已提交，等下一班确认";
    pub const HANDOVER_ACCEPTED: &str = "已接班";
    pub const REQUEST_DONE: &str = "申请已提交，等主管审批";
    pub const OVERRIDE_REFUSED: &str = "主管工号或密码不对，未授权";
    pub const OVERRIDE_NO_REASON: &str = "请写明授权原因";
    pub const SAVED_OVERRIDE: &str = "已开单 {n}（主管 {s} 授权，已记录）";
    pub const RULE_SAVED: &str = "规则 {r} 已保存";
    pub const ATTACHMENT_MISSING: &str = "找不到附件 {f}：attachments 文件夹应与数据库文件放在一起";
    pub const ATTACHMENT_OPEN_FAILED: &str = "无法打开附件 {f}（{e}）";
    pub const ATTENDANCE_SAVED: &str = "考勤设置已保存：新的考核按新设置计算";
    pub const SCHEDULE_SAVED: &str = "{m} 排班已保存：{n} 天次";
    pub const DEPARTURE_SAVED: &str = "已登记 {s} 离职，最后一天 {d}";
    pub const DEPARTURE_CLEARED: &str = "已撤销 {s} 的离职登记";
    pub const NOT_FIRST_LOGIN: &str = "这个工号已经设置过密码";
    pub const SETUP_MISSING: &str = "请填写工号、姓名和密码";
    pub const SETUP_DONE: &str = "已有员工，请登录";
    pub const WELCOME: &str = "欢迎，{u}";
    pub const USER: &str = "当前：{u}（{r}）";
    pub const SHORTCUTS: &str = "快捷键（F12 关闭）";
    pub const HELP: &str = "快捷键";
    /// After the user, where several stations share the database.
    pub const USER_STATION: &str = "当前：{u}（{r}，{s}）";
    pub const STATION_SAVED: &str = "站点 {s} 已保存";
    pub const MOVE_TO_COMPANY: &str = "。您（{u}）属于一个站点：下次登录只看本站；要继续管理全部站点，请在「员工」里把自己的所属站点改为 总部（全公司）";
    /// The company's own staff's station, in the status bar.
    pub const COMPANY: &str = "总部";
    pub const LOGOUT: &str = "退出登录";
    pub const SUPERVISOR_ONLY: &str = "只有主管可以做这件事";
    pub const EVENT_SAVED: &str = "已录入：{s} {c}";
    pub const DISMISSED: &str = "已撤销检测到的扣分";
    pub const CHARGE_ADJUSTED: &str = "已调整应扣费用（原因已记录）";
    pub const CHARGE_APPEALED: &str = "费用申诉已提交，等待主管处理";
    pub const DEBTS_CONFIRMED: &str =
        "已确认第22条欠款：新计入开单员应扣费用 {n} 笔（未经批准赊账的月结运单）";
    pub const LOCKED: &str = "{m} 已签字锁定";
    pub const SAVED_PDF: &str = "已保存：{p}";
    pub const PRINT_SETTINGS_SAVED: &str = "打印设置已保存";
    pub const CLAIM_MULTIPLE_SAVED: &str =
        "赔偿倍数已保存：未保价货物按运费{m}以内赔偿，理赔和运单条款都按此倍数";
    pub const PRINTERS_FOUND: &str = "找到 {n} 台打印机";
    pub const OVERLAY_TEST: &str = "套打测试页";
    pub const WAYBILL_DOC: &str = "运单 {n}";
    pub const LABELS_DOC: &str = "货签 {n} 第 {a}–{b} 件";
    pub const RECONNECTED: &str = "。已重新连接数据库，请再试一次";
}

/// A clock, so that tests can fix the time.
pub type Clock = fn() -> NaiveDateTime;

/// The station's wall clock, to the whole second, as everything is stored.
fn local_now() -> NaiveDateTime {
    crate::storage::whole_seconds(Local::now().naive_local())
}

/// The whole window's state.
pub struct App {
    db: Db,
    clock: Clock,
    printing: Box<dyn PrintBackend>,
    cue: Box<dyn CuePlayer>,
    /// The page shown.
    pub page: Page,
    /// Data every panel reads.
    pub view: DeskView,
    /// The waybill form.
    pub form: FormState,
    /// The waybill list.
    pub list: ListState,
    /// The rate table editor.
    pub rates: RatesState,
    /// The settings page.
    pub settings: SettingsState,
    /// Refusals shown on their page.
    pub refusals: crate::ui::desk::refusals::RefusalsState,
    /// The last message for the status bar: (ok, text).
    pub status: Option<(bool, String)>,
    /// The records' check running in the background since the window opened.
    record_check: Option<backups::RecordCheck>,
    /// The day's backup running in the background since the window opened.
    day_backup: Option<backups::DayBackup>,
    /// The thread following the other counters' writes (`app/watch.rs`).
    watch: Option<watch::Watch>,
    /// What the threads beside the window said must be read again from the database.
    due: watch::Due,
    /// The start being traced, until the first frame is drawn.
    startup: Option<(StartupTrace, u32)>,
    /// Whether a database chosen in the window is kept for the next start (the real
    /// window; tests leave the user's choice alone).
    remember_choice: bool,
    /// Who is logged in; `None` shows the login page.
    pub user: Option<StaffMember>,
    /// The login page.
    pub login: LoginState,
    /// The shortcut help (F12) is shown.
    pub help_open: bool,
    /// 关于 is shown.
    pub about_open: bool,
    /// The monthly review page.
    pub review: ReviewState,
    /// The handover and requests page.
    pub shift: ShiftState,
    /// The dispatch and arrival page.
    pub dispatch: DispatchState,
    /// The customer files page (客户档案).
    pub customers: CustomersState,
    /// The phone quote window (电话报价, F6).
    pub quote: QuoteState,
    /// The questions and complaints page (咨询投诉).
    pub service: ServiceState,
    /// The report page.
    pub reports: ReportsState,
    /// The payments ledger and cash book page (收款/对账).
    pub money: MoneyState,
}

impl App {
    /// An app on an open database, with the local clock.
    pub fn new(db: Db) -> Result<Self, StorageError> {
        Self::with_clock(db, local_now)
    }

    /// An app with a given clock (tests).
    pub fn with_clock(db: Db, clock: Clock) -> Result<Self, StorageError> {
        let mut app = Self {
            db,
            clock,
            printing: Box::new(SystemPrinting),
            cue: Box::new(SystemCue),
            page: Page::Issue,
            view: DeskView::default(),
            form: FormState::default(),
            list: ListState::default(),
            rates: RatesState::default(),
            settings: SettingsState::default(),
            refusals: crate::ui::desk::refusals::RefusalsState::default(),
            status: None,
            record_check: None,
            day_backup: None,
            watch: None,
            due: watch::Due::default(),
            startup: None,
            remember_choice: false,
            user: None,
            login: LoginState::default(),
            help_open: false,
            about_open: false,
            review: ReviewState::default(),
            shift: ShiftState::default(),
            dispatch: DispatchState::default(),
            customers: CustomersState::default(),
            quote: QuoteState::default(),
            service: ServiceState::default(),
            reports: ReportsState::default(),
            money: MoneyState::default(),
        };
        app.reload_view()?;
        app.load_backup_view();
        app.view.printers = app.printing.printers();
        app.form.focus_first = true;
        let today = (app.clock)().date();
        app.list.from = (today - chrono::Days::new(6))
            .format("%Y-%m-%d")
            .to_string();
        app.list.to = today.format("%Y-%m-%d").to_string();
        Ok(app)
    }

    /// The same app printing through another backend (tests record what is printed).
    #[must_use]
    pub fn with_printing(mut self, backend: Box<dyn PrintBackend>) -> Self {
        self.view.printers = backend.printers();
        self.printing = backend;
        self
    }

    /// The same app with another scan sound (tests use [`crate::cue::Silent`]).
    #[must_use]
    pub fn with_cue(mut self, cue: Box<dyn CuePlayer>) -> Self {
        self.cue = cue;
        self
    }

    /// Whether the person logged in is the supervisor (主管).
    #[must_use]
    pub fn supervisor(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == "主管")
    }

    fn require_supervisor(&self) -> anyhow::Result<()> {
        if self.supervisor() {
            Ok(())
        } else {
            anyhow::bail!(text::SUPERVISOR_ONLY)
        }
    }

    fn user_id(&self) -> String {
        self.user.as_ref().map(|u| u.id.clone()).unwrap_or_default()
    }

    fn log_in(&mut self, staff_id: &str) -> anyhow::Result<()> {
        let member = self
            .view
            .staff
            .iter()
            .find(|s| s.id == staff_id)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("找不到工号 {staff_id}"))?;
        // From now on the database serves this person's station (or all, for the
        // company's own staff): its settings, stock, cash and people.
        let role = crate::domain::people::Role::from_label(&member.role)
            .unwrap_or(crate::domain::people::Role::Clerk);
        let stations = self.db.stations()?.len();
        let scope =
            crate::domain::stations::session_scope(self.db.post(&member.id)?, role, stations);
        self.db.set_scope(scope);
        self.reload_view()?;
        self.status = Some((true, text::WELCOME.replace("{u}", &member.label())));
        self.form.clerk_id.clone_from(&member.id);
        self.list.staff_id.clone_from(&member.id);
        self.user = Some(member);
        self.login = LoginState::default();
        self.navigate(Page::Issue)
    }

    /// The database (tests read it to check what a command wrote).
    #[must_use]
    pub fn db(&self) -> &Db {
        &self.db
    }

    fn reload_view(&mut self) -> Result<(), StorageError> {
        // The revisions first: a save between them and the records shows as a refusal
        // of the page's save, never as an overwrite.
        let revisions = self.db.revisions()?;
        self.view = DeskView {
            revisions,
            settings: self.db.desk_settings()?,
            rates: self.db.rate_table()?,
            prohibited: self.db.prohibited_goods()?,
            staff: self.db.staff()?,
            waybill_count: self.db.waybill_count()?,
            print: self.db.print_settings()?,
            staff_records: self.db.staff_records()?,
            stations: self.db.stations()?,
            posts: self.db.posts()?,
            scope: self.db.scope(),
            rules: self.db.rule_table()?,
            printers: std::mem::take(&mut self.view.printers),
            printable: crate::ui::Printable(crate::fonts::printable),
            backup: std::mem::take(&mut self.view.backup),
            database: self.db.shown(),
        };
        // A station's supervisor keeps the station's people.
        if let scope @ Scope::Station(_) = self.db.scope() {
            let posts = &self.view.posts;
            self.view
                .staff_records
                .retain(|p| posts.get(&p.id) == Some(&scope));
        }
        if self.form.clerk_id.is_empty()
            && let Some(clerk) = self
                .view
                .staff
                .iter()
                .find(|s| s.role == "开单员")
                .or(self.view.staff.first())
        {
            self.form.clerk_id.clone_from(&clerk.id);
        }
        self.list.staff_id.clone_from(&self.form.clerk_id);
        Ok(())
    }

    /// A save by `by` from the revision `seen`, now.
    fn edit<'a>(&self, seen: Option<i64>, by: &'a str) -> Edit<'a> {
        Edit {
            seen,
            by,
            at: (self.clock)(),
        }
    }

    /// Passes on a save's outcome; a refused one first reads the view again, so that
    /// the page can show what was saved elsewhere meanwhile.
    fn reload_view_after(&mut self, saved: Result<(), StorageError>) -> anyhow::Result<()> {
        if let Err(StorageError::Refused(why)) = saved {
            self.reload_view()?;
            anyhow::bail!(why);
        }
        Ok(saved?)
    }

    /// Carries out one command from a panel. Errors go to the status bar; nothing the
    /// clerk typed is lost when a command fails.
    pub fn handle(&mut self, command: Command) {
        // A connection an earlier command found lost (the server stopped while it
        // waited): a new one first, if the server is back, so that this try goes through.
        if self.db.connection_closed() {
            let _ = self.db.reconnect_if_lost();
        }
        if let Err(e) = self.try_handle(command) {
            self.status = Some((false, e.to_string()));
            // A lost server: connect again now if it is back, so the clerk's next try
            // (the form is kept) can save; else the watcher says when it returns.
            if matches!(self.db.reconnect_if_lost(), Ok(true)) {
                self.status = Some((false, format!("{e}{}", text::RECONNECTED)));
            }
        }
    }

    fn try_handle(&mut self, command: Command) -> anyhow::Result<()> {
        let now = (self.clock)();
        match command {
            Command::Navigate(page) => {
                self.navigate(page)?;
                // Come to by the clerk (not reloaded by the watcher, which calls
                // `navigate` itself): the tab's number field takes the focus.
                self.dispatch.focus_number |=
                    page == Page::Dispatch && self.dispatch.tab.scans_a_number();
                self.list.focus_query |= page == Page::Waybills;
                self.customers.focus_query |= page == Page::Customers;
            }
            Command::OpenDatabase(typed) => self.switch_database(&typed),
            Command::Settings(command) => self.handle_settings(command, now)?,
            Command::Session(command) => self.handle_session(command, now)?,
            Command::Dispatch(command) => self.handle_dispatch(command, now)?,
            Command::Money(command) => self.handle_money(command, now)?,
            Command::Customers(command) => self.handle_customers(command, now)?,
            Command::Service(command) => self.handle_service(command, now),
            Command::Reports(command) => self.handle_reports(command)?,
            Command::Backup(command) => self.handle_backup(command)?,
            Command::Desk(command) => self.handle_desk(command, now)?,
            Command::People(command) => self.handle_people(command, now)?,
        }
        Ok(())
    }

    fn refresh_list(&mut self, number: &str) -> anyhow::Result<()> {
        if self.list.searched
            && let Ok(q) = self.list.query()
        {
            self.list.results = self.db.find_waybills(&q)?;
        }
        self.try_handle(Command::Desk(crate::ui::DeskCommand::OpenWaybill(
            number.to_owned(),
        )))
    }

    fn navigate(&mut self, page: Page) -> anyhow::Result<()> {
        match page {
            Page::Refusals => self.load_refusals()?,
            // The list is always fresh when the clerk comes to it.
            Page::Waybills => {
                if let Ok(q) = self.list.query() {
                    self.list.results = self.db.find_waybills(&q)?;
                    self.list.searched = true;
                }
            }
            Page::Settings => {
                self.require_supervisor()?;
                self.settings = SettingsState::default();
                self.settings.departures = self.db.departures()?;
                let seen = self.db.revision(Record::Setting(Setting::Claims))?;
                self.settings.show_claims(&self.db.claim_settings()?, seen);
                self.settings.storage_terms = self.db.dispatch_settings()?.storage;
                self.settings.attendance_seen =
                    Some(self.db.revision(Record::Setting(Setting::Attendance))?);
                self.settings.attendance =
                    Some(crate::domain::people::attendance::AttendanceDraft::new(
                        &self.db.attendance_settings()?,
                    ));
                self.load_schedule(Month::of((self.clock)().date()))?;
            }
            Page::Review => {
                let month = Month::of((self.clock)().date());
                self.load_review(self.review.month.unwrap_or(month))?;
            }
            Page::Shift => self.load_shift()?,
            Page::Dispatch => self.open_dispatch_tab(self.dispatch.tab)?,
            Page::Customers => self.open_customers()?,
            Page::Service => self.reload_service()?,
            Page::Reports => self.open_reports()?,
            Page::Money => self.open_money()?,
            Page::Issue => self.form.focus_first = self.form.mode == FormMode::New,
            Page::Rates => {}
        }
        self.list.staff_id.clone_from(&self.form.clerk_id);
        self.page = page;
        Ok(())
    }

    /// Draws one frame and carries out what the panels asked for, all on this thread:
    /// the UI tests' window. The real window goes through [`Shell`], which runs the
    /// database's part on a worker so that no frame waits on it.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.poll_background();
        self.catch_up();
        if let Some(command) = self.draw(ui) {
            self.handle(command);
            ui.ctx().request_repaint();
        }
    }

    /// Takes what the threads beside the window said since the last frame (the records'
    /// check, the day's backup, the other counters' writes) without touching the
    /// database: what must be read again is left in `due` for [`App::catch_up`].
    fn poll_background(&mut self) {
        self.poll_record_check();
        self.poll_day_backup();
        self.poll_watch();
    }

    /// Notes a frame laid out in the start-up trace, for its first three frames.
    fn trace_frame(&mut self) {
        if let Some((trace, frames)) = &mut self.startup {
            *frames += 1;
            trace.mark(&format!("frame {frames} laid out"));
            if *frames == 3 {
                self.startup = None;
            }
        }
    }
}

/// When the program was launched (as near as `main` can tell).
static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the moment of launch, for the start-up trace.
pub fn note_launch() {
    LAUNCHED.get_or_init(std::time::Instant::now);
}

/// With `KAIDAN_STARTUP_TRACE` set, the window says on stderr how long each step of its
/// start took from the launch, up to its first frames (README "Speed"): a frame is on
/// the screen when the next one is laid out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StartupTrace(std::time::Instant);

impl StartupTrace {
    fn start() -> Option<Self> {
        std::env::var_os("KAIDAN_STARTUP_TRACE")
            .map(|_| Self(*LAUNCHED.get_or_init(std::time::Instant::now)))
    }

    fn mark(self, step: &str) {
        eprintln!(
            "kaidan: {:>6.1} ms  {step}",
            self.0.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Sets fonts and style on a context: the window and the UI tests use the same.
pub fn setup_context(ctx: &egui::Context) {
    install_fonts(ctx);
    install_style(ctx);
}

/// The window's icon (the packages install the same picture for the desktop entry).
fn window_icon() -> std::sync::Arc<egui::IconData> {
    const PNG: &[u8] = include_bytes!("../assets/icons/kaidan-128.png");
    std::sync::Arc::new(eframe::icon_data::from_png_bytes(PNG).unwrap_or_default())
}

/// Opens the window on the database at `location` and runs until it is closed; the
/// database opens beside the window, which says so while it cannot.
pub fn run_window(location: &crate::storage::Location) -> anyhow::Result<()> {
    let trace = StartupTrace::start();
    let mark = |step: &str| {
        if let Some(t) = trace {
            t.mark(step);
        }
    };
    let location = location.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(text::TITLE)
            .with_inner_size([1366.0, 860.0])
            .with_min_inner_size([1024.0, 640.0])
            // The desktop entry's name: docks group the window under its icon.
            .with_app_id("kaidan")
            .with_icon(window_icon()),
        renderer: eframe::Renderer::Glow,
        // Every glyph comes from the bundled font: the same look on every counter PC.
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "kaidan",
        options,
        Box::new(move |cc| {
            mark("window made");
            setup_context(&cc.egui_ctx);
            mark("fonts and style set");
            // The database opens beside the window (`app/starter.rs`): a server that is
            // down gets a window saying so, not a closed program.
            Ok(Box::new(starter::Starter::new(location, trace)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("无法打开窗口：{e}"))
}
