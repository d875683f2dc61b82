//! What the demo station deals in: the destinations it serves with their price tiers, the
//! goods its shippers send with their packaging, the regular shippers, their consignees
//! and the remarks clerks write.

use crate::domain::desk::waybill::{Orientation, Packaging};

/// How far a destination is from Guangzhou, which sets its price level.
#[derive(Debug, Clone, Copy)]
pub(super) enum Tier {
    /// Within Guangdong.
    Near,
    /// Hunan, Jiangxi, Guangxi.
    Middle,
    /// Hubei.
    Far,
}

/// A destination the demo company serves.
pub(super) struct DemoDest {
    /// County-level code.
    pub(super) code: &'static str,
    /// Telephone area code of its landlines.
    pub(super) area_code: &'static str,
    /// Price level.
    pub(super) tier: Tier,
    /// A county or county-level city rather than a city district.
    pub(super) county: bool,
}

pub(super) const fn dest(
    code: &'static str,
    area_code: &'static str,
    tier: Tier,
    county: bool,
) -> DemoDest {
    DemoDest {
        code,
        area_code,
        tier,
        county,
    }
}

pub(super) const DESTINATIONS: &[DemoDest] = &[
    // 湖南
    dest("430321", "0731", Tier::Middle, true),  // 湘潭县
    dest("430302", "0731", Tier::Middle, false), // 湘潭市 雨湖区
    dest("430621", "0730", Tier::Middle, true),  // 岳阳县
    dest("430602", "0730", Tier::Middle, false), // 岳阳市 岳阳楼区
    dest("430121", "0731", Tier::Middle, true),  // 长沙县
    dest("430181", "0731", Tier::Middle, true),  // 浏阳市
    dest("430281", "0731", Tier::Middle, true),  // 醴陵市
    dest("430421", "0734", Tier::Middle, true),  // 衡阳县
    dest("430582", "0739", Tier::Middle, true),  // 邵东市
    dest("430203", "0731", Tier::Middle, false), // 株洲市 芦淞区
    dest("430702", "0736", Tier::Middle, false), // 常德市 武陵区
    dest("431302", "0738", Tier::Middle, false), // 娄底市 娄星区
    // 湖北
    dest("420103", "027", Tier::Far, false),  // 武汉市 江汉区
    dest("420111", "027", Tier::Far, false),  // 武汉市 洪山区
    dest("420105", "027", Tier::Far, false),  // 武汉市 汉阳区
    dest("421003", "0716", Tier::Far, false), // 荆州市 荆州区
    dest("429004", "0728", Tier::Far, true),  // 仙桃市
    // 江西
    dest("360102", "0791", Tier::Middle, false), // 南昌市 东湖区
    dest("360702", "0797", Tier::Middle, false), // 赣州市 章贡区
    dest("360703", "0797", Tier::Middle, true),  // 赣州市 南康区
    dest("360802", "0796", Tier::Middle, false), // 吉安市 吉州区
    // 广西
    dest("450103", "0771", Tier::Middle, false), // 南宁市 青秀区
    dest("450102", "0771", Tier::Middle, false), // 南宁市 兴宁区
    dest("450202", "0772", Tier::Middle, false), // 柳州市 城中区
    dest("450305", "0773", Tier::Middle, false), // 桂林市 七星区
    dest("450902", "0775", Tier::Middle, false), // 玉林市 玉州区
    // 广东
    dest("441900", "0769", Tier::Near, false), // 东莞市
    dest("442000", "0760", Tier::Near, false), // 中山市
    dest("440605", "0757", Tier::Near, false), // 佛山市 南海区
    dest("440606", "0757", Tier::Near, false), // 佛山市 顺德区
    dest("440802", "0759", Tier::Near, false), // 湛江市 赤坎区
    dest("440902", "0668", Tier::Near, false), // 茂名市 茂南区
];

