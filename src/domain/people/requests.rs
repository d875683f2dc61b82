//! What a member of staff asks for and the supervisor decides: leave, outing and overtime
//! requests (请假/外出/加班, DOMAIN.md §8 row 11), and appeals (申诉) against a point
//! event within 5 working days (DOMAIN.md §7, last paragraph).
//!
//! Readings where the company's text is silent:
//!
//! - **Only approved requests count** (row 11: "未在钉钉申请的 … 不算请假/外出/加班"). A
//!   pending (待批) or rejected (驳回) request excuses nothing. The supervisor may change a
//!   decision until the month is locked.
//! - **What an approved 请假 excuses**: lateness, early leave and absence inside its time
//!   span (see [`crate::domain::people::attendance::grade_shift_excused`]); the review lists each
//!   excused finding with 「已批请假，不扣分」. A 请假 on a worked shift still costs the
//!   full attendance bonus (A12), as FORMATS.md says.
//! - **What an approved 外出 excuses**: the same clock-in findings inside its span (an
//!   outing on the station's business is not lateness), and leaving the post (`L`
//!   events). An `L` event carries only a date and minutes, so an approved 外出 excuses the
//!   `L` events of the day it starts on, up to its duration: its minutes are taken off
//!   those events in their order, and what remains of an event is graded (A8–A10). An
//!   outing does not cost A12.
//! - **加班** excuses nothing in the review (the review has no overtime pay); an approved
//!   overtime makes the person on duty during it (see the on-duty check in storage), so
//!   they may issue waybills.
//! - **Appeal deadline**: 5 working days after the event's date, Monday to Friday, the
//!   deadline day included. There is no holiday calendar: a public holiday on a weekday
//!   counts as a working day, and the supervisor decides late appeals over holidays by
//!   hand (dismissing a detection, removing an entered event).

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::people::points::{EventCode, PointEvent, Rule};

/// The kind of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    /// 请假: time off.
    Leave,
    /// 外出: away from the counter on the station's business.
    Outing,
    /// 加班: work outside the scheduled shift.
    Overtime,
}

impl RequestKind {
    /// Every kind, in the order of the form.
    pub const ALL: [Self; 3] = [Self::Leave, Self::Outing, Self::Overtime];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Leave => "请假",
            Self::Outing => "外出",
            Self::Overtime => "加班",
        }
    }

    /// The kind with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == label.trim())
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    /// 待批: waiting for the supervisor.
    Pending,
    /// 已批: approved; only these count.
    Approved,
    /// 驳回: rejected.
    Rejected,
}

impl RequestStatus {
    /// Every status.
    pub const ALL: [Self; 3] = [Self::Pending, Self::Approved, Self::Rejected];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "待批",
            Self::Approved => "已批",
            Self::Rejected => "驳回",
        }
    }

    /// The status with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label.trim())
    }
}

/// A leave, outing or overtime request (请假/外出/加班申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRequest {
    /// 工号 of who asks.
    pub staff_id: String,
    /// 请假, 外出 or 加班.
    pub kind: RequestKind,
    /// Start.
    pub from: NaiveDateTime,
    /// End (exclusive: a request to 12:00 covers up to 11:59).
    pub to: NaiveDateTime,
    /// 事由.
    pub reason: String,
    /// 待批, 已批 or 驳回.
    pub status: RequestStatus,
    /// 工号 of who approved or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<NaiveDateTime>,
}

impl AttendanceRequest {
    /// Whether it is approved: only then does it count (DOMAIN.md §8 row 11).
    #[must_use]
    pub fn is_approved(&self) -> bool {
        self.status == RequestStatus::Approved
    }

    /// Its length in whole minutes.
    #[must_use]
    pub fn minutes(&self) -> i64 {
        (self.to - self.from).num_minutes()
    }

    /// Whether it covers the moment `at`.
    #[must_use]
    pub fn covers(&self, at: NaiveDateTime) -> bool {
        self.from <= at && at < self.to
    }

