//! Tests of `documents::dispatch::pickup_pdf`.

use super::*;
use crate::domain::dispatch::pickup::PayChannel;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    crate::testing::time(2026, 11, 24, hour, minute)
}

/// A name written in three strokes, as the pad records it (0..1 across and down):
/// a tall first letter, a run of loops, and the underline.
fn signature() -> Signature {
    let first = vec![
        (0.06, 0.62),
        (0.09, 0.35),
        (0.12, 0.18),
        (0.15, 0.14),
        (0.17, 0.22),
        (0.14, 0.38),
        (0.09, 0.5),
        (0.12, 0.52),
        (0.18, 0.5),
    ];
    let loops = (0_u8..=120)
        .map(|i| {
            let t = f32::from(i) / 120.0 * 5.0 * std::f32::consts::TAU;
            let along = f32::from(i) / 120.0;
            (
                0.2 + 0.1 / std::f32::consts::TAU * t - 0.035 * t.sin(),
                0.46 - 0.09 * t.cos() - 0.06 * along,
            )
        })
        .collect();
    let underline = (0_u8..=30)
        .map(|i| {
            let along = f32::from(i) / 30.0;
            (
                0.04 + 0.78 * along,
                0.66 - 0.1 * along + 0.03 * (along * 3.5).sin(),
            )
        })
        .collect();
    Signature(vec![first, loops, underline])
}

fn slip(signature: &Signature) -> PickupSlip<'_> {
    PickupSlip {
        company: "广州市每地达物流有限公司",
        station: "湘潭县易俗河站",
        station_phone: "0731-57123456",
        number: "GZ2611230007",
        consignee_name: "湘潭县易俗河李记批发部",
        consignee_phone: "13974214321",
        goods_name: "服装",
        pieces: 12,
        pieces_taken: 8,
        pieces_taken_before: 0,
        collect_yuan: d("240"),
        delivery_fee_yuan: Decimal::ZERO,
        cod_yuan: Decimal::ZERO,
        storage_fee_yuan: Decimal::ZERO,
        payment: Some(Payment {
            amount_yuan: d("240"),
            channel: PayChannel::WeChat,
        }),
        collector_name: "李建国",
        id_type: Some(IdType::MainlandId),
        id_number: "43032119800101123X",
        authorization: Some(ReleaseAuthorization {
            method: AuthorizationMethod::RedCopyPhoto,
            shipper_contact: "张老板 13912345678",
            authorized_at: at(10, 5),
            recorded_by: "B03 李娜",
        }),
        clerk: "B03 李娜",
        picked_up_at: at(10, 30),
        signature,
        note: "余 4 件客户明天来提",
    }
}

/// The page's text without whitespace, its size in points and how many line
/// segments (`l`) and rectangles (`re`) its content draws.
fn read_back(bytes: &[u8]) -> (String, (f32, f32), usize, usize) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let text = doc
        .extract_text(&[1])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let page_id = doc.get_pages()[&1];
    let media = doc
        .get_object(page_id)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect::<Vec<_>>();
    let content = doc.get_page_content(page_id);
    let ops = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    let count = |name: &str| ops.iter().filter(|op| op.operator == name).count();
    (
        text,
        (media[2] - media[0], media[3] - media[1]),
        count("l"),
        count("re"),
    )
}

#[test]
fn strokes_fit_the_box_keeping_their_shape() {
    let area = Area::new(100.0, 50.0, 80.0, 30.0);
    let strokes = fit_strokes(&signature(), area).unwrap();
    let points: Vec<(f32, f32)> = strokes.iter().flatten().copied().collect();
    let (min_x, max_x) = points
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_y, max_y) = points
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    assert!(min_x >= area.x - 1e-3 && max_x <= area.right() + 1e-3);
    assert!(min_y >= area.y - 1e-3 && max_y <= area.bottom() + 1e-3);
    // The tighter side is filled; the other keeps the signature's proportions.
    let (x0, y0, x1, y1) = signature().bounds().unwrap();
    let ratio = (x1 - x0) / (y1 - y0);
    assert!(((max_x - min_x) / (max_y - min_y) - ratio).abs() < 1e-3);
    assert!((max_x - min_x - area.w).abs() < 1e-3 || (max_y - min_y - area.h).abs() < 1e-3);
    // Centred.
    assert!((min_x.midpoint(max_x) - (area.x + area.w / 2.0)).abs() < 1e-3);
    assert!((min_y.midpoint(max_y) - area.middle()).abs() < 1e-3);
    // A straight line across fills the width only.
    let line = Signature(vec![vec![(0.0, 0.5), (1.0, 0.5)]]);
    let strokes = fit_strokes(&line, area).unwrap();
    assert_eq!(strokes[0], vec![(100.0, 65.0), (180.0, 65.0)]);
    // Nothing to draw.
    assert!(fit_strokes(&Signature::default(), area).is_none());
    assert!(fit_strokes(&Signature(vec![vec![(0.3, 0.3)]]), area).is_none());
}

