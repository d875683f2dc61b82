//! The window's start (issue 15): the window opens at once and the database is opened
//! beside it. A counter started while the station's server is down, or its address is
//! wrong, gets a window saying so in Chinese — what failed, that it tries again by itself,
//! and a field for another address — instead of no window at all and a line on a console
//! nobody sees. Once the database is open the window is the [`Shell`] around the [`App`].

use super::{App, Shell, StartupTrace, text as window_text};
use crate::storage::Db;
use crate::storage::location::{self, Location};
use crate::ui::widgets::ERROR_RED;
use egui::RichText;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Chinese text of the start page.
mod text {
    pub const OPENING: &str = "正在打开数据库：{d}…";
    pub const FAILED: &str = "打不开数据库 {d}";
    pub const RETRY_IN: &str = "{s} 秒后自动重试；服务器恢复后即可使用，无需重新启动";
    pub const RETRY_NOW: &str = "立即重试";
    pub const OTHER: &str = "或换一个数据库（文件路径或 postgresql://…）：";
    pub const OPEN: &str = "打开";
    pub const BROKE: &str = "打开数据库时程序出错（详情见控制台），请重试";
}

/// How long the first frame waits for the database before it shows the start page: an
/// SQLite file opens well within it (2–3 ms), so a counter on its own never sees the
/// page; under the 100 ms no frame may wait on the database (issue 15).
const QUICK: Duration = Duration::from_millis(90);
/// How long after a failure the database is tried again.
const RETRY: Duration = Duration::from_secs(5);

/// The window until the database is open, then the Shell.
pub(super) struct Starter {
    location: Location,
    /// The address typed on this page, kept for the next start once it opens.
    typed_here: Option<String>,
    opening: Option<Receiver<Result<App, String>>>,
    /// The last failure and when to try again.
    failed: Option<(String, Instant)>,
    /// Another address as typed.
    other: String,
    trace: Option<StartupTrace>,
    shell: Option<Shell>,
    /// Whether a database chosen here is kept for the next start (the real window).
    remember: bool,
}

impl Starter {
    pub(super) fn new(location: Location, trace: Option<StartupTrace>) -> Self {
        Self {
            location,
            typed_here: None,
            opening: None,
            failed: None,
            other: String::new(),
            trace,
            shell: None,
            remember: true,
        }
    }

