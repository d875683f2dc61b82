//! Printed documents as a reader sees them: waybill and label PDFs are parsed back with
//! lopdf, and their pages, sizes, text (through the fonts' `ToUnicode` maps), embedded font
//! subsets and file sizes are checked. Rendering them to PNG and scanning the barcodes is
//! done by `write_samples` (ignored by default; see its comment).

use chrono::NaiveDate;
use kaidan::documents::desk::labels::{label_code, labels_pdf};
use kaidan::documents::desk::waybill_pdf::{overlay_test_pdf, waybill_pdf};
use kaidan::documents::pdf::{PdfError, warm_up};
use kaidan::domain::desk::screening::default_list;
use kaidan::domain::desk::waybill::{
    IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft, WaybillStatus,
};
use kaidan::domain::dispatch::pickup::storage_fee::StorageTerms;
use kaidan::domain::service::claims::ClaimSettings;
use kaidan::domain::settings::{DeskSettings, LabelSize, PrintSettings, TermFigures, WaybillPaper};
use lopdf::{Document, Object};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The claim terms of a station that never changed them: three times the freight.
fn figures() -> TermFigures {
    TermFigures::default()
}

fn desk() -> DeskSettings {
    DeskSettings {
        company_name: "广州市每地达物流有限公司".to_owned(),
        station_name: "广州白云站".to_owned(),
        station_phone: "020-86123456".to_owned(),
        ..DeskSettings::default()
    }
}

/// A realistic waybill: 12 cartons of clothes to 湘潭县, insured, delivered upstairs,
/// controlled release, one receipt, freight charged below the rate table (a short charge).
fn issued() -> IssuedWaybill {
    let rates = kaidan::demo::samples::rate_table();
    let prohibited = default_list();
    let ctx = ValidationContext::priced(&rates, &prohibited);
    let draft = WaybillDraft {
        freight: "200".into(),
        ..kaidan::demo::samples::marked_draft()
    };
    kaidan::demo::samples::issued(draft.validate(&ctx).unwrap(), 0)
}

pub(crate) fn pages(bytes: &[u8]) -> (Document, Vec<u32>) {
    let doc = Document::load_mem(bytes).unwrap();
    let numbers = doc.get_pages().keys().copied().collect();
    (doc, numbers)
}

/// The text of one page, with the whitespace lopdf puts between runs removed, so that
/// a phrase can be found whichever runs it was written in.
pub(crate) fn page_text(doc: &Document, page: u32) -> String {
    doc.extract_text(&[page])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `MediaBox` width and height of a page, in points.
pub(crate) fn media_box(doc: &Document, page: u32) -> (f32, f32) {
    let id = doc.get_pages()[&page];
    let dict = doc.get_object(id).unwrap().as_dict().unwrap();
    let values: Vec<f32> = dict
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| match o {
            Object::Integer(i) => {
                #[allow(clippy::cast_precision_loss, reason = "page sizes")]
                let f = *i as f32;
                f
            }
            Object::Real(r) => *r,
            other => panic!("{other:?}"),
        })
        .collect();
    (values[2] - values[0], values[3] - values[1])
}

fn assert_size_mm(doc: &Document, page: u32, (w_mm, h_mm): (f32, f32)) {
    let (w, h) = media_box(doc, page);
    let pt = 72.0 / 25.4;
    assert!((w - w_mm * pt).abs() < 0.5, "width {w} pt, want {w_mm} mm");
    assert!((h - h_mm * pt).abs() < 0.5, "height {h} pt, want {h_mm} mm");
}

/// The embedded font programs: (`BaseFont` name, stream length in bytes).
fn embedded_fonts(doc: &Document) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let file = dict
            .get(b"FontFile2")
            .or_else(|_| dict.get(b"FontFile3"))
            .unwrap()
            .as_reference()
            .unwrap();
        let stream = doc.get_object(file).unwrap().as_stream().unwrap();
        let length = stream
            .get_plain_content()
            .map_or(stream.content.len(), |c| c.len());
        out.push((name, length));
    }
    out
}

