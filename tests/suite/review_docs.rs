//! The monthly review's documents as the CLI writes them (FORMATS.md "Command line":
//! `review YYYY-MM [--json | --pdf FILE | --xlsx FILE]`): the real binary run on a
//! database filled by its own imports, the signed form read back with lopdf (pages,
//! paper size, text through the fonts' `ToUnicode` maps) and the finance workbook with
//! calamine (sheets, rows, numbers and dates).

use crate::desk::{Desk, Run};
use crate::pdf::{media_box, page_text};
use std::path::PathBuf;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use lopdf::Document;

// The same files as tests/suite/cli_people.rs, whose `review --json` is checked there:
// A01 张三 94 points, 3760.00; A02 李四 108 (two items graded by a reading), 1620.00;
// A03 王五 102, 1224.00; A05 孙八 98, 3430.00. A04 joins in December; B07 has no join
// date.

/// The text of one page, whitespace removed, so a phrase is found whichever runs it was
/// written in.
impl Desk {
    /// `review 2026-11 FLAG FILE` into the desk's folder.
    fn review_to(&self, flag: &str, name: &str) -> (Run, PathBuf) {
        let out = self.path(name);
        let run = self.run_ok(&["review", "2026-11", flag, out.to_str().unwrap()]);
        assert_eq!(run.stdout, "", "documents go to the file, not stdout");
        (run, out)
    }
}

#[test]
fn review_pdf_is_one_a4_page_per_person_with_everything_to_sign() {
    let desk = Desk::loaded();
    let (run, out) = desk.review_to("--pdf", "考核表.pdf");
    assert!(
        run.stderr.contains("已生成 2026-11 考核表 PDF（4 人）"),
        "{}",
        run.stderr
    );
    let doc = Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 4, "one page per reviewed person");
    let pt = 72.0 / 25.4;
    for page in &pages {
        let (w, h) = media_box(&doc, *page);
        assert!(
            (w - 210.0 * pt).abs() < 0.5 && (h - 297.0 * pt).abs() < 0.5,
            "{w} × {h}"
        );
    }

    let texts: Vec<String> = pages.iter().map(|p| page_text(&doc, *p)).collect();
    for text in &texts {
        for part in [
            "广州市每地达物流有限公司",
            "2026年11月考勤与扣分考核表",
            "工号",
            "姓名",
            "岗位",
            "基础分",
            "合计得分",
            "月基本工资",
            "在职天数",
            "应发工资",
            "发放日期",
            "2026年12月31日",
            "月基本工资×在职天数÷当月天数×得分÷100",
            "员工确认签字",
            "主管签字",
            "日期",
            "第1页共1页",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
    }
    // A01: the items with their evidence (the waybill of the short charge, the days of
    // the lateness), the total and the pay written out.
    for part in [
        "A01",
        "张三",
        "开单员",
        "迟到早退10分钟内6次",
        "11-02早班迟到5分钟",
        "GZ0001",
        "上班时间外出不足1小时1次（45分钟）",
        "100−1−2−2−1=94",
        "4000.00×30÷30×94÷100=3760.00",
        "叁仟柒佰陆拾元整",
    ] {
        assert!(texts[0].contains(part), "{part} in {}", texts[0]);
    }
    assert!(!texts[0].contains("请主管复核"), "{}", texts[0]);
    // A02: two items graded by a reading carry the mark and the footnote.
    for part in [
        "李四",
        "※A4",
        "※A5",
        "※条款未规定，按设置处理，请主管复核",
        "15天（本月30天）",
        "3000.00×15÷30×108÷100=1620.00",
        "同事表扬",
    ] {
        assert!(texts[1].contains(part), "{part} in {}", texts[1]);
    }
    assert!(
        texts[2].contains("王五") && texts[2].contains("GZ0009"),
        "{}",
        texts[2]
    );
    assert!(
        texts[3].contains("孙八") && texts[3].contains("3430.00"),
        "{}",
        texts[3]
    );
}

/// Days since Excel's day 0 (1899-12-30): how a date cell holds 2026-12-31.
fn excel_serial(day: NaiveDate) -> f64 {
    let zero = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    #[allow(
        clippy::cast_precision_loss,
        reason = "a few tens of thousands of days"
    )]
    let days = (day - zero).num_days() as f64;
    days
}

fn string(value: &str) -> Data {
    Data::String(value.to_owned())
}

