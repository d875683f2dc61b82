//! Tests of `domain::desk::destinations`.

use super::*;

fn divisions() -> &'static Divisions {
    Divisions::bundled()
}

fn codes(found: &[&Division]) -> Vec<String> {
    found.iter().map(|d| d.code.clone()).collect()
}

#[test]
fn bundled_data_parses_with_every_county() {
    let parsed = Divisions::parse(BUNDLED_TSV).expect("bundled data parses");
    assert!(parsed.len() > 2_900, "only {} divisions", parsed.len());
    assert_eq!(Divisions::bundled().len(), parsed.len());
    assert!(!parsed.is_empty());
    let in_order: Vec<&str> = parsed.iter().map(|d| d.code.as_str()).collect();
    assert!(in_order.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!((&parsed).into_iter().count(), parsed.len());
}

#[test]
fn prefecture_cities_without_counties_are_destinations() {
    for (code, name) in [
        ("441900", "东莞市"),
        ("442000", "中山市"),
        ("460400", "儋州市"),
        ("620201", "嘉峪关市"),
    ] {
        let division = divisions().by_code(code).expect(code);
        assert_eq!(division.name, name);
        assert_eq!(divisions().resolve(name), Ok(division));
        assert_eq!(divisions().resolve(code), Ok(division));
    }
}

#[test]
fn search_ranks_best_first() {
    // (query, the division that must come first)
    let cases = [
        ("xiangtanxian", "430321"),
        ("xiang tan xian", "430321"),
        ("xiangtan", "430321"),
        ("湘潭县", "430321"),
        ("湘潭", "430321"),
        ("430321", "430321"),
        ("４３０３２１", "430321"),
        ("4303", "430302"),
        ("changshaxian", "430121"),
        ("changshax", "430121"),
        ("朝阳区", "110105"),
        ("东莞", "441900"),
        ("dongguanshi", "441900"),
        ("chang'an", "130102"),
    ];
    for (query, first) in cases {
        let found = divisions().search(query, 10);
        assert_eq!(
            found.first().map(|d| d.code.as_str()),
            Some(first),
            "query {query:?} gave {:?}",
            codes(&found)
        );
    }
}

#[test]
fn initials_find_xiangtan_county_among_the_exact_matches() {
    // Three counties have the initials xtx; exact initials outrank everything else
    // and ties go by code, so 湘潭县 is in the first group, after 行唐县.
    for query in ["xtx", "XTX ", "ｘｔｘ"] {
        let found = codes(&divisions().search(query, 10));
        assert_eq!(
            found[..3],
            ["130125", "430321", "431128"].map(String::from),
            "{query:?}"
        );
    }
    // One more letter of pinyin and 湘潭县 is first.
    let found = divisions().search("xiangt", 10);
    assert_eq!(found.first().map(|d| d.name.as_str()), Some("湘潭县"));
}

#[test]
fn search_follows_the_documented_ranking() {
    // 湘潭: name prefix (湘潭县, then the two 示范区 by code), then name contains
    // (湖南湘潭高新…), then the districts of 湘潭市 by city text.
    let found = codes(&divisions().search("湘潭", 50));
    assert_eq!(
        found[..4],
        ["430321", "430372", "430373", "430371"].map(String::from)
    );
    for district in ["430302", "430304", "430381", "430382"] {
        assert!(found.contains(&district.to_owned()), "{district} missing");
    }
    // Exact initials come before an initials prefix and a pinyin prefix.
    let found = divisions().search("xtx", 100);
    let exact_end = found.iter().take_while(|d| d.initials == "xtx").count();
    assert!(exact_end > 1);
    assert!(found[exact_end..].iter().all(|d| d.initials != "xtx"));
    // Province text: every division of 海南省 and nothing else.
    let hainan = divisions().search("海南省", 1_000);
    assert!(hainan.iter().all(|d| d.province == "海南省"));
    assert!(hainan.iter().any(|d| d.code == "460400"));
}

#[test]
fn search_respects_limit_and_empty_query() {
    let cases = [
        ("区", 5, 5),
        ("q", 3, 3),
        ("x", 0, 0),
        ("", 10, 0),
        ("   ", 10, 0),
        ("火星", 10, 0),
    ];
    for (query, limit, expected) in cases {
        assert_eq!(
            divisions().search(query, limit).len(),
            expected,
            "query {query:?} limit {limit}"
        );
    }
}

#[test]
fn resolve_accepts_one_division() {
    let cases = [
        ("湘潭县", "430321"),
        (" 430321 ", "430321"),
        ("湖南省湘潭县", "430321"),
        ("湖南湘潭县", "430321"),
        ("湖南省 湘潭市 湘潭县", "430321"),
        ("湘潭县（湖南省 湘潭市）", "430321"),
        ("湘潭市雨湖区", "430302"),
        ("湘潭 雨湖区", "430302"),
        ("岳阳县", "430621"),
        ("岳阳楼区", "430602"),
        ("岳阳楼", "430602"),
        ("北京市朝阳区", "110105"),
        ("北京朝阳区", "110105"),
        ("朝阳区（北京市）", "110105"),
        ("长春市朝阳区", "220104"),
        ("吉林省朝阳区", "220104"),
        ("广州市白云区", "440111"),
        ("贵阳白云区", "520113"),
        ("湘西吉首市", "433101"),
        ("湖北省仙桃市", "429004"),
        ("changshaxian", "430121"),
    ];
    for (query, code) in cases {
        assert_eq!(
            divisions().resolve(query).map(|d| d.code.as_str()),
            Ok(code),
            "query {query:?}"
        );
    }
}

#[test]
fn resolve_refuses_shared_names_with_every_candidate() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "朝阳区",
            &["110105 朝阳区（北京市）", "220104 朝阳区（吉林省 长春市）"],
        ),
        (
            "白云区",
            &[
                "440111 白云区（广东省 广州市）",
                "520113 白云区（贵州省 贵阳市）",
            ],
        ),
        (
            "鼓楼区",
            &[
                "320106 鼓楼区（江苏省 南京市）",
                "320302 鼓楼区（江苏省 徐州市）",
                "350102 鼓楼区（福建省 福州市）",
                "410204 鼓楼区（河南省 开封市）",
            ],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(
            divisions().resolve(query),
            Err(ResolveError::Ambiguous {
                query: query.to_owned(),
                candidates: expected.iter().map(|c| (*c).to_owned()).collect(),
            })
        );
    }
    let message = divisions().resolve("朝阳区").unwrap_err().to_string();
    assert!(
        message.contains("110105 朝阳区（北京市）、220104 朝阳区（吉林省 长春市）"),
        "{message}"
    );
}