    /// What it excuses in the review: an approved 请假 or 外出; `None` otherwise.
    #[must_use]
    pub fn excuse(&self) -> Option<Excuse> {
        (self.is_approved() && self.kind != RequestKind::Overtime).then_some(Excuse {
            kind: self.kind,
            from: self.from,
            to: self.to,
        })
    }

    /// The request decided: approved or rejected by `by` at `now`. Refused for someone's
    /// own request: nobody approves their own leave.
    pub fn decided(
        &self,
        approve: bool,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Self, RequestError> {
        if by.trim() == self.staff_id {
            return Err(RequestError::OwnRequest);
        }
        Ok(Self {
            status: if approve {
                RequestStatus::Approved
            } else {
                RequestStatus::Rejected
            },
            decided_by: Some(by.trim().to_owned()),
            decided_at: Some(now),
            ..self.clone()
        })
    }

    /// "请假 11-03 08:00–11-03 12:00".
    #[must_use]
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.label(), span_text(self.from, self.to))
    }
}

/// The time span of an approved 请假 or 外出: what excuses attendance findings inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Excuse {
    /// 请假 or 外出.
    pub kind: RequestKind,
    /// Start.
    pub from: NaiveDateTime,
    /// End (exclusive).
    pub to: NaiveDateTime,
}

impl Excuse {
    /// Whether it overlaps the span `from..to`.
    #[must_use]
    pub fn overlaps(&self, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.from < to && from < self.to
    }

    /// Its length in whole minutes.
    #[must_use]
    pub fn minutes(&self) -> i64 {
        (self.to - self.from).num_minutes()
    }
}

impl fmt::Display for Excuse {
    /// "已批请假 11-03 08:00–12:00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "已批{} {}",
            self.kind.label(),
            span_text(self.from, self.to)
        )
    }
}

/// "11-03 08:00–12:00", or "11-03 20:00–11-04 08:00" across days.
fn span_text(from: NaiveDateTime, to: NaiveDateTime) -> String {
    if from.date() == to.date() {
        format!("{}–{}", from.format("%m-%d %H:%M"), to.format("%H:%M"))
    } else {
        format!(
            "{}–{}",
            from.format("%m-%d %H:%M"),
            to.format("%m-%d %H:%M")
        )
    }
}

/// The fields of the request form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestField {
    /// 申请人.
    Staff,
    /// 类别: 请假, 外出 or 加班.
    Kind,
    /// 开始时间.
    From,
    /// 结束时间.
    To,
    /// 事由.
    Reason,
}

/// A request as typed in the form, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestDraft {
    /// 工号 of who asks.
    pub staff_id: String,
    /// 请假, 外出 or 加班; `None` until chosen.
    pub kind: Option<RequestKind>,
    /// 开始时间: `YYYY-MM-DD HH:MM`, or a date alone for the start of that day.
    pub from: String,
    /// 结束时间: `YYYY-MM-DD HH:MM`, or a date alone for the end of that day.
    pub to: String,
    /// 事由.
    pub reason: String,
}

/// The longest 事由 accepted.
pub const MAX_REASON_CHARS: usize = 200;

fn parse_moment(text: &str, end_of_day: bool) -> Option<NaiveDateTime> {
    let text = text.trim();
    for format in ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    let day = crate::domain::desk::limits::typed_day(text)?;
    if end_of_day {
        day.succ_opt().map(|next| next.and_time(NaiveTime::MIN))
    } else {
        Some(day.and_time(NaiveTime::MIN))
    }
}