/// Goods a Guangzhou counter sees every day, with how they come.
pub(super) struct Goods {
    /// 品名.
    pub(super) name: &'static str,
    /// Weight of one piece, kg.
    pub(super) kg_per_piece: (u64, u64),
    /// Density, kg per m³: from it the volume follows the weight.
    pub(super) density: (u64, u64),
    /// Usual packaging, the first most often.
    pub(super) packagings: &'static [Packaging],
    /// Breaks easily: printed 「货损自负」.
    pub(super) fragile: bool,
    /// How the pieces must stand.
    pub(super) orientation: Orientation,
    /// Sometimes comes on pallets of several hundred kilograms.
    pub(super) palletized: bool,
}

pub(super) const fn goods(
    name: &'static str,
    kg_per_piece: (u64, u64),
    density: (u64, u64),
    packagings: &'static [Packaging],
) -> Goods {
    Goods {
        name,
        kg_per_piece,
        density,
        packagings,
        fragile: false,
        orientation: Orientation::Any,
        palletized: false,
    }
}

pub(super) const CARTON: &[Packaging] = &[Packaging::Carton];
pub(super) const CARTON_OR_BAG: &[Packaging] = &[Packaging::Carton, Packaging::WovenBag];
pub(super) const BAG_OR_CARTON: &[Packaging] = &[Packaging::WovenBag, Packaging::Carton];
pub(super) const CARTON_OR_CASE: &[Packaging] = &[Packaging::Carton, Packaging::WoodenCase];

pub(super) const GOODS: &[Goods] = &[
    goods("服装", (8, 25), (100, 200), CARTON_OR_BAG),
    goods("牛仔裤", (15, 30), (200, 300), BAG_OR_CARTON),
    goods("布料", (20, 45), (300, 450), &[Packaging::WovenBag]),
    goods("皮具箱包", (8, 20), (80, 150), CARTON),
    goods("鞋子", (8, 15), (110, 180), CARTON),
    goods("玩具", (5, 12), (80, 120), CARTON),
    Goods {
        palletized: true,
        ..goods("五金配件", (15, 30), (400, 600), CARTON_OR_CASE)
    },
    Goods {
        fragile: true,
        orientation: Orientation::ThisSideUp,
        palletized: true,
        ..goods("陶瓷", (18, 30), (400, 600), CARTON_OR_CASE)
    },
    Goods {
        fragile: true,
        orientation: Orientation::NoStack,
        ..goods("灯具", (4, 12), (80, 150), CARTON)
    },
    Goods {
        orientation: Orientation::ThisSideUp,
        ..goods("电子产品", (5, 18), (150, 300), CARTON)
    },
    goods("电器配件", (8, 20), (200, 350), CARTON),
    goods(
        "家具配件",
        (12, 30),
        (150, 300),
        &[Packaging::Carton, Packaging::Bundle],
    ),
    goods("塑料制品", (4, 12), (80, 140), BAG_OR_CARTON),
    goods("茶叶", (10, 25), (200, 320), CARTON),
    Goods {
        fragile: true,
        orientation: Orientation::NoInvert,
        ..goods("玻璃制品", (12, 25), (350, 550), &[Packaging::WoodenCase])
    },
    Goods {
        palletized: true,
        ..goods("汽车配件", (15, 30), (300, 600), CARTON_OR_CASE)
    },
    goods("日用百货", (8, 20), (150, 250), CARTON),
];

/// A regular shipper at the Guangzhou counter.
pub(super) struct Shipper {
    /// Full name.
    pub(super) name: &'static str,
    /// Gives a Guangzhou landline (020) rather than a mobile.
    pub(super) landline: bool,
    /// What it sends.
    pub(super) goods: &'static [&'static str],
    /// Has a monthly account (月结) with the company.
    pub(super) monthly: bool,
    /// How often it ships, relative to the others.
    pub(super) weight: u64,
}

pub(super) const fn shipper(
    name: &'static str,
    landline: bool,
    goods: &'static [&'static str],
    monthly: bool,
    weight: u64,
) -> Shipper {
    Shipper {
        name,
        landline,
        goods,
        monthly,
        weight,
    }
}