#[test]
fn city_is_not_its_county() {
    // 湘潭市 ≠ 湘潭县 (DOMAIN.md §2): the city's name lists its counties, never picks one.
    assert_eq!(
        divisions().resolve("湘潭县").map(|d| d.code.as_str()),
        Ok("430321")
    );
    for query in ["湘潭", "湘潭市", "岳阳", "岳阳市"] {
        match divisions().resolve(query) {
            Err(ResolveError::Ambiguous { candidates, .. }) => {
                assert!(candidates.len() > 1 && candidates.len() <= MAX_CANDIDATES);
            }
            other => panic!("{query}: expected ambiguous, got {other:?}"),
        }
    }
    match divisions().resolve("湘潭") {
        Err(ResolveError::Ambiguous { candidates, .. }) => {
            assert_eq!(candidates[0], "430321 湘潭县（湖南省 湘潭市）");
            assert!(candidates.contains(&"430302 雨湖区（湖南省 湘潭市）".to_owned()));
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
    match divisions().resolve("区") {
        Err(ResolveError::Ambiguous { candidates, .. }) => {
            assert_eq!(candidates.len(), MAX_CANDIDATES);
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
}

#[test]
fn resolve_refuses_codes_above_county_level() {
    let cases = [
        ("430300", ResolveError::NotCountyLevel("430300".to_owned())),
        ("430000", ResolveError::NotCountyLevel("430000".to_owned())),
        ("4303", ResolveError::NotCountyLevel("4303".to_owned())),
        ("43", ResolveError::NotCountyLevel("43".to_owned())),
        ("430399", ResolveError::NotFound("430399".to_owned())),
        ("990000", ResolveError::NotFound("990000".to_owned())),
        ("4303211", ResolveError::NotFound("4303211".to_owned())),
        ("火星区", ResolveError::NotFound("火星区".to_owned())),
        ("  ", ResolveError::NotFound(String::new())),
    ];
    for (query, expected) in cases {
        assert_eq!(divisions().resolve(query), Err(expected), "query {query:?}");
    }
    assert_eq!(
        ResolveError::NotCountyLevel("430300".to_owned()).to_string(),
        "430300 不是县级代码，请选择具体的区/县"
    );
    assert_eq!(
        ResolveError::NotFound("火星区".to_owned()).to_string(),
        "找不到到站「火星区」：请输入县级行政区的名称、拼音首字母或 6 位区划代码"
    );
}

#[test]
fn by_code_finds_county_codes_only() {
    assert_eq!(
        divisions().by_code("430321").map(|d| d.name.as_str()),
        Some("湘潭县")
    );
    assert_eq!(divisions().by_code("430300"), None);
    assert_eq!(divisions().by_code(""), None);
}

#[test]
fn place_names_have_their_own_pinyin() {
    // (code, name, pinyin, initials): polyphonic characters read as in the place name.
    let cases = [
        ("430121", "长沙县", "changshaxian", "csx"),
        ("500115", "长寿区", "changshouqu", "csq"),
        ("500106", "沙坪坝区", "shapingbaqu", "spbq"),
        ("500229", "城口县", "chengkouxian", "ckx"),
        ("350203", "思明区", "simingqu", "smq"),
        ("411082", "长葛市", "changgeshi", "cgs"),
        ("140428", "长子县", "zhangzixian", "zzx"),
        ("522701", "都匀市", "duyunshi", "dys"),
        ("320116", "六合区", "luhequ", "lhq"),
        ("371722", "单县", "shanxian", "sx"),
        ("130225", "乐亭县", "laotingxian", "ltx"),
    ];
    for (code, name, pinyin, initials) in cases {
        let division = divisions().by_code(code).expect(code);
        assert_eq!(
            (
                division.name.as_str(),
                division.pinyin.as_str(),
                division.initials.as_str()
            ),
            (name, pinyin, initials)
        );
    }
    // 重庆 and 厦门 are cities, not counties: their districts carry them as city text.
    assert_eq!(
        divisions().by_code("350203").map(|d| d.city.as_str()),
        Some("厦门市")
    );
    let chongqing: Vec<&Division> = divisions()
        .iter()
        .filter(|d| d.code.starts_with("50"))
        .collect();
    assert!(chongqing.len() > 30);
    assert!(
        chongqing
            .iter()
            .all(|d| d.city == "重庆市" && d.province == "重庆市")
    );
}

#[test]
fn names_for_lists_and_labels() {
    // (code, full_name, label, city_and_name)
    let cases = [
        (
            "430321",
            "湖南省 湘潭市 湘潭县",
            "湘潭县（湖南省 湘潭市）",
            "湘潭市 湘潭县",
        ),
        (
            "110105",
            "北京市 朝阳区",
            "朝阳区（北京市）",
            "北京市 朝阳区",
        ),
        (
            "220104",
            "吉林省 长春市 朝阳区",
            "朝阳区（吉林省 长春市）",
            "长春市 朝阳区",
        ),
        ("429004", "湖北省 仙桃市", "仙桃市（湖北省）", "湖北 仙桃市"),
        ("441900", "广东省 东莞市", "东莞市（广东省）", "广东 东莞市"),
        (
            "659001",
            "新疆维吾尔自治区 石河子市",
            "石河子市（新疆维吾尔自治区）",
            "新疆 石河子市",
        ),
    ];
    for (code, full_name, label, city_and_name) in cases {
        let division = divisions().by_code(code).expect(code);
        assert_eq!(division.full_name(), full_name);
        assert_eq!(division.label(), label);
        assert_eq!(division.city_and_name(), city_and_name);
    }
}

#[test]
fn short_forms_of_provinces_and_cities() {
    let provinces = [
        ("湖南省", "湖南"),
        ("北京市", "北京"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("西藏自治区", "西藏"),
    ];
    for (full, short) in provinces {
        assert_eq!(province_short(full), short);
    }
    let cities = [
        ("湘潭市", "湘潭"),
        ("阿克苏地区", "阿克苏"),
        ("兴安盟", "兴安"),
        ("湘西土家族苗族自治州", "湘西"),
        ("海西蒙古族藏族自治州", "海西"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("", ""),
    ];
    for (full, short) in cities {
        assert_eq!(city_short(full), short);
    }
}

#[test]
fn bad_data_is_reported_with_its_line() {
    let header = "code\tname\tcity\tprovince\tpinyin\tinitials\n";
    let good = "430321\t湘潭县\t湘潭市\t湖南省\txiangtanxian\txtx\n";
    let cases = [
        ("code\tname\n".to_owned(), 1),
        (String::new(), 1),
        (format!("{header}{good}430321\t湘潭县\n"), 3),
        (
            format!("{header}43032\t湘潭县\t湘潭市\t湖南省\txiangtanxian\txtx\n"),
            2,
        ),
        (format!("{header}{good}{good}"), 3),
        (
            format!("{header}430321\t\t湘潭市\t湖南省\txiangtanxian\txtx\n"),
            2,
        ),
        (
            format!("{header}430321\t湘潭县\t湘潭市\t\txiangtanxian\txtx\n"),
            2,
        ),
        (
            format!("{header}430321\t湘潭县\t湘潭市\t湖南省\txiāng\txtx\n"),
            2,
        ),
    ];
    for (tsv, expected_line) in cases {
        match Divisions::parse(&tsv) {
            Err(DivisionsError::BadLine { line, .. }) => {
                assert_eq!(line, expected_line, "{tsv:?}");
            }
            Ok(_) => panic!("{tsv:?} parsed"),
        }
    }
    let parsed = Divisions::parse(&format!("\u{feff}{header}{good}\r\n")).expect("parses");
    assert_eq!(parsed.len(), 1);
    let message = Divisions::parse("x")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.starts_with("行政区划数据第 1 行有误"), "{message}");
}
