//! Complaints as the desk counts them (issue 18 item 4): how each came in (渠道), what it
//! is about (投诉原因), its trail — transfers to another person or station and replies
//! before it is answered — and the month's complaint statistics: count by cause and by
//! channel, first-response and resolution times, resolution rate, and complaints per
//! 1,000 waybills.
//!
//! Readings: the *first response* is the first 回复 or the answer, whichever came first;
//! *resolved* is answered (处理结果 recorded); times are in hours from when it was
//! received. A transfer does not move P14: whoever took the item answers for its hours.

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::people::Month;

/// How a question or complaint came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Channel {
    /// 电话.
    #[default]
    Phone,
    /// 微信.
    WeChat,
    /// 到店: at the counter.
    InPerson,
    /// 网上: the website or an online platform.
    Online,
}

impl Channel {
    /// Every channel, in the order of the choice row.
    pub const ALL: [Self; 4] = [Self::Phone, Self::WeChat, Self::InPerson, Self::Online];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "电话",
            Self::WeChat => "微信",
            Self::InPerson => "到店",
            Self::Online => "网上",
        }
    }

    /// The channel stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.label() == label)
    }
}

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    /// 时效延误.
    Delay,
    /// 货物破损.
    Damage,
    /// 丢失少件.
    Loss,
    /// 服务态度.
    Attitude,
    /// 收费争议.
    Charges,
    /// 送货问题: not delivered as agreed.
    Delivery,
    /// 信息差错: wrong waybill, wrong notice.
    Information,
    /// 其他.
    Other,
}

impl Cause {
    /// Every cause, in the order of the choice row and the report.
    pub const ALL: [Self; 8] = [
        Self::Delay,
        Self::Damage,
        Self::Loss,
        Self::Attitude,
        Self::Charges,
        Self::Delivery,
        Self::Information,
        Self::Other,
    ];

    /// The Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Delay => "时效延误",
            Self::Damage => "货物破损",
            Self::Loss => "丢失少件",
            Self::Attitude => "服务态度",
            Self::Charges => "收费争议",
            Self::Delivery => "送货问题",
            Self::Information => "信息差错",
            Self::Other => "其他",
        }
    }

    /// The cause stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.label() == label)
    }
}

/// Where an item is transferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferTo {
    /// To this 工号 (at their station).
    Person(String),
    /// To this station's desk.
    Station(i64),
}

/// One entry of an item's trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrailKind {
    /// 转交: to a person (工号, empty for a station's desk) at a station (`None`: the same).
    Transfer(String, Option<i64>),
    /// 回复: the customer was answered for now; the item stays open.
    Reply,
}

/// One entry of an item's trail, on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEntry {
    /// When.
    pub at: NaiveDateTime,
    /// 工号 of who wrote it.
    pub by: String,
    /// What.
    pub kind: TrailKind,
    /// The reason for a transfer, or what the customer was told.
    pub text: String,
}

/// The first response: the first 回复 or the answer, whichever came first.
#[must_use]
pub fn first_response(
    trail: &[TrailEntry],
    answered_at: Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    trail
        .iter()
        .filter(|t| t.kind == TrailKind::Reply)
        .map(|t| t.at)
        .chain(answered_at)
        .min()
}

/// One complaint of the month as the statistics read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintLine {
    /// The log's number.
    pub id: i64,
    /// When received.
    pub received_at: NaiveDateTime,
    /// How it came in.
    pub channel: Channel,
    /// What about; `None` for one recorded before causes were asked.
    pub cause: Option<Cause>,
    /// Who complained.
    pub caller: String,
    /// The waybill, empty if none.
    pub waybill_number: String,
    /// What was said.
    pub question: String,
    /// 工号 of who took it.
    pub handler_id: String,
    /// The first response.
    pub first_response_at: Option<NaiveDateTime>,
    /// When answered (resolved).
    pub answered_at: Option<NaiveDateTime>,
    /// How many times it was transferred.
    pub transfers: u32,
}

