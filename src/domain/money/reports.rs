//! The business reports (营业报表): a day's or a month's waybills summed up — waybills,
//! pieces, weight, volume and revenue — in total and by destination (到站), by clerk
//! (开单员), by payment method (付款方式) and, for a month, by day. Revenue is the sum of
//! the waybills' totals (合计), each counted to the fen; voided waybills (作废) are left
//! out and only counted, so the screen can say how many were. Who sees which lines is
//! decided here too ([`sees_every_clerk`], [`BusinessReport::for_clerk`]).

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::round_yuan;
use crate::domain::people::{Month, Role};
use crate::domain::service::return_call::Satisfaction;

/// The span a report covers: one calendar day (日报) or one calendar month (月报), from
/// 00:00:00 of its first day up to, not including, 00:00:00 of the day after its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportPeriod {
    /// One day.
    Day(NaiveDate),
    /// One month.
    Month(Month),
}

impl ReportPeriod {
    /// The first day covered.
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        match self {
            Self::Day(day) => day,
            Self::Month(month) => month.first_day(),
        }
    }

    /// The last day covered.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        match self {
            Self::Day(day) => day,
            Self::Month(month) => month.last_day(),
        }
    }

    /// The first moment covered: 00:00:00 of the first day.
    #[must_use]
    pub fn start(self) -> NaiveDateTime {
        self.first_day().and_time(NaiveTime::MIN)
    }

    /// The first moment no longer covered: 00:00:00 of the day after the last.
    #[must_use]
    pub fn end(self) -> NaiveDateTime {
        let last = self.last_day();
        last.checked_add_days(Days::new(1))
            .unwrap_or(last)
            .and_time(NaiveTime::MIN)
    }

    /// Whether a waybill issued at `at` belongs to the period.
    #[must_use]
    pub fn contains(self, at: NaiveDateTime) -> bool {
        at >= self.start() && at < self.end()
    }

    /// The day or month before.
    #[must_use]
    pub fn previous(self) -> Self {
        match self {
            Self::Day(day) => Self::Day(day.pred_opt().unwrap_or(day)),
            Self::Month(month) => Self::Month(Month::of(
                month.first_day().pred_opt().unwrap_or(month.first_day()),
            )),
        }
    }

    /// The day or month after.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Day(day) => Self::Day(day.succ_opt().unwrap_or(day)),
            Self::Month(month) => Self::Month(month.next()),
        }
    }

    /// The period of the same kind that holds `day` (today's day, this month).
    #[must_use]
    pub fn same_kind_holding(self, day: NaiveDate) -> Self {
        match self {
            Self::Day(_) => Self::Day(day),
            Self::Month(_) => Self::Month(Month::of(day)),
        }
    }

    /// Whether this is a month's report.
    #[must_use]
    pub fn is_month(self) -> bool {
        matches!(self, Self::Month(_))
    }

    /// As written on screen and in file names: `2026-11-23`, `2026-11`.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Day(day) => day.format("%Y-%m-%d").to_string(),
            Self::Month(month) => month.to_string(),
        }
    }

    /// Every day covered, in order.
    #[must_use]
    pub fn days(self) -> Vec<NaiveDate> {
        self.first_day()
            .iter_days()
            .take_while(|d| *d <= self.last_day())
            .collect()
    }
}

/// One waybill as the report reads it; borrowed, so that a million rows need no copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportLine<'a> {
    /// When it was issued.
    pub issued_at: NaiveDateTime,
    /// 工号 of the issuing clerk.
    pub clerk_id: &'a str,
    /// 到站代码.
    pub dest_code: &'a str,
    /// 到站, as written on the waybill.
    pub dest_name: &'a str,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// Whether it was voided (作废): then it is counted apart and not summed.
    pub voided: bool,
    /// 件数.
    pub pieces: u32,
    /// 重量, kg.
    pub weight_kg: Decimal,
    /// 体积, m³.
    pub volume_m3: Decimal,
    /// 合计: the waybill's total, yuan.
    pub total_yuan: Decimal,
}

/// The figures of a group of waybills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// 票数.
    pub waybills: u64,
    /// 件数.
    pub pieces: u64,
    /// 重量, kg, exact.
    pub weight_kg: Decimal,
    /// 体积, m³, exact.
    pub volume_m3: Decimal,
    /// 营业额: the sum of the totals, each to the fen.
    pub revenue_yuan: Decimal,
}