#[rustfmt::skip]
pub(super) const SHIPPERS: &[Shipper] = &[
    shipper("广州市白云区宏达服装厂", true, &["服装"], true, 6),
    shipper("广州市番禺区大石兴业五金制品厂", true, &["五金配件"], true, 5),
    shipper("广州市白云区三元里金利皮具商行", false, &["皮具箱包"], false, 3),
    shipper("广州市越秀区一德路华兴玩具商行", false, &["玩具"], false, 3),
    shipper("广州市荔湾区十三行新潮服饰", false, &["服装"], false, 5),
    shipper("广州市海珠区中大布匹市场陈记布行", false, &["布料"], false, 4),
    shipper("广州市花都区狮岭镇金狮皮具厂", true, &["皮具箱包"], true, 3),
    shipper("广州市荔湾区芳村南方茶叶市场福源茶行", false, &["茶叶"], false, 3),
    shipper("广州市天河区天河路鑫科电子商行", false, &["电子产品"], false, 4),
    shipper("广州市越秀区海印电器配件行", false, &["电器配件", "电子产品"], false, 3),
    shipper("广州市番禺区南村镇明辉灯饰厂", true, &["灯具"], true, 4),
    shipper("广州市黄埔区恒通塑料制品厂", true, &["塑料制品"], false, 3),
    shipper("广州市增城区新塘镇蓝天牛仔服装厂", true, &["牛仔裤", "服装"], true, 4),
    shipper("广州市白云区太和镇嘉美家具配件厂", false, &["家具配件"], false, 3),
    shipper("广州市越秀区站西鞋城永发鞋业", false, &["鞋子"], false, 4),
    shipper("广州市白云区嘉禾望岗汽配城顺达汽车配件", false, &["汽车配件"], false, 3),
    shipper("广州市荔湾区花地湾晶华玻璃制品商行", false, &["玻璃制品"], false, 2),
    shipper("广州市白云区均禾陶瓷批发部", false, &["陶瓷"], false, 3),
    shipper("广州市海珠区康乐村锦绣服饰", false, &["服装", "布料"], false, 3),
    shipper("广州市白云区石井日用百货批发部", false, &["日用百货", "塑料制品"], false, 3),
    shipper("广州市番禺区沙湾镇新星鞋业", true, &["鞋子"], false, 2),
    shipper("广州市南沙区黄阁镇联发五金交电", false, &["五金配件", "电器配件"], false, 2),
    shipper("广州市花都区新华街美雅灯饰批发部", false, &["灯具"], false, 2),
    shipper("广州市从化区街口佳佳日用品商行", false, &["日用百货"], false, 1),
    shipper("李伟明", false, &["茶叶", "日用百货"], false, 1),
];

