//! 回访 (issue 18 item 2): after goods are picked up or delivered, the desk calls the
//! consignee back and asks a short satisfaction survey — speed (时效), care of the goods
//! (货物完好) and staff attitude (服务态度), each 1–5, and a comment.
//!
//! The rules, where the seeds are silent (README, 回访):
//! - a call is due from the day after the release ([`CALL_AFTER_DAYS`]) and stays on the
//!   list for [`LIST_DAYS`] days;
//! - an unanswered call (未接通) is retried [`RETRY_AFTER_HOURS`] hours later, at most
//!   [`MAX_ATTEMPTS`] times in all; after that the waybill leaves the list as 未能回访;
//! - a call that reached the customer closes it, whether they answered (已回访) or
//!   declined (拒绝回访); one closing call per waybill, which the database enforces;
//! - any score at or under [`LOW_SCORE`] opens a follow-up (回访跟进) in the questions and
//!   complaints log, in the same transaction, for the person who called;
//! - the rated service is the clerk's who released the goods; their figures per month are
//!   evidence beside the review, never points (the rules give none).

use chrono::{Duration, NaiveDateTime};
use rust_decimal::Decimal;

/// A call is due this many days after the release (the next day).
pub const CALL_AFTER_DAYS: i64 = 1;
/// Releases older than this many days leave the list, called or not.
pub const LIST_DAYS: i64 = 14;
/// An unanswered call is tried again after this many hours.
pub const RETRY_AFTER_HOURS: i64 = 2;
/// Unanswered calls allowed before the waybill leaves the list.
pub const MAX_ATTEMPTS: u32 = 3;
/// A score at or under this opens a follow-up.
pub const LOW_SCORE: u8 = 2;

/// How a release ended: which the call follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Release {
    /// 提货: the consignee collected at the counter.
    PickUp,
    /// 送达: delivered to them.
    Delivery,
}

impl Release {
    /// The Chinese label, as in the timeline.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::PickUp => "提货",
            Self::Delivery => "送达",
        }
    }

    /// The release with this timeline action.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::PickUp, Self::Delivery]
            .into_iter()
            .find(|r| r.label() == label)
    }
}

/// What came of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CallResult {
    /// 已回访: the customer answered the survey.
    #[default]
    Surveyed,
    /// 未接通: nobody answered; tried again later.
    NoAnswer,
    /// 拒绝回访: reached, but did not want to answer.
    Declined,
}

impl CallResult {
    /// Every result, in the order of the choice row.
    pub const ALL: [Self; 3] = [Self::Surveyed, Self::NoAnswer, Self::Declined];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Surveyed => "已回访",
            Self::NoAnswer => "未接通",
            Self::Declined => "拒绝回访",
        }
    }

    /// The result stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == label)
    }
}

/// The three scores of a survey, each 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scores {
    /// 时效: was it on time.
    pub speed: u8,
    /// 货物完好: care of the goods.
    pub care: u8,
    /// 服务态度: staff attitude.
    pub attitude: u8,
}

impl Scores {
    /// The scores with their Chinese names, in the order asked.
    #[must_use]
    pub fn named(self) -> [(&'static str, u8); 3] {
        [
            (ScoreField::Speed.label(), self.speed),
            (ScoreField::Care.label(), self.care),
            (ScoreField::Attitude.label(), self.attitude),
        ]
    }

    /// Whether any score is low enough to follow up.
    #[must_use]
    pub fn low(self) -> bool {
        self.named().iter().any(|(_, s)| *s <= LOW_SCORE)
    }

    /// `时效 2 · 货物完好 4 · 服务态度 3`.
    #[must_use]
    pub fn summary(self) -> String {
        self.named()
            .iter()
            .map(|(name, s)| format!("{name} {s}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The survey's fields, for errors shown next to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoreField {
    /// 时效.
    Speed,
    /// 货物完好.
    Care,
    /// 服务态度.
    Attitude,
    /// 客户意见.
    Comment,
}

impl ScoreField {
    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Speed => "时效",
            Self::Care => "货物完好",
            Self::Attitude => "服务态度",
            Self::Comment => "客户意见",
        }
    }
}

/// The call form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallDraft {
    /// What came of it (已回访 until another is chosen).
    pub result: CallResult,
    /// 时效 as typed.
    pub speed: String,
    /// 货物完好 as typed.
    pub care: String,
    /// 服务态度 as typed.
    pub attitude: String,
    /// 客户意见 (may be empty, except for a low score).
    pub comment: String,
}

/// A validated call, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAnswer {
    /// What came of it.
    pub result: CallResult,
    /// The scores, only for [`CallResult::Surveyed`].
    pub scores: Option<Scores>,
    /// 客户意见 or what was said.
    pub comment: String,
}

/// Longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 500;

impl CallDraft {
    /// The call, or the problems of its fields in Chinese. A score must be a whole number
    /// from 1 to 5; a low score needs the customer's words, for the follow-up.
    pub fn validate(&self) -> Result<CallAnswer, Vec<(ScoreField, String)>> {
        let mut problems = Vec::new();
        let result = self.result;
        let comment = self.comment.trim().to_owned();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            problems.push((
                ScoreField::Comment,
                format!("意见过长（最多 {MAX_COMMENT_CHARS} 字）"),
            ));
        }
        let scores = if result == CallResult::Surveyed {
            let mut score = |field: ScoreField, text: &str| match parse_score(text) {
                Ok(s) => s,
                Err(message) => {
                    problems.push((field, message));
                    0
                }
            };
            let scores = Scores {
                speed: score(ScoreField::Speed, &self.speed),
                care: score(ScoreField::Care, &self.care),
                attitude: score(ScoreField::Attitude, &self.attitude),
            };
            if problems.is_empty() && scores.low() && comment.is_empty() {
                problems.push((
                    ScoreField::Comment,
                    format!("有 {LOW_SCORE} 分及以下的评分：请记下客户不满意的原因，以便跟进"),
                ));
            }
            Some(scores)
        } else {
            None
        };
        if problems.is_empty() {
            Ok(CallAnswer {
                result,
                scores,
                comment,
            })
        } else {
            Err(problems)
        }
    }
}

/// Reads one score: a whole number 1–5.
///
/// # Errors
/// Chinese text for anything else.
pub fn parse_score(text: &str) -> Result<u8, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写评分（1–5 分）".to_owned());
    }
    match text.parse::<u8>() {
        Ok(s) if (1..=5).contains(&s) => Ok(s),
        _ => Err(format!("评分须为 1–5 的整数，「{text}」不行")),
    }
}

/// A release waiting for its call, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallDue {
    /// 单号.
    pub waybill_number: String,
    /// How it was released.
    pub release: Release,
    /// When.
    pub released_at: NaiveDateTime,
    /// 工号 of who released it (whose service is rated).
    pub clerk_id: String,
    /// 收货方.
    pub consignee_name: String,
    /// Their phone.
    pub consignee_phone: String,
    /// Unanswered calls so far.
    pub attempts: u32,
    /// When the last unanswered call was made.
    pub last_attempt: Option<NaiveDateTime>,
}

impl CallDue {
    /// When the next call may be made: the day after the release, or some hours after
    /// the last unanswered call.
    #[must_use]
    pub fn due_at(&self) -> NaiveDateTime {
        let first = (self.released_at.date() + Duration::days(CALL_AFTER_DAYS))
            .and_hms_opt(0, 0, 0)
            .unwrap_or(self.released_at);
        match self.last_attempt {
            Some(at) => first.max(at + Duration::hours(RETRY_AFTER_HOURS)),
            None => first,
        }
    }

    /// Whether it may be called at `now`.
    #[must_use]
    pub fn due(&self, now: NaiveDateTime) -> bool {
        self.due_at() <= now
    }
}

/// A stored call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnCall {
    /// Row id.
    pub id: i64,
    /// 单号.
    pub waybill_number: String,
    /// When called.
    pub called_at: NaiveDateTime,
    /// 工号 of who called.
    pub called_by: String,
    /// 工号 of who released the goods.
    pub clerk_id: String,
    /// What came of it, with scores and comment.
    pub answer: CallAnswer,
    /// The follow-up opened in the questions and complaints log for a low score.
    pub follow_up_id: Option<i64>,
}

/// The follow-up's question in the log, for a low score.
#[must_use]
pub fn follow_up_question(waybill_number: &str, scores: Scores, comment: &str) -> String {
    format!(
        "回访低分（运单 {waybill_number}）：{}。客户说：{comment}",
        scores.summary()
    )
}

/// Satisfaction over some calls: how many were closed and how, and the average scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Satisfaction {
    /// Surveys answered.
    pub surveyed: u32,
    /// Declined.
    pub declined: u32,
    /// Calls that did not get through.
    pub no_answer: u32,
    /// Sums of the scores, for the averages.
    sums: [u32; 3],
    /// Surveys with a low score.
    pub low: u32,
}

impl Satisfaction {
    /// Adds one call.
    pub fn add(&mut self, answer: &CallAnswer) {
        match answer.result {
            CallResult::Surveyed => self.surveyed += 1,
            CallResult::Declined => self.declined += 1,
            CallResult::NoAnswer => self.no_answer += 1,
        }
        if let Some(scores) = answer.scores {
            for (sum, (_, s)) in self.sums.iter_mut().zip(scores.named()) {
                *sum += u32::from(s);
            }
            if scores.low() {
                self.low += 1;
            }
        }
    }