#[test]
fn waybill_has_one_page_per_copy_with_every_field() {
    let bytes = waybill_pdf(&issued(), &desk(), &PrintSettings::default(), &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 4);
    for (page, copy) in numbers
        .iter()
        .zip(["存根联", "财务联", "收货人联", "发货人联"])
    {
        assert_size_mm(&doc, *page, (241.0, 140.0));
        let text = page_text(&doc, *page);
        for expected in [
            copy,
            "广州市每地达物流有限公司",
            "公路货物托运单",
            "广州白云站",
            "020-86123456",
            "No.GZ2611230007",
            "湘潭市湘潭县（430321）",
            "广州市白云区宏达服装厂",
            "13912345678",
            "湘潭县易俗河李记批发部",
            "13974214321",
            "服装",
            "纸箱",
            "300",
            "1.2",
            "3000.00",
            "200.00",
            "10.00",
            "50.00",
            "260.00",
            "贰佰陆拾元整",
            "等通知放货",
            "湘潭县易俗河镇建设路18号3楼",
            "签回单",
            "1份",
            "货损自负",
            "保丢不保损",
            "客户要求下午送货，先电话联系",
            "王小明（007）",
            "发货人签字",
            "收货人签字",
            "托运人须如实申报",
        ] {
            assert!(
                text.contains(expected),
                "page {page} lacks 「{expected}」:\n{text}"
            );
        }
        assert!(!text.contains("作废"), "a valid waybill says 作废:\n{text}");
        assert!(!text.contains("已修改"), "{text}");
    }
}

#[test]
fn the_terms_promise_the_claim_multiple_and_storage_fee_in_force() {
    for (multiple, free_days, rate, sentences) in [
        (
            "3",
            7,
            "1",
            ["运费三倍以内赔偿", "7日内未提，超期每件每天收取保管费1元"],
        ),
        (
            "2",
            3,
            "0.50",
            ["运费二倍以内赔偿", "3日内未提，超期每件每天收取保管费0.5元"],
        ),
        (
            "2.5",
            7,
            "1",
            ["运费2.5倍以内赔偿", "7日内未提，超期每件每天收取保管费1元"],
        ),
    ] {
        let figures = TermFigures {
            claims: ClaimSettings {
                freight_multiple: d(multiple),
            },
            storage: StorageTerms {
                free_days,
                yuan_per_piece_day: d(rate),
            },
        };
        let bytes = waybill_pdf(&issued(), &desk(), &PrintSettings::default(), &figures).unwrap();
        let (doc, numbers) = pages(&bytes);
        for page in numbers {
            let text = page_text(&doc, page).replace('\n', "");
            for sentence in sentences {
                assert!(text.contains(sentence), "{multiple}: page {page}:\n{text}");
            }
            assert!(!text.contains("赔偿倍数") && !text.contains('{'), "{text}");
        }
    }
}