/// A count and its share of all complaints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// What is counted (a cause or a channel).
    pub label: &'static str,
    /// How many.
    pub count: u32,
    /// Percent of all, one decimal.
    pub percent: Decimal,
}

/// The month's complaints at a station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintStats {
    /// The month.
    pub month: Month,
    /// Waybills issued in the month (the rate's base).
    pub waybills: u64,
    /// The complaints, by time received.
    pub lines: Vec<ComplaintLine>,
}

fn hours(from: NaiveDateTime, to: NaiveDateTime) -> Decimal {
    Decimal::from((to - from).num_minutes()) / Decimal::from(60)
}

/// Rounded to, and shown with, one decimal.
fn one_decimal(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(1);
    v
}

fn average(values: &[Decimal]) -> Option<Decimal> {
    let n = u32::try_from(values.len()).ok().filter(|n| *n > 0)?;
    Some(one_decimal(
        values.iter().copied().sum::<Decimal>() / Decimal::from(n),
    ))
}

impl ComplaintStats {
    /// How many.
    #[must_use]
    pub fn count(&self) -> u32 {
        u32::try_from(self.lines.len()).unwrap_or(u32::MAX)
    }

    fn share(&self, label: &'static str, count: u32) -> Share {
        let percent = if self.lines.is_empty() {
            Decimal::ZERO
        } else {
            one_decimal(Decimal::from(count) * Decimal::from(100) / Decimal::from(self.count()))
        };
        Share {
            label,
            count,
            percent,
        }
    }

    /// Every cause with its count (those recorded without one as 未分类 at the end).
    #[must_use]
    pub fn by_cause(&self) -> Vec<Share> {
        let count = |c: Option<Cause>| {
            u32::try_from(self.lines.iter().filter(|l| l.cause == c).count()).unwrap_or(0)
        };
        let mut out: Vec<Share> = Cause::ALL
            .into_iter()
            .map(|c| self.share(c.label(), count(Some(c))))
            .collect();
        let unclassified = count(None);
        if unclassified > 0 {
            out.push(self.share("未分类", unclassified));
        }
        out
    }

    /// Every channel with its count.
    #[must_use]
    pub fn by_channel(&self) -> Vec<Share> {
        Channel::ALL
            .into_iter()
            .map(|c| {
                let n = self.lines.iter().filter(|l| l.channel == c).count();
                self.share(c.label(), u32::try_from(n).unwrap_or(0))
            })
            .collect()
    }

    /// Average hours to the first response, of those responded to.
    #[must_use]
    pub fn first_response_hours(&self) -> Option<Decimal> {
        let values: Vec<Decimal> = self
            .lines
            .iter()
            .filter_map(|l| l.first_response_at.map(|at| hours(l.received_at, at)))
            .collect();
        average(&values)
    }

    /// Average hours to resolution, of those resolved.
    #[must_use]
    pub fn resolution_hours(&self) -> Option<Decimal> {
        let values: Vec<Decimal> = self
            .lines
            .iter()
            .filter_map(|l| l.answered_at.map(|at| hours(l.received_at, at)))
            .collect();
        average(&values)
    }

    /// How many were resolved.
    #[must_use]
    pub fn resolved(&self) -> u32 {
        u32::try_from(
            self.lines
                .iter()
                .filter(|l| l.answered_at.is_some())
                .count(),
        )
        .unwrap_or(0)
    }

    /// Percent resolved, one decimal; `None` without complaints.
    #[must_use]
    pub fn resolution_rate(&self) -> Option<Decimal> {
        (!self.lines.is_empty()).then(|| {
            one_decimal(
                Decimal::from(self.resolved()) * Decimal::from(100) / Decimal::from(self.count()),
            )
        })
    }