    /// Opens the database and the App on a thread of their own.
    fn open(&mut self, ctx: &egui::Context) {
        let (done, opening) = channel();
        let location = self.location.clone();
        let trace = self.trace;
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let opened = Db::open_at(&location)
                .inspect(|_| mark(trace, "database open"))
                .and_then(App::new)
                .inspect(|_| mark(trace, "view loaded"))
                .map_err(|e| e.to_string());
            // The window may be closed already: nobody to tell.
            let _ = done.send(opened);
            ctx.request_repaint();
        });
        self.opening = Some(opening);
        self.failed = None;
    }

    /// Takes the opened App if it is there within `wait`.
    fn poll(&mut self, ctx: &egui::Context, wait: Duration) {
        let Some(opening) = &self.opening else {
            return;
        };
        match opening.recv_timeout(wait) {
            Ok(Ok(mut app)) => {
                self.opening = None;
                if let Some(typed) = self.typed_here.take().filter(|_| self.remember) {
                    // Chosen here: the next start goes to it too.
                    let _ = location::remember(&typed);
                }
                app.remember_choice = self.remember;
                app.startup = self.trace.map(|t| (t, 0));
                app.start_day_backup(&self.location, ctx);
                app.start_record_check(&self.location, ctx);
                app.start_watch(ctx);
                self.shell = Some(Shell::new(app));
                ctx.request_repaint();
            }
            Ok(Err(error)) => {
                eprintln!("kaidan: {error}");
                self.opening = None;
                self.failed = Some((error, Instant::now() + RETRY));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                self.opening = None;
                self.failed = Some((text::BROKE.to_owned(), Instant::now() + RETRY));
            }
        }
    }

    /// The page while the database is not open: opening, or why not and what to do.
    fn page(&mut self, ui: &mut egui::Ui) {
        let shown = self.location.shown();
        let mut open_other = false;
        let mut retry = false;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 4.0);
                ui.heading(window_text::TITLE);
                ui.add_space(12.0);
                match &self.failed {
                    None => {
                        ui.spinner();
                        ui.label(text::OPENING.replace("{d}", &shown));
                    }
                    Some((error, at)) => {
                        ui.label(
                            RichText::new(text::FAILED.replace("{d}", &shown))
                                .strong()
                                .color(ERROR_RED),
                        );
                        ui.label(RichText::new(error).color(ERROR_RED));
                        let left = at.saturating_duration_since(Instant::now()).as_secs() + 1;
                        ui.label(text::RETRY_IN.replace("{s}", &left.to_string()));
                        retry = ui.button(text::RETRY_NOW).clicked();
                    }
                }
                ui.add_space(16.0);
                let l = ui.label(text::OTHER);
                ui.horizontal(|ui| {
                    ui.add_space((ui.available_width() - 420.0).max(0.0) / 2.0);
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.other).desired_width(340.0))
                        .labelled_by(l.id);
                    let entered =
                        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    open_other = (ui.button(text::OPEN).clicked() || entered)
                        && !self.other.trim().is_empty();
                });
            });
        });
        if open_other {
            self.location = Location::parse(self.other.trim());
            self.typed_here = Some(self.other.trim().to_owned());
            self.open(ui.ctx());
        } else if retry
            || self
                .failed
                .as_ref()
                .is_some_and(|(_, at)| Instant::now() >= *at)
        {
            self.open(ui.ctx());
        }
        ui.ctx().request_repaint_after(Duration::from_millis(500));
    }
}

fn mark(trace: Option<StartupTrace>, step: &str) {
    if let Some(t) = trace {
        t.mark(step);
    }
}

impl Starter {
    /// Draws one frame: the Shell once the database is open, the start page until then.
    fn frame(&mut self, ui: &mut egui::Ui) {
        if self.shell.is_none() {
            let ctx = ui.ctx().clone();
            if self.opening.is_none() && self.failed.is_none() {
                self.open(&ctx);
                self.poll(&ctx, QUICK);
            } else {
                self.poll(&ctx, Duration::ZERO);
            }
        }
        match &mut self.shell {
            Some(shell) => shell.frame(ui),
            None => self.page(ui),
        }
    }
}

impl eframe::App for Starter {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        crate::ui::typeahead::pace_raw(ctx, raw_input);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// A server that cannot be reached: the window opens on a page saying so, and
    /// another database typed there opens the program (here a new file: its set-up).
    #[test]
    fn an_unreachable_server_gets_a_page_saying_so_and_another_database_opens_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut starter = Starter::new(
            Location::parse("postgresql://kaidan@127.0.0.1:1/kaidan"),
            None,
        );
        starter.remember = false;
        let mut h = Harness::builder()
            .with_size(egui::vec2(1024.0, 768.0))
            .with_context_setup(super::super::setup_context)
            .build_ui_state(|ui, s: &mut Starter| s.frame(ui), starter);
        let start = Instant::now();
        while h.state().failed.is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no failure shown"
            );
            std::thread::sleep(Duration::from_millis(20));
            h.step();
        }
        h.step();
        assert!(h.query_by_label_contains("打不开数据库").is_some());
        assert!(h.query_by_label_contains("秒后自动重试").is_some());
        let file = dir.path().join("counter.db");
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, text::OTHER)
            .focus();
        h.step();
        h.event(egui::Event::Text(file.display().to_string()));
        h.step();
        h.get_by_label(text::OPEN).click();
        let start = Instant::now();
        while h.state().shell.is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the file did not open"
            );
            std::thread::sleep(Duration::from_millis(20));
            h.step();
        }
        h.step();
        h.step();
        assert!(h.query_by_label("建立主管账号").is_some());
        assert!(file.exists());
    }
}