impl Figures {
    fn add(&mut self, line: &ReportLine<'_>) {
        self.waybills += 1;
        self.pieces += u64::from(line.pieces);
        self.weight_kg += line.weight_kg;
        self.volume_m3 += line.volume_m3;
        self.revenue_yuan += round_yuan(line.total_yuan);
    }

    /// 票均: revenue per waybill, half-up to the fen; 0 without waybills.
    #[must_use]
    pub fn average_yuan(&self) -> Decimal {
        if self.waybills == 0 {
            return Decimal::ZERO;
        }
        round_yuan(self.revenue_yuan / Decimal::from(self.waybills))
    }

    /// 占比: this revenue as a percentage of `total`, half-up to 0.1 %; 0 when the total
    /// is 0.
    #[must_use]
    pub fn share_percent(&self, total: &Figures) -> Decimal {
        if total.revenue_yuan.is_zero() {
            return Decimal::ZERO;
        }
        (self.revenue_yuan * Decimal::ONE_HUNDRED / total.revenue_yuan)
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// One line of a table of the report: a destination, a clerk or a payment method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// 到站代码, 工号, or the payment method's label.
    pub key: String,
    /// What the line shows: the destination's name, the clerk's name, the method.
    pub label: String,
    /// Its figures.
    pub figures: Figures,
}

/// A day's or a month's business summary. Every table sums to the totals, except the
/// clerk table of a clerk's own view, which holds their line only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessReport {
    /// What it covers.
    pub period: ReportPeriod,
    /// Every valid waybill of the period.
    pub total: Figures,
    /// Voided waybills of the period, left out of every figure.
    pub voided: u64,
    /// By destination, highest revenue first (then by code).
    pub by_destination: Vec<ReportRow>,
    /// By clerk, highest revenue first (then by 工号).
    pub by_clerk: Vec<ReportRow>,
    /// By payment method: every one, in the order of the form, even without waybills.
    pub by_payment: Vec<ReportRow>,
    /// By day: every day of the period, in order, even without waybills.
    pub by_day: Vec<(NaiveDate, Figures)>,
    /// Whether the clerk table was cut to one clerk's own line ([`Self::for_clerk`]).
    pub own_line_only: bool,
    /// 代收货款 of the period (issue 17): collected for shippers, paid back, still owed at
    /// its end; the shippers' money, never in the revenue above. Storage fills it in.
    pub cod: crate::domain::money::cod::CodFigures,
    /// 回访 of the period (issue 18): the station's satisfaction. Storage fills it in.
    pub satisfaction: Satisfaction,
    /// The same per clerk who released the goods: 工号, name, figures, by 工号.
    pub satisfaction_by_clerk: Vec<(String, String, Satisfaction)>,
}

/// Sums up waybill lines into a [`BusinessReport`], one line at a time.
#[derive(Debug)]
pub struct ReportBuilder {
    period: ReportPeriod,
    total: Figures,
    voided: u64,
    destinations: HashMap<String, (String, Figures)>,
    clerks: HashMap<String, Figures>,
    payments: Vec<Figures>,
    days: Vec<Figures>,
}

impl ReportBuilder {
    /// An empty summary of `period`.
    #[must_use]
    pub fn new(period: ReportPeriod) -> Self {
        Self {
            period,
            total: Figures::default(),
            voided: 0,
            destinations: HashMap::new(),
            clerks: HashMap::new(),
            payments: vec![Figures::default(); PaymentMethod::ALL.len()],
            days: vec![Figures::default(); period.days().len()],
        }
    }

    /// Counts one waybill: a voided one only as voided, one outside the period not at all.
    pub fn add(&mut self, line: &ReportLine<'_>) {
        if !self.period.contains(line.issued_at) {
            return;
        }
        if line.voided {
            self.voided += 1;
            return;
        }
        self.total.add(line);
        // Looked up by `&str` first: a key is copied only for a group's first waybill.
        if let Some((_, figures)) = self.destinations.get_mut(line.dest_code) {
            figures.add(line);
        } else {
            let mut figures = Figures::default();
            figures.add(line);
            self.destinations.insert(
                line.dest_code.to_owned(),
                (line.dest_name.to_owned(), figures),
            );
        }
        if let Some(figures) = self.clerks.get_mut(line.clerk_id) {
            figures.add(line);
        } else {
            let mut figures = Figures::default();
            figures.add(line);
            self.clerks.insert(line.clerk_id.to_owned(), figures);
        }
        if let Some(index) = PaymentMethod::ALL.iter().position(|p| *p == line.payment)
            && let Some(figures) = self.payments.get_mut(index)
        {
            figures.add(line);
        }
        let day = line.issued_at.date();
        let offset = usize::try_from((day - self.period.first_day()).num_days()).unwrap_or(0);
        if let Some(figures) = self.days.get_mut(offset) {
            figures.add(line);
        }
    }