impl RequestDraft {
    /// Checks the form: a pending request, or every field's error in Chinese. A date
    /// without a time means the whole day: from its start, to its end.
    pub fn validate(&self) -> Result<AttendanceRequest, Vec<(RequestField, String)>> {
        let mut errors = Vec::new();
        let staff_id = self.staff_id.trim();
        if staff_id.is_empty() {
            errors.push((RequestField::Staff, "请选择申请人".to_owned()));
        }
        let kind = self.kind;
        if kind.is_none() {
            errors.push((RequestField::Kind, "请选择请假、外出或加班".to_owned()));
        }
        let moment = |text: &str, end: bool, field: RequestField, errors: &mut Vec<_>| {
            if text.trim().is_empty() {
                errors.push((field, "请填写时间，如 2026-11-03 08:00".to_owned()));
                return None;
            }
            let at = parse_moment(text, end);
            if at.is_none() {
                errors.push((
                    field,
                    format!(
                        "「{}」不是有效的时间：请写成 YYYY-MM-DD HH:MM，如 2026-11-03 08:00；只写日期表示整天",
                        text.trim()
                    ),
                ));
            }
            at
        };
        let from = moment(&self.from, false, RequestField::From, &mut errors);
        let to = moment(&self.to, true, RequestField::To, &mut errors);
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            errors.push((RequestField::To, "结束时间必须晚于开始时间".to_owned()));
        }
        let reason = self.reason.trim();
        if reason.is_empty() {
            errors.push((RequestField::Reason, "请填写事由".to_owned()));
        } else if reason.chars().count() > MAX_REASON_CHARS {
            errors.push((
                RequestField::Reason,
                format!("事由过长（最多 {MAX_REASON_CHARS} 字）"),
            ));
        }
        match (kind, from, to) {
            (Some(kind), Some(from), Some(to)) if errors.is_empty() => Ok(AttendanceRequest {
                staff_id: staff_id.to_owned(),
                kind,
                from,
                to,
                reason: reason.to_owned(),
                status: RequestStatus::Pending,
                decided_by: None,
                decided_at: None,
            }),
            _ => Err(errors),
        }
    }
}