    /// Complaints per 1,000 waybills, two decimals; `None` without waybills.
    #[must_use]
    pub fn per_thousand(&self) -> Option<Decimal> {
        (self.waybills > 0).then(|| {
            let mut v = (Decimal::from(self.count()) * Decimal::from(1000)
                / Decimal::from(self.waybills))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            v.rescale(2);
            v
        })
    }

    /// How many were transferred at least once.
    #[must_use]
    pub fn transferred(&self) -> u32 {
        u32::try_from(self.lines.iter().filter(|l| l.transfers > 0).count()).unwrap_or(0)
    }

    /// `2026-12` 投诉统计 as a file name stem.
    #[must_use]
    pub fn file_stem(&self) -> String {
        format!("{}-投诉统计", self.month)
    }
}

/// `4.5 小时`, or `—` without a value.
#[must_use]
pub fn hours_text(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |h| format!("{h} 小时"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        crate::testing::time(2026, 12, d, h, m)
    }

    fn line(
        cause: Option<Cause>,
        channel: Channel,
        answered: Option<NaiveDateTime>,
    ) -> ComplaintLine {
        ComplaintLine {
            id: 1,
            received_at: at(1, 9, 0),
            channel,
            cause,
            caller: String::new(),
            waybill_number: String::new(),
            question: String::new(),
            handler_id: "A01".into(),
            first_response_at: answered.map(|_| at(1, 9, 30)),
            answered_at: answered,
            transfers: 0,
        }
    }

    #[test]
    fn the_month_counts_by_cause_and_channel_and_times() {
        let stats = ComplaintStats {
            month: "2026-12".parse().expect("month"),
            waybills: 800,
            lines: vec![
                line(Some(Cause::Delay), Channel::Phone, Some(at(1, 12, 0))),
                line(Some(Cause::Delay), Channel::WeChat, Some(at(2, 9, 0))),
                line(Some(Cause::Attitude), Channel::Phone, None),
                line(None, Channel::InPerson, None),
            ],
        };
        let causes = stats.by_cause();
        assert_eq!(causes[0].label, "时效延误");
        assert_eq!(
            (causes[0].count, causes[0].percent.to_string()),
            (2, "50.0".into())
        );
        assert_eq!(causes.last().map(|s| s.label), Some("未分类"));
        assert_eq!(stats.by_channel()[0].count, 2);
        assert_eq!(
            stats.first_response_hours().map(|h| h.to_string()),
            Some("0.5".into())
        );
        // 3 hours and 24 hours.
        assert_eq!(
            stats.resolution_hours().map(|h| h.to_string()),
            Some("13.5".into())
        );
        assert_eq!(
            stats.resolution_rate().map(|r| r.to_string()),
            Some("50.0".into())
        );
        assert_eq!(
            stats.per_thousand().map(|r| r.to_string()),
            Some("5.00".into())
        );
    }

    #[test]
    fn no_complaints_and_no_waybills_give_no_rates() {
        let stats = ComplaintStats {
            month: "2026-12".parse().expect("month"),
            waybills: 0,
            lines: Vec::new(),
        };
        assert_eq!(stats.resolution_rate(), None);
        assert_eq!(stats.per_thousand(), None);
        assert_eq!(hours_text(stats.first_response_hours()), "—");
    }

    #[test]
    fn the_first_response_is_the_first_reply_or_the_answer() {
        let reply = TrailEntry {
            at: at(1, 10, 0),
            by: "A01".into(),
            kind: TrailKind::Reply,
            text: "已在查".into(),
        };
        let transfer = TrailEntry {
            at: at(1, 9, 30),
            by: "A01".into(),
            kind: TrailKind::Transfer("B02".into(), None),
            text: "转给送货组".into(),
        };
        assert_eq!(
            first_response(&[transfer.clone(), reply], Some(at(1, 12, 0))),
            Some(at(1, 10, 0))
        );
        assert_eq!(first_response(&[transfer], None), None);
    }
}