    /// The summary; `clerk_name` gives the name shown for a 工号 (the 工号 itself when
    /// it returns `None`, for a clerk no longer on the staff list).
    #[must_use]
    pub fn finish(self, clerk_name: impl Fn(&str) -> Option<String>) -> BusinessReport {
        let mut by_destination: Vec<ReportRow> = self
            .destinations
            .into_iter()
            .map(|(key, (label, figures))| ReportRow {
                key,
                label,
                figures,
            })
            .collect();
        sort_by_revenue(&mut by_destination);
        let mut by_clerk: Vec<ReportRow> = self
            .clerks
            .into_iter()
            .map(|(key, figures)| ReportRow {
                label: clerk_name(&key).unwrap_or_else(|| key.clone()),
                key,
                figures,
            })
            .collect();
        sort_by_revenue(&mut by_clerk);
        let by_payment = PaymentMethod::ALL
            .iter()
            .zip(self.payments)
            .map(|(method, figures)| ReportRow {
                key: method.label().to_owned(),
                label: method.label().to_owned(),
                figures,
            })
            .collect();
        BusinessReport {
            period: self.period,
            total: self.total,
            voided: self.voided,
            by_destination,
            by_clerk,
            by_payment,
            by_day: self.period.days().into_iter().zip(self.days).collect(),
            own_line_only: false,
            cod: crate::domain::money::cod::CodFigures::default(),
            satisfaction: Satisfaction::default(),
            satisfaction_by_clerk: Vec::new(),
        }
    }
}

