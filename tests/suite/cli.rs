//! The command line as scripts see it (FORMATS.md "Command line"): the real binary run on
//! real files in a temporary folder, checked on exit status, stdout and stderr.

use crate::desk::{Desk, run_on};
use std::path::Path;

const RATES_HEADER: &str = "到站代码,起始重量kg,重货单价,轻货单价,最低收费,送货费";
const RATES: &str = "430321,0,0.85,180,30,50\n430321,500,0.75,150,30,50\n110105,0,1.2,260,40,60\n";

const WAYBILLS_HEADER: &str = "单号,开单日期,开单员工号,发货方,发货方电话,收货方,收货方电话,到站代码,品名,件数,包装,重量kg,体积m3,保价金额,付款方式,送货方式,送货地址,回单份数,等通知放货,运费,备注";
pub(crate) const WAYBILL_1: &str = "GZ0001,2026-11-20 09:15,A01,广州市白云区宏达服装厂,13912345678,湘潭县易俗河李记批发部,0731-57123456,430321,服装,12,纸箱,300,1.2,3000,提付,上楼,湘潭县易俗河镇建设路 18 号,2,是,255,老系统";
pub(crate) const WAYBILL_2: &str = "GZ0002,2026-11-21,B07,广州市海珠区明珠灯饰,020-87654321,北京朝阳建材店,13800001111,110105,灯具,3,木箱,50,0.5,,现付,自提,,,否,130,";

impl Desk {
    fn quote_json(&self, to: &str, weight: &str, volume: &str, extra: &[&str]) -> String {
        let mut args = vec![
            "quote", "--to", to, "--weight", weight, "--volume", volume, "--json",
        ];
        args.extend_from_slice(extra);
        self.run_ok(&args).stdout
    }

    pub(crate) fn with_rates(self) -> Self {
        let file = self.write("rates.csv", format!("{RATES_HEADER}\n{RATES}"));
        self.run_ok(&["import", "rates", file.to_str().unwrap()]);
        self
    }

    /// A desk with the rates, the two sample waybills imported (A01's and B07's) from
    /// `运单.csv` in its folder; returns the import's run, checked to have succeeded.
    pub(crate) fn with_two_waybills() -> (Self, crate::desk::Run) {
        let desk = Self::new().with_rates();
        let file = desk.write("运单.csv", waybills_csv(&[WAYBILL_1, WAYBILL_2]));
        let run = desk.import("waybills", &file);
        assert_eq!(run.status, 0, "{}", run.stderr);
        (desk, run)
    }
}

pub(crate) const XIANGTAN_JSON: &str = r#"{"dest_code":"430321","dest_name":"湘潭县","freight":"255.00","premium":"10.00","delivery_fee":"50.00","total":"315.00"}"#;

#[test]
fn import_rates_from_utf8_csv_and_quote_json_exactly() {
    let desk = Desk::new();
    let file = desk.write("报价表.csv", format!("\u{feff}{RATES_HEADER}\n{RATES}"));
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("已导入报价表：3 行，2 个到站"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let json = desk.quote_json(
        "430321",
        "300",
        "1.2",
        &["--declared", "3000", "--delivery"],
    );
    assert_eq!(json, format!("{XIANGTAN_JSON}\n"));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["total"], "315.00");

    // By name, without extras: no premium, no delivery fee; the 500 kg band applies.
    let json = desk.quote_json("湘潭县", "600", "1", &[]);
    assert_eq!(
        json,
        "{\"dest_code\":\"430321\",\"dest_name\":\"湘潭县\",\"freight\":\"450.00\",\"premium\":\"0.00\",\"delivery_fee\":\"0.00\",\"total\":\"450.00\"}\n"
    );
}

#[test]
fn quote_without_json_is_human_text_on_stdout() {
    let desk = Desk::new().with_rates();
    let run = desk.run_ok(&[
        "quote",
        "--to",
        "430321",
        "--weight",
        "300",
        "--volume",
        "1.2",
        "--declared",
        "3000",
        "--delivery",
    ]);
    for part in [
        "湘潭县",
        "运费：255.00 元",
        "保价费：10.00 元",
        "送货费：50.00 元",
        "合计：315.00 元",
    ] {
        assert!(run.stdout.contains(part), "{part} in {}", run.stdout);
    }
}