/// Why a request or an appeal is refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Someone deciding their own request or appeal.
    #[error("不能审批自己的申请或申诉，请由其他主管处理")]
    OwnRequest,
    /// No reason given.
    #[error("请填写{0}")]
    NoReason(&'static str),
    /// An appeal about someone else's event.
    #[error("只能对自己的扣分事件提出申诉")]
    NotOwnEvent,
    /// An appeal against praise.
    #[error("表扬（B1）不是扣分，无需申诉")]
    NotADeduction,
    /// An appeal after the deadline.
    #[error(
        "申诉已超过期限：事件日期 {day}，须在 {APPEAL_WORKING_DAYS} 个工作日内（{deadline} 前，含当天）提出"
    )]
    TooLate {
        /// The event's date.
        day: NaiveDate,
        /// The last day an appeal was accepted.
        deadline: NaiveDate,
    },
    /// A second appeal of the same event.
    #[error("该事件已经申诉过（{0}），不能重复申诉")]
    AlreadyAppealed(&'static str),
    /// A decision on an appeal already decided.
    #[error("该申诉已处理（{0}），不能再改")]
    AlreadyDecided(&'static str),
}

/// Working days an appeal may be made in (DOMAIN.md §7: "5个工作日内").
pub const APPEAL_WORKING_DAYS: u32 = 5;

/// Monday to Friday. There is no holiday calendar (see the module's readings).
#[must_use]
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`th working day after `day` (`day` itself not counted).
#[must_use]
pub fn add_working_days(day: NaiveDate, n: u32) -> NaiveDate {
    let mut out = day;
    let mut left = n;
    while left > 0 {
        out += Duration::days(1);
        if is_working_day(out) {
            left -= 1;
        }
    }
    out
}

/// The last day an appeal of an event on `event_day` is accepted: the 5th working day
/// after it.
#[must_use]
pub fn appeal_deadline(event_day: NaiveDate) -> NaiveDate {
    add_working_days(event_day, APPEAL_WORKING_DAYS)
}

/// What an appeal is about: a stored event (entered or imported, or detected and frozen
/// when its month was locked) or a detection of an open month.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AppealTarget {
    /// A stored point event, by its row id.
    Event(i64),
    /// A detected event, by its rule and evidence key.
    Detection {
        /// The rule.
        rule: Rule,
        /// The detection's evidence key.
        evidence_key: String,
    },
}

/// The supervisor's answer to an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AppealOutcome {
    /// 维持: the event stands.
    Upheld,
    /// 撤销: the event is withdrawn and no longer counts.
    Withdrawn,
}

impl AppealOutcome {
    /// 撤销 when `withdraw`, else 维持: the supervisor's two buttons.
    #[must_use]
    pub fn of(withdraw: bool) -> Self {
        if withdraw {
            Self::Withdrawn
        } else {
            Self::Upheld
        }
    }

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Upheld => "维持",
            Self::Withdrawn => "撤销",
        }
    }

    /// The outcome with this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Upheld, Self::Withdrawn]
            .into_iter()
            .find(|o| o.label() == label.trim())
    }
}

/// The decision on an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealDecision {
    /// 维持 or 撤销.
    pub outcome: AppealOutcome,
    /// Why.
    pub reason: String,
    /// 工号 of the supervisor.
    pub decided_by: String,
    /// When.
    pub decided_at: NaiveDateTime,
}

/// An appeal (申诉) of a point event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    /// Row id, to decide it.
    pub id: i64,
    /// 工号 of the clerk who appeals (the event's person).
    pub staff_id: String,
    /// The event appealed.
    pub target: AppealTarget,
    /// The event's rule.
    pub code: EventCode,
    /// The event's date.
    pub day: NaiveDate,
    /// Why the clerk disagrees.
    pub reason: String,
    /// When it was made.
    pub filed_at: NaiveDateTime,
    /// The supervisor's decision; `None` while pending.
    pub decision: Option<AppealDecision>,
}

impl Appeal {
    /// 待处理, 维持 or 撤销.
    #[must_use]
    pub fn status_label(&self) -> &'static str {
        self.decision
            .as_ref()
            .map_or("待处理", |d| d.outcome.label())
    }

    /// Whether the event was withdrawn: then it does not count.
    #[must_use]
    pub fn is_withdrawn(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.outcome == AppealOutcome::Withdrawn)
    }
}

/// Checks a new appeal of `event` by `appellant` on `today`: their own deduction, a
/// reason, within the deadline. Storage checks the rest (no earlier appeal, month open).
pub fn check_appeal(
    event: &PointEvent,
    appellant: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<(), RequestError> {
    if appellant.trim() != event.staff_id {
        return Err(RequestError::NotOwnEvent);
    }
    if event.code == EventCode::Rule(Rule::B1) {
        return Err(RequestError::NotADeduction);
    }
    check_appeal_in_time(event.day, reason, today)
}

/// What every new appeal needs, of an event or a charge dated `day`: a reason, and
/// `today` no later than [`appeal_deadline`].
///
/// # Errors
/// No reason, or too late.
pub fn check_appeal_in_time(
    day: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<(), RequestError> {
    if reason.trim().is_empty() {
        return Err(RequestError::NoReason("申诉理由"));
    }
    let deadline = appeal_deadline(day);
    if today > deadline {
        return Err(RequestError::TooLate { day, deadline });
    }
    Ok(())
}

/// Checks a decision on `appeal` by `by`: pending, with a reason, not by the appellant.
pub fn check_appeal_decision(appeal: &Appeal, by: &str, reason: &str) -> Result<(), RequestError> {
    check_decision(appeal.decision.as_ref(), &appeal.staff_id, by, reason)
}

/// What every decision on an appeal (of an event or a charge) needs: none taken yet,
/// `by` not the `appellant`, a reason.
///
/// # Errors
/// Decided already, the appellant's own, or no reason.
pub fn check_decision(
    decision: Option<&AppealDecision>,
    appellant: &str,
    by: &str,
    reason: &str,
) -> Result<(), RequestError> {
    if let Some(decision) = decision {
        return Err(RequestError::AlreadyDecided(decision.outcome.label()));
    }
    if by.trim() == appellant {
        return Err(RequestError::OwnRequest);
    }
    if reason.trim().is_empty() {
        return Err(RequestError::NoReason("维持或撤销的理由"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::points::EventSource;
    use crate::testing::{at, day};

    fn draft(kind: RequestKind, from: &str, to: &str, reason: &str) -> RequestDraft {
        RequestDraft {
            staff_id: "A01".into(),
            kind: Some(kind),
            from: from.into(),
            to: to.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn labels_round_trip() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_label(kind.label()), Some(kind));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_label(status.label()), Some(status));
        }
        for outcome in [AppealOutcome::Upheld, AppealOutcome::Withdrawn] {
            assert_eq!(AppealOutcome::from_label(outcome.label()), Some(outcome));
        }
        assert_eq!(RequestKind::from_label("调休"), None);
    }

    #[test]
    fn a_draft_becomes_a_pending_request() {
        let request = draft(
            RequestKind::Leave,
            "2026-11-03 08:00",
            "2026-11-03 12:00",
            " 看病 ",
        )
        .validate()
        .unwrap();
        assert_eq!(request.status, RequestStatus::Pending);
        assert_eq!(request.reason, "看病");
        assert_eq!(request.minutes(), 240);
        assert_eq!(request.describe(), "请假 11-03 08:00–12:00");
        assert!(request.covers(at("2026-11-03 11:59")));
        assert!(!request.covers(at("2026-11-03 12:00")));
        assert_eq!(request.excuse(), None, "pending excuses nothing");

        // A date alone is the whole day.
        let whole = draft(RequestKind::Leave, "2026-11-03", "2026/11/04", "回老家")
            .validate()
            .unwrap();
        assert_eq!(
            (whole.from, whole.to),
            (at("2026-11-03 00:00"), at("2026-11-05 00:00"))
        );
        assert_eq!(whole.describe(), "请假 11-03 00:00–11-05 00:00");
    }

    #[test]
    fn bad_drafts_name_every_field() {
        let errors = draft(RequestKind::Outing, "2026-11-03 25:00", "", "  ")
            .validate()
            .unwrap_err();
        let fields: Vec<RequestField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [RequestField::From, RequestField::To, RequestField::Reason]
        );
        let errors = draft(
            RequestKind::Overtime,
            "2026-11-03 12:00",
            "2026-11-03 08:00",
            "盘点",
        )
        .validate()
        .unwrap_err();
        assert_eq!(
            errors,
            [(RequestField::To, "结束时间必须晚于开始时间".to_owned())]
        );
        let mut no_kind = draft(RequestKind::Leave, "2026-11-03", "2026-11-03", "事");
        no_kind.kind = None;
        no_kind.staff_id = String::new();
        assert_eq!(no_kind.validate().unwrap_err().len(), 2);
    }

    /// DOMAIN.md §8 row 11: only approved leave and outings excuse; overtime never does.
    #[test]
    fn only_approved_leave_and_outings_excuse() {
        let pending = draft(
            RequestKind::Leave,
            "2026-11-03 08:00",
            "2026-11-03 12:00",
            "看病",
        )
        .validate()
        .unwrap();
        let now = at("2026-11-02 18:00");
        let approved = pending.decided(true, "S01", now).unwrap();
        assert_eq!(approved.status, RequestStatus::Approved);
        assert_eq!(approved.decided_by.as_deref(), Some("S01"));
        assert_eq!(
            approved.excuse().map(|e| e.to_string()).as_deref(),
            Some("已批请假 11-03 08:00–12:00")
        );
        let rejected = pending.decided(false, "S01", now).unwrap();
        assert_eq!(rejected.excuse(), None);
        let mut overtime = approved.clone();
        overtime.kind = RequestKind::Overtime;
        assert_eq!(overtime.excuse(), None);
        assert_eq!(
            pending.decided(true, "A01", now),
            Err(RequestError::OwnRequest)
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-02 is a Monday.
        let cases = [
            ("Monday", "2026-11-02", "2026-11-09"),
            ("Wednesday", "2026-11-04", "2026-11-11"),
            ("Friday", "2026-11-06", "2026-11-13"),
            ("Saturday", "2026-11-07", "2026-11-13"),
            ("Sunday", "2026-11-08", "2026-11-13"),
            ("across the month", "2026-11-27", "2026-12-04"),
        ];
        for (name, event, deadline) in cases {
            assert_eq!(appeal_deadline(day(event)), day(deadline), "{name}");
        }
        assert!(is_working_day(day("2026-11-02")));
        assert!(!is_working_day(day("2026-11-07")));
        assert_eq!(add_working_days(day("2026-11-06"), 1), day("2026-11-09"));
        assert_eq!(add_working_days(day("2026-11-06"), 0), day("2026-11-06"));
    }

    fn event(code: &str, d: &str) -> PointEvent {
        PointEvent {
            staff_id: "A01".into(),
            day: day(d),
            code: EventCode::from_code(code).unwrap(),
            quantity: 1,
            waybill_number: String::new(),
            note: String::new(),
            source: EventSource::Manual,
            charge_yuan: None,
        }
    }

    #[test]
    fn appeals_within_five_working_days_of_own_deductions() {
        let p1 = event("P1", "2026-11-02");
        assert_eq!(
            check_appeal(&p1, "A01", "当时在接电话", day("2026-11-09")),
            Ok(())
        );
        assert_eq!(
            check_appeal(&p1, "A01", "当时在接电话", day("2026-11-02")),
            Ok(())
        );
        let late = check_appeal(&p1, "A01", "当时在接电话", day("2026-11-10")).unwrap_err();
        assert_eq!(
            late.to_string(),
            "申诉已超过期限：事件日期 2026-11-02，须在 5 个工作日内（2026-11-09 前，含当天）提出"
        );
        assert_eq!(
            check_appeal(&p1, "A02", "理由", day("2026-11-03")),
            Err(RequestError::NotOwnEvent)
        );
        assert_eq!(
            check_appeal(&p1, "A01", " ", day("2026-11-03")),
            Err(RequestError::NoReason("申诉理由"))
        );
        assert_eq!(
            check_appeal(&event("B1", "2026-11-02"), "A01", "理由", day("2026-11-03")),
            Err(RequestError::NotADeduction)
        );
        assert_eq!(
            check_appeal(&event("L", "2026-11-02"), "A01", "理由", day("2026-11-03")),
            Ok(())
        );
    }

    #[test]
    fn decisions_need_a_reason_and_another_person() {
        let mut appeal = Appeal {
            id: 1,
            staff_id: "A01".into(),
            target: AppealTarget::Event(7),
            code: EventCode::Rule(Rule::P1),
            day: day("2026-11-02"),
            reason: "当时在接电话".into(),
            filed_at: at("2026-11-03 09:00"),
            decision: None,
        };
        assert_eq!(appeal.status_label(), "待处理");
        assert_eq!(check_appeal_decision(&appeal, "S01", "核实属实"), Ok(()));
        assert_eq!(
            check_appeal_decision(&appeal, "S01", ""),
            Err(RequestError::NoReason("维持或撤销的理由"))
        );
        assert_eq!(
            check_appeal_decision(&appeal, "A01", "理由"),
            Err(RequestError::OwnRequest)
        );
        appeal.decision = Some(AppealDecision {
            outcome: AppealOutcome::Withdrawn,
            reason: "核实属实".into(),
            decided_by: "S01".into(),
            decided_at: at("2026-11-04 09:00"),
        });
        assert!(appeal.is_withdrawn());
        assert_eq!(appeal.status_label(), "撤销");
        assert_eq!(
            check_appeal_decision(&appeal, "S01", "再议"),
            Err(RequestError::AlreadyDecided("撤销"))
        );
    }
}
