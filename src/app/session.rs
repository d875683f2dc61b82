//! Logging in and out: the password check, a first password, the first supervisor of
//! an empty database, and logging out (every page's state forgotten).

use super::{App, text};
use crate::domain::stations::Scope;
use crate::storage::auth::LoginCheck;
use crate::storage::staff::StaffMember;
use crate::ui::Page;
use crate::ui::desk::customers::CustomersState;
use crate::ui::desk::form_state::FormState;
use crate::ui::desk::quote::QuoteState;
use crate::ui::desk::waybill_list::ListState;
use crate::ui::dispatch::DispatchState;
use crate::ui::money::MoneyState;
use crate::ui::people::login::SessionCommand;
use crate::ui::people::review_state::ReviewState;
use crate::ui::service::ServiceState;
use chrono::NaiveDateTime;

impl App {
    /// Carries out a log-in or log-out.
    pub(super) fn handle_session(
        &mut self,
        command: SessionCommand,
        now: NaiveDateTime,
    ) -> anyhow::Result<()> {
        match command {
            SessionCommand::Login { staff_id, password } => {
                match self.db.check_password(&staff_id, &password)? {
                    LoginCheck::Ok => self.log_in(&staff_id)?,
                    LoginCheck::Wrong => self.login.error = Some(text::WRONG_PASSWORD.to_owned()),
                    LoginCheck::NoPassword => {
                        self.login.first_login = true;
                        self.login.error = None;
                    }
                }
            }
            SessionCommand::SetFirstPassword { staff_id, password } => {
                if self.db.check_password(&staff_id, "")? != LoginCheck::NoPassword {
                    anyhow::bail!(text::NOT_FIRST_LOGIN);
                }
                self.db.set_password(&staff_id, &password, now)?;
                self.log_in(&staff_id)?;
            }
            SessionCommand::CreateSupervisor {
                staff_id,
                name,
                password,
            } => {
                if !self.view.staff.is_empty() {
                    anyhow::bail!(text::SETUP_DONE);
                }
                if staff_id.is_empty() || name.is_empty() || password.is_empty() {
                    self.login.error = Some(text::SETUP_MISSING.to_owned());
                    return Ok(());
                }
                self.db.upsert_staff(&StaffMember {
                    id: staff_id.clone(),
                    name,
                    role: "主管".to_owned(),
                })?;
                self.db.set_password(&staff_id, &password, now)?;
                self.reload_view()?;
                self.log_in(&staff_id)?;
            }
            SessionCommand::Logout => {
                self.user = None;
                self.db.set_scope(Scope::Company);
                self.reload_view()?;
                self.form = FormState::default();
                self.list = ListState::default();
                self.review = ReviewState::default();
                self.dispatch = DispatchState::default();
                self.customers = CustomersState::default();
                self.quote = QuoteState::default();
                self.service = ServiceState::default();
                self.money = MoneyState::default();
                self.status = None;
                self.page = Page::Issue;
            }
        }
        Ok(())
    }
}