/// A consignee at a destination: code, full name, delivery address, trade (the goods it
/// mostly receives).
#[rustfmt::skip]
pub(super) const CONSIGNEES: &[(&str, &str, &str, &str)] = &[
    ("430321", "湘潭县易俗河李记服装批发部", "湘潭县易俗河镇建设北路 88 号", "服装"),
    ("430321", "湘潭县花石镇建军五金经营部", "湘潭县花石镇花石街 126 号", "五金配件"),
    ("430302", "湘潭市雨湖区万家灯饰城", "湘潭市雨湖区建设北路 216 号", "灯具"),
    ("430302", "湘潭市雨湖区刘氏鞋业批发部", "湘潭市雨湖区基建营路 45 号", "鞋子"),
    ("430621", "岳阳县荣家湾镇周记百货店", "岳阳县荣家湾镇东方路 33 号", "日用百货"),
    ("430621", "岳阳县新墙镇兴旺建材经营部", "岳阳县新墙镇新墙村 2 组", "陶瓷"),
    ("430602", "岳阳市岳阳楼区金鹏陶瓷经营部", "岳阳市岳阳楼区巴陵中路 306 号", "陶瓷"),
    ("430602", "岳阳市岳阳楼区王记童装店", "岳阳市岳阳楼区东茅岭路 18 号", "服装"),
    ("430121", "长沙县星沙鑫源电子商行", "长沙县星沙街道开元东路 99 号", "电子产品"),
    ("430121", "长沙县黄花镇谭氏家具配件厂", "长沙县黄花镇黄花村 8 组", "家具配件"),
    ("430181", "浏阳市集里恒通五金商行", "浏阳市集里街道金沙北路 201 号", "五金配件"),
    ("430181", "浏阳市永安镇陈记茶叶店", "浏阳市永安镇永安街 66 号", "茶叶"),
    ("430281", "醴陵市华美陶瓷批发部", "醴陵市陶瓷大市场 B 区 12 号", "陶瓷"),
    ("430281", "醴陵市来龙门刘记灯具店", "醴陵市来龙门街道瓷城大道 58 号", "灯具"),
    ("430421", "衡阳县西渡镇贺家百货批发部", "衡阳县西渡镇蒸阳北路 77 号", "日用百货"),
    ("430421", "衡阳县金兰镇永辉日杂店", "衡阳县金兰镇金兰街 15 号", "塑料制品"),
    ("430582", "邵东市工业品市场顺发箱包批发部", "邵东市工业品市场 3 栋 108 号", "皮具箱包"),
    ("430582", "邵东市两市塘曾记五金店", "邵东市两市塘街道建设路 120 号", "五金配件"),
    ("430203", "株洲市芦淞区芦淞服饰城罗记档口", "株洲市芦淞区芦淞服饰城 2 楼 216 号", "服装"),
    ("430203", "株洲市芦淞区宏发布料经营部", "株洲市芦淞区建设南路 39 号", "布料"),
    ("430702", "常德市武陵区龙腾电器商行", "常德市武陵区人民路 1888 号", "电器配件"),
    ("430702", "常德市武陵区向氏鞋业", "常德市武陵区朗州路 52 号", "鞋子"),
    ("431302", "娄底市娄星区佳美塑料制品经营部", "娄底市娄星区长青街 71 号", "塑料制品"),
    ("431302", "娄底市娄星区吴记灯饰店", "娄底市娄星区乐坪大道 310 号", "灯具"),
    ("420103", "武汉市江汉区汉正街祥瑞服装批发行", "武汉市江汉区汉正街 168 号", "服装"),
    ("420103", "武汉市江汉区利民箱包商行", "武汉市江汉区友谊南路 23 号", "皮具箱包"),
    ("420111", "武汉市洪山区万家建材经营部", "武汉市洪山区雄楚大道 452 号", "陶瓷"),
    ("420111", "武汉市洪山区鑫达电子商行", "武汉市洪山区珞喻路 726 号", "电子产品"),
    ("420105", "武汉市汉阳区胡记五金商行", "武汉市汉阳区鹦鹉大道 98 号", "五金配件"),
    ("420105", "武汉市汉阳区天和家具配件经营部", "武汉市汉阳区龙阳大道 36 号", "家具配件"),
    ("421003", "荆州市荆州区黄记百货批发部", "荆州市荆州区荆中路 140 号", "日用百货"),
    ("421003", "荆州市荆州区兴隆陶瓷店", "荆州市荆州区郢城镇郢北村 3 组", "陶瓷"),
    ("429004", "仙桃市彭场镇鸿运无纺布经营部", "仙桃市彭场镇工业园 6 号", "布料"),
    ("429004", "仙桃市干河街道张记五金店", "仙桃市干河街道汉江路 88 号", "五金配件"),
    ("360102", "南昌市东湖区联发服装商行", "南昌市东湖区胜利路 236 号", "服装"),
    ("360102", "南昌市东湖区熊记茶叶店", "南昌市东湖区阳明路 57 号", "茶叶"),
    ("360702", "赣州市章贡区博远灯具商行", "赣州市章贡区红旗大道 41 号", "灯具"),
    ("360702", "赣州市章贡区钟记五金经营部", "赣州市章贡区文清路 182 号", "五金配件"),
    ("360703", "赣州市南康区嘉华家具配件厂", "赣州市南康区家具城 5 区 22 号", "家具配件"),
    ("360703", "赣州市南康区唐江镇谢记玻璃店", "赣州市南康区唐江镇建设路 9 号", "玻璃制品"),
    ("360802", "吉安市吉州区永和百货批发部", "吉安市吉州区井冈山大道 160 号", "日用百货"),
    ("360802", "吉安市吉州区肖记鞋店", "吉安市吉州区仁山坪路 23 号", "鞋子"),
    ("450103", "南宁市青秀区东盟电子商行", "南宁市青秀区民族大道 136 号", "电子产品"),
    ("450103", "南宁市青秀区韦记服装店", "南宁市青秀区七星路 77 号", "服装"),
    ("450102", "南宁市兴宁区朝阳五金批发部", "南宁市兴宁区朝阳路 62 号", "五金配件"),
    ("450102", "南宁市兴宁区黄记茶叶商行", "南宁市兴宁区民生路 19 号", "茶叶"),
    ("450202", "柳州市城中区俊豪汽车配件商行", "柳州市城中区文惠路 33 号", "汽车配件"),
    ("450202", "柳州市城中区覃记日杂店", "柳州市城中区公园路 8 号", "塑料制品"),
    ("450305", "桂林市七星区美联灯饰店", "桂林市七星区七星路 95 号", "灯具"),
    ("450305", "桂林市七星区莫记百货批发部", "桂林市七星区穿山路 41 号", "日用百货"),
    ("450902", "玉林市玉州区宏图陶瓷经营部", "玉林市玉州区人民东路 268 号", "陶瓷"),
    ("450902", "玉林市玉州区梁记箱包店", "玉林市玉州区二环北路 120 号", "皮具箱包"),
    ("441900", "东莞市虎门镇富强服装辅料行", "东莞市虎门镇银龙路 56 号", "布料"),
    ("441900", "东莞市长安镇创新电子厂", "东莞市长安镇乌沙社区兴发南路 18 号", "电子产品"),
    ("442000", "中山市古镇镇星光灯饰配件行", "中山市古镇镇同兴路 88 号", "灯具"),
    ("442000", "中山市小榄镇何记五金店", "中山市小榄镇升平中路 12 号", "五金配件"),
    ("440605", "佛山市南海区大沥镇盛世汽配商行", "佛山市南海区大沥镇广佛路 398 号", "汽车配件"),
    ("440605", "佛山市南海区西樵镇潘记布料行", "佛山市南海区西樵镇樵高路 27 号", "布料"),
    ("440606", "佛山市顺德区乐从镇万象家具配件行", "佛山市顺德区乐从镇佛山大道 208 号", "家具配件"),
    ("440606", "佛山市顺德区容桂冯记电器商行", "佛山市顺德区容桂街道桂洲大道 66 号", "电器配件"),
    ("440802", "湛江市赤坎区陈记百货商行", "湛江市赤坎区中山一路 45 号", "日用百货"),
    ("440802", "湛江市赤坎区金辉玻璃建材部", "湛江市赤坎区寸金路 121 号", "玻璃制品"),
    ("440902", "茂名市茂南区梁记日用品批发部", "茂名市茂南区油城五路 33 号", "塑料制品"),
    ("440902", "茂名市茂南区永盛鞋业", "茂名市茂南区站前路 18 号", "鞋子"),
];

/// Remarks clerks add by hand now and then.
pub(super) const REMARKS: &[&str] = &[
    "到货请先电话联系收货人",
    "轻拿轻放",
    "周日不收货",
    "与上票同一收货人，合并通知",
    "收货人要求尽快到货",
];