#[test]
fn a_partial_pickup_reads_back_with_every_field() {
    let signature = signature();
    let bytes = pickup_pdf(&slip(&signature)).unwrap();
    let (text, (w, h), segments, rects) = read_back(&bytes);
    let pt = 72.0 / 25.4;
    assert!(
        (w - 210.0 * pt).abs() < 0.5 && (h - 148.0 * pt).abs() < 0.5,
        "{w} × {h}"
    );
    for expected in [
        "广州市每地达物流有限公司",
        "提货单",
        "湘潭县易俗河站",
        "0731-57123456",
        "GZ2611230007",
        "湘潭县易俗河李记批发部",
        "13974214321",
        "服装",
        "本次提8件/共12件",
        "部分提货，尚余4件",
        "提付运费¥240.00",
        "¥240.00微信（贰佰肆拾元整）",
        "李建国",
        "居民身份证43032119800101123X",
        "等通知放货·红单照片·发货方张老板13912345678·2026-11-2410:05B03李娜登记",
        "B03李娜",
        "2026-11-2410:30",
        "余4件客户明天来提",
        "提货人签名",
        "经办人（签字）",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains(text::UNSIGNED));
    // The barcode is drawn as bars, the signature as its segments.
    let drawn: usize = signature.0.iter().map(|s| s.len() - 1).sum();
    assert!(segments >= drawn, "{segments} < {drawn}");
    assert!(rects > 25, "{rects} rectangles");
    assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
}

#[test]
fn a_blank_signature_prints_an_empty_box() {
    let signed = signature();
    let (_, _, signed_segments, _) = read_back(&pickup_pdf(&slip(&signed)).unwrap());
    let blank = Signature::default();
    let bytes = pickup_pdf(&slip(&blank)).unwrap();
    let (text, _, segments, _) = read_back(&bytes);
    assert!(text.contains("提货人签名"), "{text}");
    assert!(text.contains("未签名"), "{text}");
    let drawn: usize = signed.0.iter().map(|s| s.len() - 1).sum();
    assert_eq!(signed_segments - segments, drawn);
}

#[test]
fn a_whole_pickup_without_money_or_authorization() {
    let signature = signature();
    let slip = PickupSlip {
        pieces_taken: 12,
        collect_yuan: Decimal::ZERO,
        payment: None,
        authorization: None,
        id_type: Some(IdType::Passport),
        id_number: "E12345678",
        note: "",
        ..slip(&signature)
    };
    let (text, ..) = read_back(&pickup_pdf(&slip).unwrap());
    for expected in ["本次提12件/共12件", "无（运费已结清）", "护照E12345678"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for absent in ["部分提货", "放货授权", "客户明天来提", "微信"] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
}

#[test]
fn the_rest_of_a_waybill_and_a_legacy_record() {
    let signature = signature();
    let slip = PickupSlip {
        pieces_taken: 4,
        pieces_taken_before: 8,
        delivery_fee_yuan: d("50"),
        payment: None,
        id_type: None,
        id_number: "",
        ..slip(&signature)
    };
    let (text, ..) = read_back(&pickup_pdf(&slip).unwrap());
    for expected in [
        "本次提4件/共12件",
        "部分提货，此前已提8件，本次提清",
        "提付¥240.00+送货费¥50.00=¥290.00",
        "此前已付清",
        "未登记证件",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

/// Writes sample slips to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
/// at: `cargo test --lib documents::dispatch::pickup_pdf -- --ignored`, then `pdftoppm -png`.
#[test]
#[ignore = "writes files for inspection"]
fn write_pickup_samples() {
    let out = crate::documents::test_support::sample_dir();
    let signed = signature();
    let blank = Signature::default();
    std::fs::write(out.join("pickup.pdf"), pickup_pdf(&slip(&signed)).unwrap()).unwrap();
    let rest = PickupSlip {
        pieces_taken: 4,
        pieces_taken_before: 8,
        delivery_fee_yuan: d("50"),
        payment: Some(Payment {
            amount_yuan: d("290"),
            channel: PayChannel::Cash,
        }),
        authorization: None,
        consignee_name: "湘潭县易俗河镇建设路李记服装鞋帽日用百货批发部",
        note: "客户改为送货上门，送货费 50 元与提付运费一并现金收取；外箱一角压痕，客户当面验看无异议",
        ..slip(&signed)
    };
    std::fs::write(out.join("pickup-rest.pdf"), pickup_pdf(&rest).unwrap()).unwrap();
    std::fs::write(
        out.join("pickup-blank.pdf"),
        pickup_pdf(&slip(&blank)).unwrap(),
    )
    .unwrap();
}

/// 保管费 (issue 16, M3) joins what was due on the slip the consignee signs.
#[test]
fn the_storage_fee_is_part_of_what_was_due() {
    let signature = signature();
    let slip = PickupSlip {
        storage_fee_yuan: d("6"),
        payment: Some(Payment {
            amount_yuan: d("246"),
            channel: PayChannel::WeChat,
        }),
        ..slip(&signature)
    };
    let (text, ..) = read_back(&pickup_pdf(&slip).unwrap());
    assert!(
        text.contains("提付¥240.00+保管费¥6.00=¥246.00")
            || text.contains("提付 ¥240.00 + 保管费 ¥6.00 = ¥246.00"),
        "{text}"
    );
}
