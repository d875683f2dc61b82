//! The dispatch manifest as printed (发车清单): a real database manifest read back from
//! its PDF, a long one over many pages, and sample files to look at.

use crate::dispatch::{Order, XIANGTAN, at, d, db, issue, open_manifest, scan};
use rust_decimal::Decimal;

/// Lines as a busy evening's truck to 湘潭 carries them: varied consignees and goods,
/// every seventh waybill partly loaded, every fifth paid on collection, some controlled.
fn sample_lines(count: usize) -> Vec<kaidan::domain::dispatch::ManifestLine> {
    const SHOPS: &[&str] = &[
        "湘潭县易俗河李记批发部",
        "雨湖区宏发五金经营部",
        "岳塘区美佳服饰店",
        "湘乡市金源汽配商行",
        "韶山市红星日用百货批发部",
        "湘潭县花石镇老王茶行",
    ];
    const GOODS: &[&str] = &["服装", "五金配件", "鞋子", "汽车配件", "日用百货", "茶叶"];
    const DESTS: &[(&str, &str)] = &[
        ("430321", "湘潭市 湘潭县"),
        ("430302", "湘潭市 雨湖区"),
        ("430304", "湘潭市 岳塘区"),
        ("430381", "湘潭市 湘乡市"),
    ];
    (0..count)
        .map(|i| {
            let pieces = u32::try_from(1 + (i * 7) % 23).unwrap();
            let partial = i % 7 == 3 && pieces > 1;
            let (dest_code, dest_name) = DESTS[i % DESTS.len()];
            kaidan::domain::dispatch::ManifestLine {
                number: format!("GZ261123{:04}", i + 1),
                dest_code: dest_code.into(),
                dest_name: dest_name.into(),
                consignee_name: SHOPS[i % SHOPS.len()].into(),
                consignee_phone: "13974214321".into(),
                goods_name: GOODS[i % GOODS.len()].into(),
                pieces,
                pieces_loaded: if partial { pieces - 1 } else { pieces },
                weight_kg: Decimal::from(25 * pieces) + d("0.5"),
                volume_m3: Decimal::new(i64::from(pieces) * 12, 2),
                collect_yuan: if i % 5 == 0 {
                    Decimal::from(80 + 15 * pieces)
                } else {
                    Decimal::ZERO
                },
                controlled_release: i % 11 == 4,
            }
        })
        .collect()
}

fn sheet<'a>(
    lines: &'a [kaidan::domain::dispatch::ManifestLine],
    totals: &'a kaidan::domain::dispatch::ManifestTotals,
) -> kaidan::documents::dispatch::manifest_pdf::ManifestSheet<'a> {
    kaidan::documents::dispatch::manifest_pdf::ManifestSheet {
        company: "广州市每地达物流有限公司",
        code: "GZF26112301",
        origin: "广州白云站",
        plate: "湘C12345",
        driver_name: "王师傅",
        driver_phone: "13812345678",
        route: "湘潭市 湘潭县、湘潭市 雨湖区、湘潭市 岳塘区、湘潭市 湘乡市",
        departure_at: at(23, 18),
        departed: true,
        created_by: "A01 张丽",
        lines,
        totals,
    }
}

fn page_text(doc: &lopdf::Document, page: u32) -> String {
    doc.extract_text(&[page])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The manifest PDF of a real database manifest reads back with its header, the
/// 单票未装完 mark, the totals and both signature lines, on A4 landscape.
#[test]
fn manifest_pdf_reads_back() {
    let mut db = db();
    let w1 = issue(&mut db, &Order::to(XIANGTAN, 3), at(23, 9));
    let controlled = Order {
        controlled: true,
        ..Order::to(XIANGTAN, 2)
    };
    let w2 = issue(&mut db, &controlled, at(23, 9));
    let manifest = open_manifest(&mut db, &[XIANGTAN], at(23, 16));
    scan(&mut db, manifest, &w1.number, 1).unwrap();
    scan(&mut db, manifest, &w1.number, 2).unwrap();
    db.load_waybill(manifest, &w2.number, "A01", at(23, 17))
        .unwrap()
        .unwrap();
    let m = db.manifest(manifest).unwrap();
    let route = m.summary.route_text();
    let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(
        &kaidan::documents::dispatch::manifest_pdf::ManifestSheet {
            code: &m.summary.code,
            route: &route,
            departure_at: m.summary.departure_at,
            departed: false,
            ..sheet(&m.lines, &m.totals)
        },
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
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
        .clone();
    let width = media[2].as_float().unwrap();
    let height = media[3].as_float().unwrap();
    assert!(width > height, "landscape: {width} × {height}");
    let text = page_text(&doc, 1);
    for expected in [
        "发车清单",
        m.summary.code.as_str(),
        "湘C12345",
        "王师傅",
        "（计划）",
        &w1.number,
        &w2.number,
        "2/3",
        "余1件",
        "控货",
        "合计2票",
        "4/5",
        "其中单票未装完1票",
        "240.00",
        "开单员（签字）",
        "司机（签字）",
        "第1页/共1页",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

/// 500 waybills run over several pages: the header repeats, every number is printed
/// once, and the totals and signatures are on the last page only.
#[test]
fn a_long_manifest_runs_over_pages() {
    let lines = sample_lines(500);
    let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
    let pdf =
        kaidan::documents::dispatch::manifest_pdf::manifest_pdf(&sheet(&lines, &totals)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = u32::try_from(doc.get_pages().len()).unwrap();
    assert!(pages > 15, "{pages} pages");
    let mut all = String::new();
    for page in 1..=pages {
        let text = page_text(&doc, page);
        assert!(text.contains("运单号"), "header on page {page}");
        assert!(text.contains(&format!("第{page}页/共{pages}页")));
        assert_eq!(text.contains("司机（签字）"), page == pages, "page {page}");
        all.push_str(&text);
    }
    for line in &lines {
        assert_eq!(all.matches(&line.number).count(), 1, "{}", line.number);
    }
    assert!(all.contains("合计500票"));
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

/// Writes sample manifests to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
/// at: `cargo test --test suite -- --ignored write_manifest_samples`, then
/// `pdftoppm -r 110 -png`.
#[test]
#[ignore = "writes files for inspection"]
fn write_manifest_samples() {
    let out = std::env::var_os("KAIDAN_PDF_OUT")
        .map_or_else(|| std::path::PathBuf::from("target/pdfcheck"), Into::into);
    std::fs::create_dir_all(&out).unwrap();
    for count in [15, 60] {
        let lines = sample_lines(count);
        let totals = kaidan::domain::dispatch::ManifestTotals::of(&lines);
        let pdf = kaidan::documents::dispatch::manifest_pdf::manifest_pdf(&sheet(&lines, &totals))
            .unwrap();
        std::fs::write(out.join(format!("manifest-{count}.pdf")), pdf).unwrap();
    }
}
