//! Tests of `documents::dispatch::arrival_pdf`.

use super::*;
use crate::demo::samples::{GOODS, SHOPS as CONSIGNEES};
use std::collections::BTreeSet;

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    crate::testing::time(2026, 11, day, hour, minute)
}

fn check(
    loaded: impl IntoIterator<Item = u32>,
    received: impl IntoIterator<Item = u32>,
) -> PieceCheck {
    PieceCheck {
        loaded: loaded.into_iter().collect::<BTreeSet<_>>(),
        received: received.into_iter().collect::<BTreeSet<_>>(),
    }
}

/// `n` waybills of which every seventh misses pieces, every eleventh has an extra
/// piece and every ninth a damage note (some long).
fn checks(n: u32) -> Vec<(u32, PieceCheck)> {
    (1..=n)
        .map(|i| {
            let pieces = 1 + (i * 7) % 23;
            let mut c = check(1..=pieces, 1..=pieces);
            if i % 7 == 3 && pieces > 3 {
                c.received.remove(&2);
                c.received.remove(&3);
                c.received.remove(&pieces);
            }
            if i % 11 == 5 {
                c.received.insert(pieces + 1);
            }
            (pieces, c)
        })
        .collect()
}

const DAMAGE: [&str; 2] = [
    "外箱压坏，内物完好",
    "外箱底部受潮破裂，内装衣物两件沾水，已拍照并电话告知发货方张老板，待其回复是否索赔",
];

fn lines<'a>(checks: &'a [(u32, PieceCheck)], numbers: &'a [String]) -> Vec<ArrivalSheetLine<'a>> {
    checks
        .iter()
        .zip(numbers)
        .enumerate()
        .map(|(i, ((pieces, check), number))| ArrivalSheetLine {
            number,
            consignee_name: CONSIGNEES[i % 6],
            goods_name: GOODS[i % 6],
            pieces: *pieces,
            check,
            damaged: if i % 9 == 4 {
                vec![ArrivalDamage {
                    pieces: &[1],
                    note: DAMAGE[(i / 9) % 2],
                }]
            } else {
                Vec::new()
            },
        })
        .collect()
}

fn numbers(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("GZ2611230{i:04}")).collect()
}

fn sheet<'a>(lines: &'a [ArrivalSheetLine<'a>]) -> ArrivalSheet<'a> {
    ArrivalSheet {
        company: "广州市每地达物流有限公司",
        manifest_code: "GZF26112301",
        origin: "广州白云站",
        station: "湘潭县易俗河站",
        plate: "湘C12345",
        driver_name: "王师傅",
        driver_phone: "13812345678",
        departed_at: Some(at(23, 18, 0)),
        checked_by: "B03 李娜",
        closed_at: Some(at(24, 9, 40)),
        lines,
    }
}

use crate::documents::test_support::pdf_page_texts as page_texts;

#[test]
fn columns_fill_the_width() {
    crate::documents::test_support::assert_fills(&COLUMNS, Paper::A4_LANDSCAPE);
}

#[test]
fn problems_are_written_with_their_pieces() {
    let c = check(1..=10, [1, 4, 5, 6, 7, 8, 9, 10, 12]);
    assert_eq!(
        pieces_text(text::MISSING, &c.missing()),
        "少 2 件：第 2–3 件"
    );
    assert_eq!(pieces_text(text::EXTRA, &c.extra()), "多 1 件：第 12 件");
    assert_eq!(pieces_text(text::MISSING, &[]), "");
    let damage = [
        ArrivalDamage {
            pieces: &[3],
            note: "外箱压坏",
        },
        ArrivalDamage {
            pieces: &[],
            note: "整票受潮",
        },
    ];
    assert_eq!(damage_text(&damage), "第 3 件：外箱压坏；整票受潮");
    let line = ArrivalSheetLine {
        number: "GZ2611230001",
        consignee_name: "",
        goods_name: "",
        pieces: 0,
        check: &c,
        damaged: Vec::new(),
    };
    let row = lay_out(0, &line);
    assert!(row.unknown && row.problem && row.count_differs);
    assert_eq!(row.cells[2], text::UNKNOWN_WAYBILL);
    assert_eq!(row.cells[4], "10/?");
}

#[test]
fn a_closed_report_reads_back_with_every_problem() {
    let checks = checks(14);
    let numbers = numbers(14);
    let lines = lines(&checks, &numbers);
    let bytes = arrival_pdf(&sheet(&lines)).unwrap();
    let texts = page_texts(&bytes);
    assert_eq!(texts.len(), 1);
    let text = &texts[0];
    let totals = Totals::of(&lines);
    assert!(totals.missing > 0 && totals.extra > 0 && totals.damaged_lines > 0);
    for expected in [
        "广州市每地达物流有限公司",
        "到货清单",
        "已核对",
        "No.GZF26112301",
        "广州白云站",
        "湘潭县易俗河站",
        "湘C12345",
        "王师傅13812345678",
        "2026-11-2318:00",
        "B03李娜",
        "2026-11-2409:40",
        "少3件：第2–3,",
        "多1件：第",
        "第1件：外箱压坏，内物完好",
        &format!("合计{}票", totals.waybills),
        &format!("其中有异常{}票", totals.problem_lines),
        &format!("装{}", totals.loaded),
        &format!("收{}", totals.received),
        &format!("少件{}件", totals.missing),
        &format!("多件{}件", totals.extra),
        &format!("破损{}票", totals.damaged_lines),
        "卸货核对人（签字）",
        "司机（签字）",
        "第1页/共1页",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for number in &numbers {
        assert_eq!(text.matches(number.as_str()).count(), 1, "{number}");
    }
    assert!(!text.contains(text::CHECKING));
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
}

#[test]
fn an_open_check_says_so() {
    let c = check(1..=3, 1..=3);
    let line = [ArrivalSheetLine {
        number: "GZ2611230001",
        consignee_name: "湘潭县易俗河李记批发部",
        goods_name: "服装",
        pieces: 3,
        check: &c,
        damaged: Vec::new(),
    }];
    let bytes = arrival_pdf(&ArrivalSheet {
        closed_at: None,
        checked_by: "",
        ..sheet(&line)
    })
    .unwrap();
    let texts = page_texts(&bytes);
    assert!(texts[0].contains("核对中"), "{}", texts[0]);
    assert!(texts[0].contains(text::ALL_MATCH), "{}", texts[0]);
    assert!(!texts[0].contains("已核对"));
}

#[test]
fn a_long_report_runs_over_pages() {
    let checks = checks(150);
    let numbers = numbers(150);
    let lines = lines(&checks, &numbers);
    let bytes = arrival_pdf(&sheet(&lines)).unwrap();
    assert!(page_texts(&bytes).len() >= 5);
    let all = crate::documents::test_support::check_long_list(
        &bytes,
        &["运单号", "破损", "No.GZF26112301"],
        "司机（签字）",
        &numbers,
    );
    assert!(all.contains("合计150票"));
}

/// Writes sample reports to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
/// at: `cargo test --lib documents::dispatch::arrival_pdf -- --ignored`, then `pdftoppm -png`.
#[test]
#[ignore = "writes files for inspection"]
fn write_arrival_samples() {
    let out = crate::documents::test_support::sample_dir();
    for count in [14, 60] {
        let checks = checks(count);
        let numbers = numbers(usize::try_from(count).unwrap());
        let lines = lines(&checks, &numbers);
        let bytes = arrival_pdf(&sheet(&lines)).unwrap();
        std::fs::write(out.join(format!("arrival-{count}.pdf")), bytes).unwrap();
    }
}