#[test]
fn review_xlsx_has_the_pay_and_the_items_for_finance() {
    let desk = Desk::loaded();
    let (run, out) = desk.review_to("--xlsx", "工资.xlsx");
    assert!(
        run.stderr.contains("已生成 2026-11 工资汇总 Excel（4 人）"),
        "{}",
        run.stderr
    );
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["工资汇总", "扣分明细", "应扣费用"]);

    let summary = book.worksheet_range("工资汇总").unwrap();
    let header: Vec<&Data> = summary.rows().next().unwrap().iter().collect();
    let expected = [
        "工号",
        "姓名",
        "岗位",
        "得分",
        "月基本工资",
        "在职天数",
        "应发工资",
        "发放日期",
        "应扣费用",
        "本月扣回",
        "未扣回",
        "实发工资",
    ];
    assert_eq!(header, expected.map(string).iter().collect::<Vec<_>>());
    let people: Vec<&[Data]> = summary.rows().skip(1).collect();
    assert_eq!(people.len(), 4);
    let pay_date = excel_serial(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    let want = [
        ("A01", "张三", "开单员", 94.0, 4000.0, 30.0, 3760.0),
        ("A02", "李四", "开单员", 108.0, 3000.0, 15.0, 1620.0),
        ("A03", "王五", "客服", 102.0, 3600.0, 10.0, 1224.0),
        ("A05", "孙八", "开单员", 98.0, 3500.0, 30.0, 3430.0),
    ];
    for (row, (id, name, role, points, base, days, pay)) in people.iter().zip(want) {
        assert_eq!(row[0], string(id));
        assert_eq!(row[1], string(name));
        assert_eq!(row[2], string(role));
        assert_eq!(row[3], Data::Float(points), "{id}");
        assert_eq!(row[4], Data::Float(base), "{id}: money is a number");
        assert_eq!(row[5], Data::Float(days), "{id}");
        assert_eq!(row[6], Data::Float(pay), "{id}: money is a number");
        // A01's P8 shortfall of ¥55.00 is charged to them (issue 16).
        let charged = if id == "A01" { 55.0 } else { 0.0 };
        assert_eq!(row[8], Data::Float(charged), "{id}");
        assert_eq!(row[11], Data::Float(pay - charged), "{id}: 实发");
        assert!(row[7].is_datetime(), "{id}: {:?}", row[7]);
        assert!(
            (row[7].get_datetime().unwrap().as_f64() - pay_date).abs() < 1e-9,
            "{:?}",
            row[7]
        );
    }

    let items = book.worksheet_range("扣分明细").unwrap();
    let rows: Vec<&[Data]> = items.rows().collect();
    assert_eq!(
        &rows[0][..6],
        ["工号", "姓名", "规则", "次数", "分数", "说明"].map(string)
    );
    let rows = &rows[1..];
    let codes: Vec<String> = rows.iter().map(|r| format!("{}:{}", r[0], r[2])).collect();
    assert_eq!(
        codes,
        [
            "A01:A4", "A01:A5", "A01:A8", "A01:P8", "A02:A4", "A02:A5", "A02:B1", "A03:A12",
            "A03:P19", "A05:A7", "A05:B2"
        ]
    );
    assert_eq!(rows[0][1], string("张三"));
    assert_eq!(rows[0][3], Data::Float(6.0));
    assert_eq!(rows[0][4], Data::Float(-1.0));
    assert_eq!(rows[0][5], string("迟到早退10分钟内 6次"));
    assert_eq!(rows[3][5], string("未按报价表开单导致运费不够 1票：GZ0001"));
    // Each person's items add up to their points from the base of 100.
    for (id, _, _, points, ..) in want {
        let sum: f64 = rows
            .iter()
            .filter(|r| r[0] == string(id))
            .map(|r| r[4].as_f64().unwrap())
            .sum();
        assert!((100.0 + sum - points).abs() < 1e-9, "{id}");
    }
}

#[test]
fn output_forms_are_exclusive_and_write_errors_are_refusals() {
    let desk = Desk::loaded();
    let pdf = desk.path("a.pdf");
    let xlsx = desk.path("a.xlsx");
    let (pdf_arg, xlsx_arg) = (pdf.to_str().unwrap(), xlsx.to_str().unwrap());
    for args in [
        &["review", "2026-11", "--json", "--pdf", pdf_arg][..],
        &["review", "2026-11", "--pdf", pdf_arg, "--xlsx", xlsx_arg],
        &["review", "2026-11", "--xlsx", xlsx_arg, "--json"],
        &["review", "2026-11", "--xlsx"],
    ] {
        let run = desk.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    assert!(
        !pdf.exists() && !xlsx.exists(),
        "nothing written on a usage error"
    );

    let nowhere = desk.path("没有这个文件夹").join("考核表.pdf");
    let run = desk.run(&["review", "2026-11", "--pdf", nowhere.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("kaidan: 无法写入"), "{}", run.stderr);
}

#[test]
fn an_empty_month_still_makes_both_documents() {
    let desk = Desk::new();
    // A database the window made and nobody used yet.
    drop(kaidan::storage::Db::open(&desk.dir.path().join("kaidan.sqlite3")).unwrap());
    let (_, out) = desk.review_to("--pdf", "空.pdf");
    let doc = Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    assert!(page_text(&doc, 1).contains("本月没有在职员工需要考核"));
    let (_, out) = desk.review_to("--xlsx", "空.xlsx");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.worksheet_range("工资汇总").unwrap().height(), 1);
    assert_eq!(book.worksheet_range("扣分明细").unwrap().height(), 1);
}