fn sort_by_revenue(rows: &mut [ReportRow]) {
    rows.sort_by(|a, b| {
        b.figures
            .revenue_yuan
            .cmp(&a.figures.revenue_yuan)
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// Sums up `lines` for `period` (see [`ReportBuilder`]).
#[must_use]
pub fn summarize<'a>(
    period: ReportPeriod,
    lines: impl IntoIterator<Item = ReportLine<'a>>,
    clerk_name: impl Fn(&str) -> Option<String>,
) -> BusinessReport {
    let mut builder = ReportBuilder::new(period);
    for line in lines {
        builder.add(&line);
    }
    builder.finish(clerk_name)
}

/// Whether someone in `role` sees every clerk's figures: the supervisor (主管) and finance
/// (财务) do; a clerk (开单员) or customer service (客服) sees the station's figures — the
/// totals and the tables by destination, payment method and day — and only their own line
/// of the clerk table.
#[must_use]
pub fn sees_every_clerk(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Finance)
}

impl BusinessReport {
    /// The report as the clerk `clerk_id` may see it: the clerk table cut to their own
    /// line (none when they issued nothing in the period).
    #[must_use]
    pub fn for_clerk(mut self, clerk_id: &str) -> Self {
        self.by_clerk.retain(|row| row.key == clerk_id);
        self.satisfaction_by_clerk
            .retain(|(id, _, _)| id == clerk_id);
        self.own_line_only = true;
        self
    }

    /// The destinations with the highest revenue, at most `n` of them.
    #[must_use]
    pub fn top_destinations(&self, n: usize) -> &[ReportRow] {
        &self.by_destination[..self.by_destination.len().min(n)]
    }

    /// Whether the period has no valid waybill.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total.waybills == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;
    use chrono::Datelike;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn november() -> ReportPeriod {
        ReportPeriod::Month(Month::new(2026, 11).unwrap())
    }

    fn day(text: &str) -> ReportPeriod {
        ReportPeriod::Day(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    /// A valid waybill of A01 to 湘潭县, 现付, 1 piece of 10 kg and 0.1 m³.
    fn line(issued_at: &str, total: &str) -> ReportLine<'static> {
        ReportLine {
            issued_at: at(issued_at),
            clerk_id: "A01",
            dest_code: "430321",
            dest_name: "湘潭市 湘潭县",
            payment: PaymentMethod::PayNow,
            voided: false,
            pieces: 1,
            weight_kg: d("10"),
            volume_m3: d("0.1"),
            total_yuan: d(total),
        }
    }

    fn names(id: &str) -> Option<String> {
        match id {
            "A01" => Some("张丽".into()),
            "A02" => Some("王强".into()),
            _ => None,
        }
    }

    #[test]
    fn revenue_is_summed_to_the_fen_and_averages_round_half_up() {
        // (totals of the waybills, revenue, average per waybill)
        let cases: &[(&[&str], &str, &str)] = &[
            // Exact decimals: 0.10 + 0.20 is 0.30, not a float's 0.30000000000000004.
            (&["0.10", "0.20"], "0.30", "0.15"),
            // 300.01 / 3 = 100.0033… → 100.00; 300.02 / 3 = 100.0066… → 100.01.
            (&["100.00", "100.00", "100.01"], "300.01", "100.00"),
            (&["100.00", "100.01", "100.01"], "300.02", "100.01"),
            // Half a fen rounds up: 0.05 / 2 = 0.025 → 0.03.
            (&["0.02", "0.03"], "0.05", "0.03"),
            // A total with more than fen (never stored so) counts half-up to the fen.
            (&["10.005", "10.004"], "20.01", "10.01"),
        ];
        for (totals, revenue, average) in cases {
            let report = summarize(
                november(),
                totals.iter().map(|t| line("2026-11-10 09:00:00", t)),
                names,
            );
            assert_eq!(report.total.revenue_yuan, d(revenue), "{totals:?}");
            assert_eq!(report.total.average_yuan(), d(average), "{totals:?}");
        }
    }

    #[test]
    fn voided_waybills_are_counted_apart_and_left_out_of_every_figure() {
        let mut voided = line("2026-11-10 10:00:00", "999.00");
        voided.voided = true;
        voided.payment = PaymentMethod::Collect;
        voided.clerk_id = "A02";
        voided.dest_code = "110105";
        let report = summarize(
            november(),
            [line("2026-11-10 09:00:00", "120.00"), voided],
            names,
        );
        assert_eq!(report.voided, 1);
        assert_eq!(report.total.waybills, 1);
        assert_eq!(report.total.revenue_yuan, d("120.00"));
        assert_eq!(report.by_destination.len(), 1, "no line for the voided one");
        assert_eq!(report.by_clerk.len(), 1);
        let collect = &report.by_payment[1];
        assert_eq!(
            (collect.label.as_str(), collect.figures.waybills),
            ("提付", 0)
        );
        assert_eq!(report.by_day[9].1.revenue_yuan, d("120.00"));
    }

    #[test]
    fn the_period_runs_from_midnight_to_midnight() {
        // (issued at, counted in the day 2026-11-23, counted in November)
        let cases = [
            ("2026-11-22 23:59:59", false, true),
            ("2026-11-23 00:00:00", true, true),
            ("2026-11-23 23:59:59", true, true),
            ("2026-11-24 00:00:00", false, true),
            ("2026-10-31 23:59:59", false, false),
            ("2026-11-01 00:00:00", false, true),
            ("2026-11-30 23:59:59", false, true),
            ("2026-12-01 00:00:00", false, false),
        ];
        for (issued_at, in_day, in_month) in cases {
            let one = [line(issued_at, "50.00")];
            let daily = summarize(day("2026-11-23"), one, names);
            let monthly = summarize(november(), one, names);
            assert_eq!(daily.total.waybills == 1, in_day, "{issued_at} in the day");
            assert_eq!(
                monthly.total.waybills == 1,
                in_month,
                "{issued_at} in the month"
            );
        }
        // A waybill of the last second lands on the last day of the month's days.
        let report = summarize(november(), [line("2026-11-30 23:59:59", "50.00")], names);
        assert_eq!(report.by_day.len(), 30);
        assert_eq!(report.by_day[29].0.day(), 30);
        assert_eq!(report.by_day[29].1.waybills, 1);
    }

    #[test]
    fn an_empty_period_has_zero_figures_and_every_day_and_method() {
        let cases = [(november(), 30), (day("2026-11-23"), 1)];
        for (period, days) in cases {
            let report = summarize(period, [], names);
            assert!(report.is_empty());
            assert_eq!(report.total, Figures::default());
            assert_eq!(report.total.average_yuan(), Decimal::ZERO);
            assert_eq!(report.total.share_percent(&report.total), Decimal::ZERO);
            assert!(report.by_destination.is_empty() && report.by_clerk.is_empty());
            let methods: Vec<&str> = report.by_payment.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(methods, ["现付", "提付", "月结", "回单付", "货款扣"]);
            assert_eq!(report.by_day.len(), days);
        }
    }

    #[test]
    fn tables_sum_to_the_totals_and_sort_by_revenue() {
        let mut to_beijing = line("2026-11-02 08:00:00", "300.00");
        to_beijing.dest_code = "110105";
        to_beijing.dest_name = "北京市 朝阳区";
        to_beijing.clerk_id = "A02";
        to_beijing.payment = PaymentMethod::Monthly;
        to_beijing.pieces = 3;
        to_beijing.weight_kg = d("55.5");
        to_beijing.volume_m3 = d("0.125");
        let mut gone = to_beijing;
        gone.clerk_id = "B07";
        gone.payment = PaymentMethod::OnReceipt;
        gone.total_yuan = d("20.00");
        let lines = [
            line("2026-11-01 08:00:00", "120.00"),
            line("2026-11-01 09:00:00", "80.50"),
            to_beijing,
            gone,
        ];
        let report = summarize(november(), lines, names);
        let total = report.total;
        assert_eq!(
            (
                total.waybills,
                total.pieces,
                total.weight_kg,
                total.volume_m3,
                total.revenue_yuan
            ),
            (4, 8, d("131.0"), d("0.450"), d("520.50"))
        );
        let dests: Vec<(&str, Decimal)> = report
            .by_destination
            .iter()
            .map(|r| (r.label.as_str(), r.figures.revenue_yuan))
            .collect();
        assert_eq!(
            dests,
            [
                ("北京市 朝阳区", d("320.00")),
                ("湘潭市 湘潭县", d("200.50"))
            ]
        );
        let clerks: Vec<(&str, &str)> = report
            .by_clerk
            .iter()
            .map(|r| (r.key.as_str(), r.label.as_str()))
            .collect();
        // A 工号 no longer on the staff list shows as itself.
        assert_eq!(clerks, [("A02", "王强"), ("A01", "张丽"), ("B07", "B07")]);
        for table in [&report.by_destination, &report.by_clerk, &report.by_payment] {
            let sum: Decimal = table.iter().map(|r| r.figures.revenue_yuan).sum();
            let waybills: u64 = table.iter().map(|r| r.figures.waybills).sum();
            assert_eq!((sum, waybills), (total.revenue_yuan, 4));
        }
        let by_day: Decimal = report.by_day.iter().map(|(_, f)| f.revenue_yuan).sum();
        assert_eq!(by_day, total.revenue_yuan);
        assert_eq!(report.by_day[0].1.waybills, 2);
        assert_eq!(
            report.by_destination[0].figures.share_percent(&total),
            d("61.5")
        );
        assert_eq!(report.top_destinations(1).len(), 1);
        assert_eq!(report.top_destinations(10).len(), 2);
    }

    #[test]
    fn a_clerk_sees_the_station_totals_and_only_their_own_line() {
        let mut other = line("2026-11-02 08:00:00", "300.00");
        other.clerk_id = "A02";
        let full = summarize(
            november(),
            [line("2026-11-01 08:00:00", "120.00"), other],
            names,
        );
        // (role, sees every clerk)
        let roles = [
            (Role::Supervisor, true),
            (Role::Finance, true),
            (Role::Clerk, false),
            (Role::CustomerService, false),
        ];
        for (role, every) in roles {
            assert_eq!(sees_every_clerk(role), every, "{role:?}");
        }
        let own = full.clone().for_clerk("A01");
        assert_eq!(own.total, full.total, "the station's totals stay");
        assert_eq!(own.by_destination, full.by_destination);
        assert_eq!(own.by_payment, full.by_payment);
        let keys: Vec<&str> = own.by_clerk.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["A01"]);
        assert!(own.own_line_only && !full.own_line_only);
        assert!(full.clone().for_clerk("A03").by_clerk.is_empty());
    }

    #[test]
    fn periods_step_by_day_and_by_month() {
        let cases = [
            (
                day("2026-11-01"),
                day("2026-10-31"),
                day("2026-11-02"),
                "2026-11-01",
            ),
            (
                november(),
                ReportPeriod::Month(Month::new(2026, 10).unwrap()),
                ReportPeriod::Month(Month::new(2026, 12).unwrap()),
                "2026-11",
            ),
            (
                ReportPeriod::Month(Month::new(2026, 1).unwrap()),
                ReportPeriod::Month(Month::new(2025, 12).unwrap()),
                ReportPeriod::Month(Month::new(2026, 2).unwrap()),
                "2026-01",
            ),
        ];
        for (period, previous, next, label) in cases {
            assert_eq!(period.previous(), previous, "{label}");
            assert_eq!(period.next(), next, "{label}");
            assert_eq!(period.label(), label);
        }
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(november().same_kind_holding(today).label(), "2026-12");
        assert_eq!(
            day("2026-11-01").same_kind_holding(today).label(),
            "2026-12-02"
        );
        assert_eq!(november().end(), at("2026-12-01 00:00:00"));
    }
}