    /// Whether nothing was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.surveyed + self.declined + self.no_answer == 0
    }

    /// The average of each score (时效, 货物完好, 服务态度) to one decimal; `None` without
    /// a survey.
    #[must_use]
    pub fn averages(&self) -> Option<[Decimal; 3]> {
        (self.surveyed > 0).then(|| {
            self.sums.map(|s| {
                (Decimal::from(s) / Decimal::from(self.surveyed))
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            })
        })
    }

    /// One line: `回访 12 次：时效 4.5 · 货物完好 4.8 · 服务态度 4.9，低分 1 次`.
    #[must_use]
    pub fn summary(&self) -> String {
        match self.averages() {
            None if self.is_empty() => "无回访".to_owned(),
            None => format!(
                "回访 0 次（拒绝 {}，未接通 {}）",
                self.declined, self.no_answer
            ),
            Some(avg) => {
                let names = [
                    ScoreField::Speed.label(),
                    ScoreField::Care.label(),
                    ScoreField::Attitude.label(),
                ];
                let scores = names
                    .iter()
                    .zip(avg)
                    .map(|(n, a)| format!("{n} {a}"))
                    .collect::<Vec<_>>()
                    .join(" · ");
                format!("回访 {} 次：{scores}，低分 {} 次", self.surveyed, self.low)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        crate::testing::time(2026, 12, d, h, 0)
    }

    fn draft(result: CallResult, s: [&str; 3], comment: &str) -> CallDraft {
        CallDraft {
            result,
            speed: s[0].to_owned(),
            care: s[1].to_owned(),
            attitude: s[2].to_owned(),
            comment: comment.to_owned(),
        }
    }

    #[test]
    fn a_score_is_a_whole_number_from_one_to_five() {
        for bad in ["0", "6", "4.5", "-1", "五", ""] {
            let e = draft(CallResult::Surveyed, [bad, "5", "5"], "").validate();
            let problems = e.expect_err(bad);
            assert_eq!(problems[0].0, ScoreField::Speed, "{bad}");
            assert!(problems[0].1.contains("1–5"), "{problems:?}");
        }
        let ok = draft(CallResult::Surveyed, ["5", " 4 ", "3"], "")
            .validate()
            .expect("valid");
        assert_eq!(
            ok.scores,
            Some(Scores {
                speed: 5,
                care: 4,
                attitude: 3
            })
        );
    }

    #[test]
    fn a_low_score_needs_the_customers_words() {
        let e = draft(CallResult::Surveyed, ["2", "5", "5"], " ").validate();
        assert_eq!(e.expect_err("low")[0].0, ScoreField::Comment);
        let ok = draft(CallResult::Surveyed, ["2", "5", "5"], "晚了两天")
            .validate()
            .expect("valid");
        assert!(ok.scores.is_some_and(Scores::low));
    }

    #[test]
    fn an_unanswered_or_declined_call_has_no_scores() {
        let ok = draft(CallResult::NoAnswer, ["9", "", ""], "")
            .validate()
            .expect("valid");
        assert_eq!(ok.scores, None);
        assert!(CallDraft::default().validate().is_err());
    }

    #[test]
    fn a_call_is_due_the_next_day_and_retried_hours_later() {
        let mut due = CallDue {
            waybill_number: "A".into(),
            release: Release::PickUp,
            released_at: at(3, 15),
            clerk_id: "A01".into(),
            consignee_name: String::new(),
            consignee_phone: String::new(),
            attempts: 0,
            last_attempt: None,
        };
        assert!(!due.due(at(3, 23)));
        assert!(due.due(at(4, 0)));
        due.attempts = 1;
        due.last_attempt = Some(at(4, 9));
        assert!(!due.due(at(4, 10)));
        assert!(due.due(at(4, 11)));
    }

    #[test]
    fn satisfaction_averages_to_one_decimal() {
        let mut s = Satisfaction::default();
        assert_eq!(s.summary(), "无回访");
        for (scores, comment) in [(["5", "5", "4"], ""), (["4", "2", "5"], "箱子破了")] {
            s.add(
                &draft(CallResult::Surveyed, scores, comment)
                    .validate()
                    .expect("valid"),
            );
        }
        s.add(
            &draft(CallResult::NoAnswer, ["", "", ""], "")
                .validate()
                .expect("valid"),
        );
        let avg = s.averages().expect("surveyed");
        assert_eq!(avg.map(|a| a.to_string()), ["4.5", "3.5", "4.5"]);
        assert_eq!(s.low, 1);
        assert_eq!(
            s.summary(),
            "回访 2 次：时效 4.5 · 货物完好 3.5 · 服务态度 4.5，低分 1 次"
        );
    }
}