#[test]
fn short_charge_shows_only_on_internal_copies() {
    let bytes = waybill_pdf(&issued(), &desk(), &PrintSettings::default(), &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    let shows: Vec<bool> = numbers
        .iter()
        .map(|p| page_text(&doc, *p).contains("短收¥55.00"))
        .collect();
    assert_eq!(shows, vec![true, true, false, false]);
}

#[test]
fn copies_follow_the_settings() {
    let print = PrintSettings {
        copies: vec!["存根联".into(), "  ".into(), "回单联".into()],
        ..PrintSettings::default()
    };
    let bytes = waybill_pdf(&issued(), &desk(), &print, &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 2);
    assert!(page_text(&doc, numbers[0]).contains("第一联存根联"));
    assert!(page_text(&doc, numbers[1]).contains("第二联回单联"));

    let none = PrintSettings {
        copies: vec![],
        ..PrintSettings::default()
    };
    let err = waybill_pdf(&issued(), &desk(), &none, &figures()).unwrap_err();
    assert!(matches!(err, PdfError::NoCopies), "{err}");
}

#[test]
fn every_paper_size() {
    for (paper, size) in [
        (WaybillPaper::Continuous241x140, (241.0, 140.0)),
        (WaybillPaper::A5Landscape, (210.0, 148.0)),
        (WaybillPaper::A4, (210.0, 297.0)),
    ] {
        let print = PrintSettings {
            paper,
            ..PrintSettings::default()
        };
        let bytes = waybill_pdf(&issued(), &desk(), &print, &figures()).unwrap();
        let (doc, numbers) = pages(&bytes);
        assert_eq!(numbers.len(), 4, "{paper:?}");
        for page in numbers {
            assert_size_mm(&doc, page, size);
            assert!(page_text(&doc, page).contains("贰佰陆拾元整"), "{paper:?}");
        }
    }
}

#[test]
fn voided_waybill_says_so_on_every_page() {
    let mut void = issued();
    void.status = WaybillStatus::Void;
    for overlay in [false, true] {
        let print = PrintSettings {
            overlay,
            ..PrintSettings::default()
        };
        let bytes = waybill_pdf(&void, &desk(), &print, &figures()).unwrap();
        let (doc, numbers) = pages(&bytes);
        assert_eq!(numbers.len(), 4);
        for page in numbers {
            let text = page_text(&doc, page);
            assert!(
                text.contains("作废"),
                "overlay {overlay}, page {page}:\n{text}"
            );
            if !overlay {
                assert!(text.contains("公路货物托运单（作废）"), "{text}");
            }
        }
    }
}

#[test]
fn altered_waybill_shows_the_count() {
    let mut altered = issued();
    altered.alter_count = 2;
    let bytes = waybill_pdf(&altered, &desk(), &PrintSettings::default(), &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    for page in numbers {
        assert!(page_text(&doc, page).contains("已修改2次"));
    }
}

#[test]
fn overlay_prints_values_only() {
    let print = PrintSettings {
        overlay: true,
        offset_x_mm: d("1.5"),
        offset_y_mm: d("-2"),
        ..PrintSettings::default()
    };
    let bytes = waybill_pdf(&issued(), &desk(), &print, &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 4);
    let text = page_text(&doc, numbers[0]);
    for value in [
        "GZ2611230007",
        "广州市白云区宏达服装厂",
        "贰佰陆拾元整",
        "260.00",
    ] {
        assert!(text.contains(value), "{value}:\n{text}");
    }
    // The pre-printed form has the labels, title and terms.
    for label in [
        "发货方电话",
        "公路货物托运单",
        "付款方式",
        "托运人须如实申报",
        "存根联",
    ] {
        assert!(!text.contains(label), "overlay prints 「{label}」:\n{text}");
    }
}

#[test]
fn overlay_test_page_names_the_offset() {
    let print = PrintSettings {
        overlay: true,
        offset_x_mm: d("1.5"),
        offset_y_mm: d("-2"),
        ..PrintSettings::default()
    };
    let bytes = overlay_test_pdf(&desk(), &print, &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 1);
    assert_size_mm(&doc, numbers[0], (241.0, 140.0));
    let text = page_text(&doc, numbers[0]);
    for expected in [
        "套打校准页",
        "X+1.5mm",
        "Y-2.0mm",
        "表格左上角X12.0Y23.0",
        "表格右下角",
        "湘潭县易俗河李记批发部",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

#[test]
fn waybill_embeds_small_font_subsets() {
    let bytes = waybill_pdf(&issued(), &desk(), &PrintSettings::default(), &figures()).unwrap();
    assert!(
        bytes.len() < 100_000,
        "4-copy waybill is {} bytes: is the font subset?",
        bytes.len()
    );
    let doc = Document::load_mem(&bytes).unwrap();
    let fonts = embedded_fonts(&doc);
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for (name, length) in fonts {
        // A subset's name carries a six-letter tag: "ABCDEF+NotoSansSC-Regular".
        assert_eq!(name.find('+'), Some(6), "{name} is not marked as a subset");
        assert!(length < 200_000, "{name}: {length} bytes embedded");
    }
}

#[test]
fn labels_one_page_per_piece_at_label_size() {
    let waybill = issued();
    for size in LabelSize::ALL {
        let print = PrintSettings {
            label_size: size,
            label_qr: true,
            ..PrintSettings::default()
        };
        let bytes = labels_pdf(&waybill, &desk(), &print, 1..=12).unwrap();
        let (doc, numbers) = pages(&bytes);
        assert_eq!(numbers.len(), 12, "{size:?}");
        for (k, page) in (1..=12).zip(numbers) {
            assert_size_mm(&doc, page, size.size_mm());
            let text = page_text(&doc, page);
            for expected in [
                "湘潭市".to_owned(),
                "湘潭县".to_owned(),
                "广州白云站".to_owned(),
                format!("{k}/12"),
                "湘潭县易俗河李记批发部".to_owned(),
                "139****4321".to_owned(),
                "服装".to_owned(),
                "2026-11-23".to_owned(),
                "易碎".to_owned(),
                "向上".to_owned(),
                "等通知放货".to_owned(),
                "送货：上楼".to_owned(),
                label_code("GZ2611230007", k),
            ] {
                assert!(
                    text.contains(&expected),
                    "{size:?} piece {k} lacks {expected}:\n{text}"
                );
            }
            assert!(
                !text.contains("13974214321"),
                "the full phone is on a label"
            );
        }
    }
}

#[test]
fn fifty_labels_stay_small() {
    let mut waybill = issued();
    waybill.waybill.pieces = 50;
    let bytes = labels_pdf(&waybill, &desk(), &PrintSettings::default(), 1..=50).unwrap();
    assert_eq!(pages(&bytes).1.len(), 50);
    assert!(bytes.len() < 250_000, "50 labels are {} bytes", bytes.len());
}

#[test]
fn reprint_one_piece_or_a_range() {
    let waybill = issued();
    let print = PrintSettings::default();
    let bytes = labels_pdf(&waybill, &desk(), &print, 7..=7).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 1);
    let text = page_text(&doc, numbers[0]);
    assert!(
        text.contains("7/12") && text.contains("GZ26112300070007"),
        "{text}"
    );

    let bytes = labels_pdf(&waybill, &desk(), &print, 3..=5).unwrap();
    let (doc, numbers) = pages(&bytes);
    let pieces: Vec<bool> = numbers
        .iter()
        .zip(3..=5)
        .map(|(p, k)| page_text(&doc, *p).contains(&format!("{k}/12")))
        .collect();
    assert_eq!(pieces, vec![true, true, true]);

    for (first, last) in [(0, 1), (5, 4), (12, 13), (13, 13)] {
        let range = first..=last;
        let err = labels_pdf(&waybill, &desk(), &print, range.clone()).unwrap_err();
        assert!(
            matches!(err, PdfError::PieceRange { pieces: 12, .. }),
            "{range:?}: {err}"
        );
        assert!(err.to_string().contains("共 12 件"), "{err}");
    }
}

#[test]
fn voided_labels_carry_no_barcode() {
    let mut void = issued();
    void.status = WaybillStatus::Void;
    let bytes = labels_pdf(&void, &desk(), &PrintSettings::default(), 1..=2).unwrap();
    let (doc, numbers) = pages(&bytes);
    for page in numbers {
        let text = page_text(&doc, page);
        assert!(text.contains("作废·不得装车"), "{text}");
        assert!(!text.contains("GZ26112300070001"), "{text}");
    }
}

#[test]
fn missing_glyph_refuses_to_print() {
    let mut odd = issued();
    odd.waybill.consignee.name = "李\u{E000}记".to_owned();
    let err = waybill_pdf(&odd, &desk(), &PrintSettings::default(), &figures()).unwrap_err();
    assert!(
        matches!(err, PdfError::MissingGlyph { ch: '\u{E000}', .. }),
        "{err}"
    );
    let err = labels_pdf(&odd, &desk(), &PrintSettings::default(), 1..=1).unwrap_err();
    assert!(matches!(err, PdfError::MissingGlyph { .. }), "{err}");
}

#[test]
fn demo_waybills_all_print() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let db = kaidan::demo::demo_copy(today).unwrap();
    let desk = db.desk_settings().unwrap();
    warm_up().unwrap();
    let query = kaidan::storage::waybills::WaybillQuery::default();
    let list = db.find_waybills(&query).unwrap();
    assert!(!list.is_empty());
    for row in list.iter().take(40) {
        let issued = db.waybill(&row.number).unwrap();
        let bytes = waybill_pdf(&issued, &desk, &PrintSettings::default(), &figures()).unwrap();
        assert_eq!(pages(&bytes).1.len(), 4, "{}", issued.number);
        let pieces = issued.waybill.pieces.min(3);
        let bytes = labels_pdf(&issued, &desk, &PrintSettings::default(), 1..=pieces).unwrap();
        assert_eq!(u32::try_from(pages(&bytes).1.len()).unwrap(), pieces);
    }
}

/// A waybill that strains the layout: 60-character names, long remarks, a transfer, a
/// damaged condition, a destination without a city (湖北 仙桃市), 9,999 pieces.
fn strained() -> IssuedWaybill {
    let mut issued = issued();
    let w = &mut issued.waybill;
    "429004".clone_into(&mut w.dest_code);
    "湖北 仙桃市".clone_into(&mut w.dest_name);
    "广州市白云区太和镇宏达服装加工厂（原白云区宏达制衣厂）第二分厂驻石井镇办事处临时仓库收发室"
        .clone_into(&mut w.shipper.name);
    "湖北省仙桃市沙嘴街道办事处城南社区仙桃市李记服装鞋帽百货批发部（总店）三楼仓库收货部"
        .clone_into(&mut w.consignee.name);
    "服装、鞋帽、床上用品、毛巾、袜子".clone_into(&mut w.goods_name);
    w.pieces = 9999;
    w.transfer = true;
    w.transfer_rebate_yuan = Some(d("20"));
    w.condition = kaidan::domain::desk::waybill::Condition::Damaged;
    "两箱外包装破损，已告知发货方".clone_into(&mut w.condition_note);
    w.payment = PaymentMethod::Monthly;
    w.remarks = "客户要求下午送货，先电话联系；".repeat(12);
    w.freight_yuan = d("123456.78");
    w.total_yuan = d("123516.78");
    issued.alter_count = 12;
    issued
}

/// Writes one PDF of each layout to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for
/// looking at and scanning: `cargo test --test suite -- --ignored write_samples`, then
/// `pdftoppm -r 200 -png` and `pdftoppm -r 203 -mono` + `zbarimg --raw`.
#[test]
#[ignore = "writes files for inspection"]
fn write_samples() {
    let out = std::env::var_os("KAIDAN_PDF_OUT")
        .map_or_else(|| PathBuf::from("target/pdfcheck"), PathBuf::from);
    std::fs::create_dir_all(&out).unwrap();
    let waybill = issued();
    let mut altered = issued();
    altered.alter_count = 2;
    let mut void = issued();
    void.status = WaybillStatus::Void;
    for (name, paper) in [
        ("waybill-241x140", WaybillPaper::Continuous241x140),
        ("waybill-a5", WaybillPaper::A5Landscape),
        ("waybill-a4", WaybillPaper::A4),
    ] {
        let print = PrintSettings {
            paper,
            ..PrintSettings::default()
        };
        std::fs::write(
            out.join(format!("{name}.pdf")),
            waybill_pdf(&waybill, &desk(), &print, &figures()).unwrap(),
        )
        .unwrap();
    }
    let print = PrintSettings::default();
    std::fs::write(
        out.join("waybill-altered.pdf"),
        waybill_pdf(&altered, &desk(), &print, &figures()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        out.join("waybill-void.pdf"),
        waybill_pdf(&void, &desk(), &print, &figures()).unwrap(),
    )
    .unwrap();
    let overlay = PrintSettings {
        overlay: true,
        ..PrintSettings::default()
    };
    std::fs::write(
        out.join("waybill-overlay.pdf"),
        waybill_pdf(&waybill, &desk(), &overlay, &figures()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        out.join("overlay-test.pdf"),
        overlay_test_pdf(&desk(), &overlay, &figures()).unwrap(),
    )
    .unwrap();
    for size in LabelSize::ALL {
        for qr in [false, true] {
            let print = PrintSettings {
                label_size: size,
                label_qr: qr,
                ..PrintSettings::default()
            };
            let name = format!(
                "label-{}{}.pdf",
                size.label().replace('×', "x"),
                if qr { "-qr" } else { "" }
            );
            std::fs::write(
                out.join(name),
                labels_pdf(&waybill, &desk(), &print, 1..=12).unwrap(),
            )
            .unwrap();
        }
    }
    std::fs::write(
        out.join("waybill-strained.pdf"),
        waybill_pdf(&strained(), &desk(), &print, &figures()).unwrap(),
    )
    .unwrap();
    for size in LabelSize::ALL {
        let print = PrintSettings {
            label_size: size,
            label_qr: true,
            ..PrintSettings::default()
        };
        std::fs::write(
            out.join(format!(
                "label-strained-{}.pdf",
                size.label().replace('×', "x")
            )),
            labels_pdf(&strained(), &desk(), &print, 9998..=9999).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(
        out.join("label-void.pdf"),
        labels_pdf(&void, &desk(), &PrintSettings::default(), 1..=1).unwrap(),
    )
    .unwrap();
}

/// 代收货款 (issue 17) prints on every copy beside the total, in the remarks with its fee,
/// and on every label as the first mark; a waybill without it prints neither.
#[test]
fn the_goods_price_to_collect_prints_on_every_copy_and_label() {
    let mut cod = issued();
    cod.waybill.cod_yuan = d("5000.00");
    cod.waybill.cod_fee_yuan = d("50.00");
    let bytes = waybill_pdf(&cod, &desk(), &PrintSettings::default(), &figures()).unwrap();
    let (doc, numbers) = pages(&bytes);
    assert_eq!(numbers.len(), 4);
    for page in numbers {
        let text = page_text(&doc, page).replace([' ', '\n'], "");
        assert!(text.contains("代收货款¥5000.00（伍仟元整）"), "{text}");
        assert!(
            text.contains("代收货款5000.00元（手续费50.00元从货款扣）"),
            "{text}"
        );
    }
    let bytes = labels_pdf(&cod, &desk(), &PrintSettings::default(), 1..=3).unwrap();
    let (doc, numbers) = pages(&bytes);
    for page in numbers {
        let text = page_text(&doc, page).replace([' ', '\n'], "");
        assert!(text.contains("代收货款¥5000.00"), "{text}");
    }
    let plain = waybill_pdf(&issued(), &desk(), &PrintSettings::default(), &figures()).unwrap();
    let (doc, numbers) = pages(&plain);
    assert!(!page_text(&doc, numbers[0]).contains("代收"));
}
