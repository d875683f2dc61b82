//! Drawing the window once logged in (or the login page): the page bar with the
//! shortcut help, the status bar, the page of the moment and the phone quote window over
//! it. What a panel asks for comes back as a [`Command`] for `App::handle`.

use super::{App, text};
use crate::domain::stations::Scope;
use crate::ui::about;
use crate::ui::desk::customers::customers_ui;
use crate::ui::desk::quote::quote_window;
use crate::ui::desk::rates::rates_ui;
use crate::ui::desk::waybill_form::waybill_form_ui;
use crate::ui::desk::waybill_list::waybill_list_ui;
use crate::ui::dispatch::dispatch_ui;
use crate::ui::money::money_ui;
use crate::ui::money::reports::reports_ui;
use crate::ui::people::login::login_ui;
use crate::ui::people::review::review_ui;
use crate::ui::people::shift::shift_ui;
use crate::ui::service::{ServiceCommand, service_ui};
use crate::ui::settings::settings_ui;
use crate::ui::shortcuts;
use crate::ui::widgets::{ERROR_RED, OK_GREEN};
use crate::ui::{Command, Page};
use egui::RichText;

impl App {
    /// Draws the page of the moment; returns what a panel asked for.
    pub(super) fn draw(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        // Before anything reads the keys: one move of the focus a frame.
        crate::ui::typeahead::pace(ui.ctx());
        let mut command = None;
        self.about_window(ui.ctx());
        if self.user.is_none() {
            // 关于 before logging in too: the version is what IT asks first.
            egui::Panel::bottom("about_row").show(ui, |ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button(about::BUTTON).clicked() {
                        self.about_open = !self.about_open;
                    }
                });
            });
            egui::CentralPanel::default().show(ui, |ui| {
                command = login_ui(ui, &mut self.login, &self.view);
                if let Some((false, message)) = &self.status {
                    ui.vertical_centered(|ui| ui.label(RichText::new(message).color(ERROR_RED)));
                }
            });
            return command;
        }
        let supervisor = self.supervisor();
        // The shortcuts of every page (ui::shortcuts declares them all).
        for s in &shortcuts::ALL {
            if s.reach != shortcuts::Reach::Everywhere || !shortcuts::consume(ui, s.action) {
                continue;
            }
            match s.action {
                shortcuts::Action::Go(page) => command = Some(Command::Navigate(page)),
                // The phone quote window opens over whatever page is shown.
                shortcuts::Action::OpenQuotes => {
                    command = Some(Command::Service(ServiceCommand::OpenQuotes));
                }
                shortcuts::Action::Help => self.help_open = !self.help_open,
                _ => {}
            }
        }
        if self.help_open {
            let mut open = true;
            egui::Window::new(text::SHORTCUTS)
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .show(ui.ctx(), shortcuts::help_ui);
            self.help_open = open;
        }

        egui::Panel::top("nav").show(ui, |ui| {
            // Many pages: on a narrow screen the bar wraps to a second row rather than
            // hiding any.
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&self.view.settings.station_name).strong());
                ui.separator();
                for page in Page::ALL {
                    // Settings (rates' import, rules, staff) are the supervisor's.
                    if page == Page::Settings && !supervisor {
                        continue;
                    }
                    if ui
                        .selectable_label(self.page == page, page.label())
                        .clicked()
                    {
                        command = Some(Command::Navigate(page));
                    }
                }
                ui.separator();
                let help = shortcuts::with_keys(text::HELP, shortcuts::Action::Help);
                if ui.small_button(help).clicked() {
                    self.help_open = !self.help_open;
                }
                if ui.small_button(about::BUTTON).clicked() {
                    self.about_open = !self.about_open;
                }
            });
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(
                        text::WAYBILLS.replace("{n}", &self.view.waybill_count.to_string()),
                    )
                    .small(),
                );
                ui.separator();
                ui.label(RichText::new((self.clock)().format("%Y-%m-%d").to_string()).small());
                if self.view.backup.folder.is_some() {
                    ui.separator();
                    let (age, red) = crate::ui::backups::status_text(&self.view.backup);
                    ui.label(RichText::new(age).small().color(if red {
                        ERROR_RED
                    } else {
                        ui.visuals().weak_text_color()
                    }));
                }
                // Who is logged in, at the right end, out of the pages' way.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button(text::LOGOUT).clicked() {
                        command = Some(Command::Session(
                            crate::ui::people::login::SessionCommand::Logout,
                        ));
                    }
                    if let Some(user) = &self.user {
                        let station = match self.db.scope() {
                            _ if self.view.stations.len() < 2 => None,
                            Scope::Company => Some(text::COMPANY.to_owned()),
                            Scope::Station(_) => Some(self.view.settings.station_name.clone()),
                        };
                        let line = match station {
                            Some(station) => text::USER_STATION.replace("{s}", &station),
                            None => text::USER.to_owned(),
                        };
                        ui.label(
                            RichText::new(
                                line.replace("{u}", &user.label())
                                    .replace("{r}", &user.role),
                            )
                            .small(),
                        );
                    }
                    if let Some((ok, message)) = &self.status {
                        // The message fills what is left, from the left, wrapping onto
                        // more lines rather than running under who is logged in.
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(message).color(if *ok {
                                    OK_GREEN
                                } else {
                                    ERROR_RED
                                }))
                                .wrap(),
                            );
                        });
                    }
                });
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let own_id = self.user_id();
            // Each page under its own id, so a page's scroll position (and any other
            // widget memory) is its own and does not carry over to the next page.
            let page_command = ui
                .push_id(self.page, |ui| match self.page {
                    Page::Issue => waybill_form_ui(
                        ui,
                        &mut self.form,
                        &self.view,
                        supervisor,
                        (self.clock)().date(),
                    ),
                    Page::Waybills => waybill_list_ui(ui, &mut self.list, &self.view),
                    Page::Rates => rates_ui(ui, &mut self.rates, &self.view, supervisor),
                    Page::Refusals => {
                        crate::ui::desk::refusals::refusals_ui(ui, &mut self.refusals)
                    }
                    Page::Reports => reports_ui(ui, &mut self.reports, (self.clock)().date()),
                    Page::Review => {
                        review_ui(ui, &mut self.review, &self.view, supervisor, &own_id)
                    }
                    Page::Shift => shift_ui(ui, &mut self.shift, supervisor, &own_id),
                    Page::Dispatch => dispatch_ui(
                        ui,
                        &mut self.dispatch,
                        &self.view,
                        (self.clock)(),
                        supervisor,
                    ),
                    Page::Settings => settings_ui(ui, &mut self.settings, &self.view),
                    Page::Customers => customers_ui(ui, &mut self.customers, supervisor),
                    Page::Money => money_ui(ui, &mut self.money, supervisor),
                    Page::Service => service_ui(
                        ui,
                        &mut self.service,
                        &self.view,
                        (self.clock)(),
                        supervisor,
                    ),
                })
                .inner;
            if page_command.is_some() {
                command = page_command;
            }
        });
        if let Some(quote_command) = quote_window(ui, &mut self.quote, &self.view) {
            command = Some(quote_command);
        }
        command
    }

    /// The 关于 window, while it is open.
    fn about_window(&mut self, ctx: &egui::Context) {
        if !self.about_open {
            return;
        }
        let facts = about::AboutFacts {
            database: self.view.database.clone(),
            data_folder: crate::storage::Db::default_path()
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            backups: self
                .view
                .backup
                .folder
                .as_ref()
                .map(|p| p.display().to_string()),
        };
        let mut open = true;
        egui::Window::new(about::TITLE)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| about::about_ui(ui, &facts));
        self.about_open = open;
    }
}