#[test]
fn import_rates_from_gbk_csv() {
    let desk = Desk::new();
    let text = format!("{RATES_HEADER}\r\n{RATES}");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really GBK");
    let file = desk.write("报价表.csv", &bytes);
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = desk.quote_json(
        "430321",
        "300",
        "1.2",
        &["--declared", "3000", "--delivery"],
    );
    assert_eq!(json, format!("{XIANGTAN_JSON}\n"));
}

#[test]
fn import_rates_from_xlsx() {
    // tests/data/rates.xlsx was made with openpyxl 3.1:
    //
    //     ws.title = "报价表"
    //     ws.append(["备注", "到站代码", "起始重量kg", "重货单价", "轻货单价", "最低收费", "送货费"])
    //     ws.append(["湘潭县", 430321, 0, 0.85, 180, 30, 50])      # the code as a number
    //     ws.append(["北京朝阳", "110105", 0, 1.2, 260, 40, 60])   # the code as text
    let desk = Desk::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rates.xlsx");
    let file = desk.path("rates.xlsx");
    std::fs::copy(fixture, &file).unwrap();
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 行，2 个到站"), "{}", run.stderr);
    let json = desk.quote_json(
        "430321",
        "300",
        "1.2",
        &["--declared", "3000", "--delivery"],
    );
    assert_eq!(json, format!("{XIANGTAN_JSON}\n"));
    let json = desk.quote_json("110105", "300", "1", &[]);
    assert!(json.contains("\"freight\":\"360.00\""), "{json}");
    assert!(json.contains("\"dest_name\":\"朝阳区\""), "{json}");
}

