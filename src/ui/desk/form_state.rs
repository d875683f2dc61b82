//! What the waybill form keeps between frames: the draft, whether it issues or alters,
//! the customer look-ups and the save waiting for a supervisor.

use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::waybill::{IssuedWaybill, Waybill, WaybillDraft};
use crate::domain::dispatch::pickup::PayChannel;
use crate::storage::waybills::{KnownCustomer, UsualConsignee};
use crate::ui::widgets::DestPickerState;

/// Whether the form issues a new waybill or alters an issued one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FormMode {
    /// A new waybill.
    #[default]
    New,
    /// Altering an issued waybill, which needs a reason.
    Alter {
        /// Its number.
        number: String,
        /// Why it is altered.
        reason: String,
        /// How many alterations it had when opened: a save after another counter's
        /// change is refused rather than overwriting it.
        seen: u32,
        /// The day it was issued: a 要求到货日期 set now may not be before it.
        issued_on: chrono::NaiveDate,
        /// Its 要求到货日期 when opened, which stands as it is.
        arrival_date_was: Option<chrono::NaiveDate>,
    },
}

/// Everything the form keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// What the clerk typed.
    pub draft: WaybillDraft,
    /// The destination picker.
    pub dest: DestPickerState,
    /// 工号 of the clerk issuing.
    pub clerk_id: String,
    /// New or alter.
    pub mode: FormMode,
    /// Show validation errors (after the first save attempt).
    pub show_errors: bool,
    /// The shipper as known by phone.
    pub known_shipper: Option<KnownCustomer>,
    /// The consignee as known by phone.
    pub known_consignee: Option<KnownCustomer>,
    /// The shipper's usual consignees.
    pub usual_consignees: Vec<UsualConsignee>,
    /// Phones already looked up, so each is asked once.
    pub looked_up_shipper: String,
    /// See `looked_up_shipper`.
    pub looked_up_consignee: String,
    /// The last waybill saved: number and total, for the banner.
    pub last_saved: Option<(String, String)>,
    /// Focus the first field on the next frame.
    pub focus_first: bool,
    /// The 到站 field's id, kept from the frames before: the focus goes to it before a
    /// frame's keys are read, so what is typed right after a save starts the next waybill.
    pub dest_field_id: Option<egui::Id>,
    /// Focus this field on the next frame (品名 after a usual consignee, an Alt jump).
    pub focus_field: Option<crate::domain::desk::waybill::Field>,
    /// Set when a save was refused because the clerk is not on duty: why, and the
    /// waybill and print choice waiting for a supervisor's override.
    pub off_duty: Option<OffDuty>,
    /// Set when a 月结 save was refused by the credit rule, waiting for a supervisor.
    pub credit_hold: Option<crate::ui::desk::customers::CreditHold>,
    /// The phone quote (电话报价) this waybill is made from, noted on it once issued.
    pub quote_id: Option<i64>,
    /// How a 现付 waybill is paid at the counter (收款方式, 现金 until chosen), entered in
    /// the payments ledger with it.
    pub pay_channel: PayChannel,
}

/// A save refused outside the clerk's shift, waiting for a supervisor (DOMAIN §2: only
/// the clerk on duty may issue; an override is recorded).
#[derive(Debug, Clone, Default)]
pub struct OffDuty {
    /// Why the clerk is not on duty.
    pub reason: String,
    /// The validated waybill waiting.
    pub waybill: Option<Box<Waybill>>,
    /// Print once saved.
    pub print: bool,
    /// Supervisor's 工号 as typed.
    pub supervisor_id: String,
    /// Supervisor's password as typed.
    pub password: String,
    /// Why the override.
    pub override_reason: String,
    /// The panel took the focus when it appeared.
    pub focused: bool,
    /// The field (0 工号, 1 密码, 2 原因) to focus next frame: the password after an
    /// attempt, which clears it.
    pub focus_next: Option<usize>,
}

impl FormState {
    /// A blank form for the next consignment, keeping the clerk and the banner.
    pub fn reset(&mut self) {
        let clerk_id = std::mem::take(&mut self.clerk_id);
        let last_saved = self.last_saved.take();
        *self = Self {
            clerk_id,
            last_saved,
            focus_first: true,
            dest_field_id: self.dest_field_id,
            ..Self::default()
        };
    }

    /// Loads an issued waybill for alteration.
    pub fn begin_alter(&mut self, issued: &IssuedWaybill) {
        let waybill = &issued.waybill;
        self.reset();
        self.last_saved = None;
        self.draft = waybill.to_draft();
        self.dest
            .show_division(Divisions::bundled().by_code(&waybill.dest_code));
        self.mode = FormMode::Alter {
            number: issued.number.clone(),
            reason: String::new(),
            seen: issued.alter_count,
            issued_on: issued.issued_at.date(),
            arrival_date_was: waybill.arrival_date,
        };
        self.looked_up_shipper = self.draft.shipper_phone.clone();
        self.looked_up_consignee = self.draft.consignee_phone.clone();
    }

    /// Takes in a shipper look-up: fills the name when the clerk has not typed one.
    pub fn apply_shipper(
        &mut self,
        known: Option<KnownCustomer>,
        usual: Vec<UsualConsignee>,
        last_goods: Option<(String, String)>,
    ) {
        if let Some(customer) = &known
            && self.draft.shipper_name.trim().is_empty()
        {
            self.draft.shipper_name.clone_from(&customer.name);
        }
        // A returning shipper usually sends the same goods: start from the last ones.
        if let Some((goods, packaging)) = last_goods
            && self.draft.goods_name.trim().is_empty()
        {
            self.draft.goods_name = goods;
            if let Some(p) = crate::domain::desk::waybill::Packaging::from_label(&packaging) {
                self.draft.packaging = p;
            }
        }
        self.known_shipper = known;
        self.usual_consignees = usual;
    }

    /// Takes in a consignee look-up: fills name and address when empty.
    pub fn apply_consignee(&mut self, known: Option<KnownCustomer>) {
        if let Some(customer) = &known {
            if self.draft.consignee_name.trim().is_empty() {
                self.draft.consignee_name.clone_from(&customer.name);
            }
            if self.draft.delivery_address.trim().is_empty() {
                self.draft.delivery_address.clone_from(&customer.address);
            }
        }
        self.known_consignee = known;
    }

    pub(super) fn use_consignee(&mut self, consignee: &UsualConsignee) {
        self.draft.consignee_name.clone_from(&consignee.name);
        self.draft.consignee_phone.clone_from(&consignee.phone);
        self.looked_up_consignee.clone_from(&consignee.phone);
        self.draft.dest_code.clone_from(&consignee.dest_code);
        self.dest
            .show_division(Divisions::bundled().by_code(&consignee.dest_code));
        if !consignee.delivery_address.is_empty() {
            self.draft
                .delivery_address
                .clone_from(&consignee.delivery_address);
        }
    }
}