#[test]
fn bad_rates_file_names_every_bad_row_and_changes_nothing() {
    let desk = Desk::new().with_rates();
    let file = desk.write(
        "新报价.csv",
        format!(
            "{RATES_HEADER}\n430321,0,0.95,200,35,55\n430300,0,1,1,1,1\n430381,0,abc,1,1,1\n430321,0,0.9,1,1,1\n430382,-5,1,1,1,1\n"
        ),
    );
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    run.names_rows(
        &file,
        &[
            (3, "到站代码"),
            (4, "重货单价"),
            (5, "起始重量kg"),
            (6, "起始重量kg"),
        ],
    );
    assert!(run.stderr.contains("与第 2 行重复"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("第 2 行「"),
        "row 2 is good: {}",
        run.stderr
    );
    // The old table still prices.
    let json = desk.quote_json(
        "430321",
        "300",
        "1.2",
        &["--declared", "3000", "--delivery"],
    );
    assert_eq!(json, format!("{XIANGTAN_JSON}\n"));
}

#[test]
fn numbers_beyond_their_range_are_refused_with_row_and_column_never_a_panic() {
    let desk = Desk::new().with_rates();
    let file = desk.write(
        "rates-huge.csv",
        format!("{RATES_HEADER}\n430321,0,79228162514264337593543950335,180,30,50\n"),
    );
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("第 2 行「重货单价」：重货单价 79228162514264337593543950335 超出范围"),
        "{}",
        run.stderr
    );
    let staff = desk.write(
        "staff.csv",
        "工号,姓名,岗位,入职日期,离职日期,月基本工资\nA01,张三,开单员,2025-03-01,,1e27\nA02,李四,开单员,2025-03-01,,79228162514264337593543950335\nA03,王五,开单员,2025-03-01,,1e20\n",
    );
    let run = desk.import("staff", &staff);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in 2..=4 {
        assert!(
            run.stderr
                .contains(&format!("第 {line} 行「月基本工资」：月基本工资")),
            "{}",
            run.stderr
        );
    }
    // Quotes beyond a waybill's measures are refused, not overflowed.
    let run = desk.run(&[
        "quote", "--to", "430321", "--weight", "1e27", "--volume", "1",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("超出范围"), "{}", run.stderr);
    // The old table still prices.
    let json = desk.quote_json(
        "430321",
        "300",
        "1.2",
        &["--declared", "3000", "--delivery"],
    );
    assert_eq!(json, format!("{XIANGTAN_JSON}\n"));
}

#[test]
fn a_waybill_the_font_cannot_print_is_refused_at_import() {
    let desk = Desk::new().with_rates();
    let row = WAYBILL_2.replace("广州市海珠区明珠灯饰", "明珠灯饰🙂");
    let file = desk.write("运单.csv", waybills_csv(&[WAYBILL_1, &row]));
    let run = desk.import("waybills", &file);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("第 3 行「发货方」") && run.stderr.contains("「🙂」无法打印"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistyped_or_foreign_database_is_never_created_or_taken_over() {
    let desk = Desk::new();
    let out = desk.path("x.pdf");
    let out = out.to_str().unwrap();
    for args in [
        &["check"][..],
        &["backup", desk.path("b.sqlite3").to_str().unwrap()],
        &["print", "waybill", "GZ1", "--out", out],
        &["review", "2026-11", "--json"],
        &["quote", "--to", "430321", "--weight", "1", "--volume", "1"],
    ] {
        let run = desk.run(args);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("不存在"), "{args:?}: {}", run.stderr);
        assert!(!desk.db().exists(), "{args:?} created the database");
    }
    // Another program's database with a settings table: refused, not even put in WAL.
    let foreign = desk.path("other.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE settings (k, v); INSERT INTO settings VALUES (1, 2);")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let rates = desk.write("r.csv", format!("{RATES_HEADER}\n{RATES}"));
    let rates = rates.to_str().unwrap();
    for args in [&["check"][..], &["import", "rates", rates], &["demo"]] {
        let run = run_on(&foreign, args);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("不是 kaidan 的数据库"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
    // Not a database at all: one Chinese line, SQLite's English after it.
    let text = desk.write("notes.sqlite3", "这不是数据库".repeat(100));
    let run = run_on(&text, &["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("这个文件不是数据库") && run.stderr.contains("（SQLite："),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_column_and_wrong_file_type_are_refused() {
    let desk = Desk::new();
    let file = desk.write("rates.csv", "到站代码,起始重量kg\n430321,0\n");
    let run = desk.import("rates", &file);
    assert_eq!(run.status, 1);
    assert!(run.stderr.starts_with("kaidan: "), "{}", run.stderr);
    assert!(!run.stderr.contains("kaidan: kaidan:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("表头缺少列：重货单价"),
        "{}",
        run.stderr
    );
    let file = desk.write("rates.txt", "x");
    assert_eq!(desk.import("rates", &file).status, 1);
}

#[test]
fn ambiguous_destination_lists_candidates() {
    let desk = Desk::new().with_rates();
    let run = desk.run(&[
        "quote",
        "--to",
        "朝阳区",
        "--weight",
        "10",
        "--volume",
        "0.1",
    ]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("110105 朝阳区（北京市）"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("220104 朝阳区"), "{}", run.stderr);
    let run = desk.run(&["quote", "--to", "4303", "--weight", "10", "--volume", "0.1"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("不是县级代码"), "{}", run.stderr);
}

#[test]
fn quote_refuses_bad_measures_and_unpriced_destinations() {
    let desk = Desk::new().with_rates();
    for (weight, volume, declared) in [
        ("0", "1", "0"),
        ("-3", "1", "0"),
        ("abc", "1", "0"),
        ("10", "0", "0"),
        ("10", "1", "-1"),
        ("10", "1", "很多"),
    ] {
        let run = desk.run(&[
            "quote",
            "--to",
            "430321",
            "--weight",
            weight,
            "--volume",
            volume,
            "--declared",
            declared,
        ]);
        assert_eq!(
            run.status, 1,
            "{weight} {volume} {declared}: {}",
            run.stderr
        );
        assert!(run.stderr.starts_with("kaidan: "), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    let run = desk.run(&["quote", "--to", "湘乡市", "--weight", "10", "--volume", "1"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("报价表里没有到站 430381"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let desk = Desk::new();
    for args in [
        &["frobnicate"][..],
        &["import"],
        &["import", "punchcards", "x.csv"],
        &["quote", "--to", "430321"],
        &["check", "extra"],
    ] {
        let run = desk.run(args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        // One Chinese line first, clap's English after it.
        assert!(
            run.stderr.starts_with("kaidan: ") && run.stderr.contains("--help"),
            "{args:?}: {}",
            run.stderr
        );
        let first = run.stderr.lines().next().unwrap();
        assert!(
            first
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{first}"
        );
    }
    let run = desk.run(&["--help"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("quote"), "{}", run.stdout);
    assert_eq!(desk.run(&["quote", "--help"]).status, 0);
}

pub(crate) fn waybills_csv(rows: &[&str]) -> String {
    format!("{WAYBILLS_HEADER}\n{}\n", rows.join("\n"))
}

/// The optional 代收货款 columns (issue 17): a file with them imports them; a bad amount
/// or payer, or a 货款扣 row that cannot cover its freight, is named by row and column
/// and nothing is written.
#[test]
fn import_waybills_with_the_goods_price_to_collect() {
    let desk = Desk::new().with_rates();
    let header = format!("{WAYBILLS_HEADER},代收货款,代收手续费付款");
    let good = format!("{header}\n{WAYBILL_1},5000,随运费付\n{WAYBILL_2},,\n");
    let file = desk.write("代收.csv", good);
    let run = desk.import("waybills", &file);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = desk.path("导出.csv");
    desk.run_ok(&["export", "waybills", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.contains(",老系统,5000.00,随运费付"), "{text}");

    let other = Desk::new().with_rates();
    let deduct = WAYBILL_2.replacen(",现付,", ",货款扣,", 1);
    let bad = format!(
        "{header}\n{},-1,\n{},100,别人付\n{deduct},50,\n",
        WAYBILL_1.replacen("GZ0001", "GZ0009", 1),
        WAYBILL_1
    );
    let file = other.write("坏.csv", bad);
    let run = other.import("waybills", &file);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for words in [
        "第 2 行「代收货款」",
        "不能为负数",
        "第 3 行「代收手续费付款」",
        "第 4 行「代收货款」",
        "扣不下",
    ] {
        assert!(run.stderr.contains(words), "{words}: {}", run.stderr);
    }
    let count: i64 = rusqlite::Connection::open(other.db())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM waybills", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn import_waybills_then_check_passes() {
    let (desk, run) = Desk::with_two_waybills();
    assert!(run.stderr.contains("已导入运单 2 张"), "{}", run.stderr);
    let run = desk.run_ok(&["check"]);
    assert!(
        run.stdout
            .contains("数据库完好：2 张运单，修改记录、收付款流水和各项登记的校验链都通过"),
        "{}",
        run.stdout
    );

    // Importing the same file again refuses both numbers and writes nothing.
    let run = desk.import("waybills", &desk.path("运单.csv"));
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("第 2 行「单号」：单号 GZ0001 已在数据库中"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("第 3 行「单号」"), "{}", run.stderr);
    assert!(desk.run_ok(&["check"]).stdout.contains("2 张运单"));
}

#[test]
fn imported_waybill_keeps_what_was_charged() {
    let desk = Desk::new().with_rates();
    let file = desk.write(
        "运单.csv",
        waybills_csv(&[&WAYBILL_1.replace(",255,", ",200,")]),
    );
    let run = desk.import("waybills", &file);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 张运费低于报价表"), "{}", run.stderr);
    let (freight, short, issued_at, total): (i64, i64, String, i64) = desk
        .sql()
        .query_row(
            "SELECT freight_fen, short_charge_fen, issued_at, total_fen FROM waybills WHERE number = 'GZ0001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((freight, short, total), (20_000, 5_500, 26_000));
    assert_eq!(issued_at, "2026-11-20 09:15:00");
}

#[test]
fn bad_waybills_file_names_every_bad_row_and_writes_nothing() {
    let desk = Desk::new().with_rates();
    let bad_phone = WAYBILL_2
        .replace("GZ0002", "GZ0003")
        .replace(",13800001111,", ",1380000111,");
    let zero_pieces = WAYBILL_2.replace("GZ0002", "GZ0004").replace(",3,", ",0,");
    let bad_payment = WAYBILL_2
        .replace("GZ0002", "GZ0005")
        .replace(",现付,", ",到付,");
    let no_address = WAYBILL_2
        .replace("GZ0002", "GZ0006")
        .replace(",自提,", ",配送,");
    let file = desk.write(
        "运单.csv",
        waybills_csv(&[
            WAYBILL_1,
            &bad_phone,
            &zero_pieces,
            &bad_payment,
            WAYBILL_1,
            &no_address,
            WAYBILL_2,
        ]),
    );
    let run = desk.import("waybills", &file);
    assert_eq!(run.status, 1);
    run.names_rows(
        &file,
        &[
            (3, "收货方电话"),
            (4, "件数"),
            (5, "付款方式"),
            (6, "单号"),
            (7, "送货地址"),
        ],
    );
    assert!(run.stderr.contains("与第 2 行重复"), "{}", run.stderr);
    assert!(!run.stderr.contains("第 2 行「"), "{}", run.stderr);
    assert!(!run.stderr.contains("第 8 行"), "{}", run.stderr);
    assert!(run.stderr.contains("未导入任何内容"), "{}", run.stderr);

    // Nothing written: not the good rows, not their clerks.
    assert!(desk.run_ok(&["check"]).stdout.contains("0 张运单"));
    let staff: i64 = desk
        .sql()
        .query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))
        .unwrap();
    assert_eq!(staff, 0);
}

#[test]
fn unknown_clerk_is_added_to_staff_with_empty_name() {
    let (desk, run) = Desk::with_two_waybills();
    assert!(run.stderr.contains("新增工号 A01、B07"), "{}", run.stderr);
    let conn = desk.sql();
    let mut stmt = conn
        .prepare("SELECT id, name FROM staff ORDER BY id")
        .unwrap();
    let staff: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        staff,
        [
            ("A01".to_owned(), String::new()),
            ("B07".to_owned(), String::new())
        ]
    );
}

#[test]
fn demo_loads_into_an_empty_database_only() {
    let desk = Desk::new();
    let run = desk.run_ok(&["demo"]);
    assert!(run.stderr.contains("已载入演示数据"), "{}", run.stderr);
    let check = desk.run_ok(&["check"]);
    assert!(check.stdout.contains("校验链都通过"), "{}", check.stdout);
    let again = desk.run(&["demo"]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.starts_with("kaidan: "), "{}", again.stderr);
}

#[test]
fn a_demo_that_fails_half_way_leaves_the_database_as_it_was() {
    let desk = Desk::new();
    desk.run_ok(&[
        "import",
        "rates",
        desk.write("r.csv", format!("{RATES_HEADER}\n{RATES}"))
            .to_str()
            .unwrap(),
    ]);
    // A fault at the 100th waybill, as a full disk or a kill would make one.
    desk.sql()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON waybills
             WHEN (SELECT COUNT(*) FROM waybills) >= 100
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let run = desk.run(&["demo"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let count = |table: &str| -> i64 {
        desk.sql()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        (count("waybills"), count("staff")),
        (0, 0),
        "nothing of the demo"
    );
    assert_eq!(count("rates"), 3, "the rates as they were");
    // The fault gone, the demo can be loaded after all.
    desk.sql().execute_batch("DROP TRIGGER boom").unwrap();
    let run = desk.run_ok(&["demo"]);
    assert!(run.stderr.contains("已载入演示数据"), "{}", run.stderr);
    assert!(count("waybills") > 300);
}

#[test]
fn print_waybill_and_labels_to_pdf_files() {
    let desk = Desk::new();
    desk.run_ok(&["demo"]);
    let number: String = desk
        .sql()
        .query_row("SELECT number FROM waybills WHERE status = '已开单' AND pieces >= 3 ORDER BY number LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let waybill = desk.path("waybill.pdf");
    let run = desk.run_ok(&[
        "print",
        "waybill",
        &number,
        "--out",
        waybill.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains(&number), "{}", run.stderr);
    let bytes = std::fs::read(&waybill).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // Four copies by default: one page each.
    assert_eq!(pages(&bytes), 4);

    let labels = desk.path("labels.pdf");
    desk.run_ok(&[
        "print",
        "labels",
        &number,
        "--out",
        labels.to_str().unwrap(),
        "--pieces",
        "2-3",
    ]);
    assert_eq!(pages(&std::fs::read(&labels).unwrap()), 2);

    let bad = desk.run(&[
        "print",
        "labels",
        &number,
        "--out",
        labels.to_str().unwrap(),
        "--pieces",
        "0-99",
    ]);
    assert_eq!(bad.status, 1);
    assert!(bad.stderr.contains("--pieces"), "{}", bad.stderr);
    let missing = desk.run(&[
        "print",
        "waybill",
        "GZ0000000000",
        "--out",
        waybill.to_str().unwrap(),
    ]);
    assert_eq!(missing.status, 1);
    assert!(missing.stderr.contains("找不到单号"), "{}", missing.stderr);
}

/// Page count of a PDF, by its page tree.
fn pages(bytes: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages().len()
}

/// `kaidan --version`: the crate's version and the build's date, on stdout with status 0.
#[test]
fn version_names_the_build_date() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaidan"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        format!(
            "kaidan {}（构建于 {}）",
            env!("CARGO_PKG_VERSION"),
            kaidan::BUILD_DATE
        )
    );
}
