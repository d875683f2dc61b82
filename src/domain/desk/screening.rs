//! Goods screening (DOMAIN.md §1): goods that may not be carried, matched by words in the
//! goods name against a list the supervisor can edit, plus the clerk's own answer to "is
//! it dangerous?". A hit refuses the consignment and the refusal is recorded as evidence.

use serde::{Deserialize, Serialize};

/// One word of the prohibited list and the class of danger it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProhibitedWord {
    /// Matched anywhere in the goods name, e.g. 汽油.
    pub word: String,
    /// Why it is refused, e.g. 易燃易爆.
    pub category: String,
}

/// The company's starting list: the classes of DOMAIN.md §1 with the goods a counter meets
/// most. The supervisor edits it in the settings.
#[must_use]
pub fn default_list() -> Vec<ProhibitedWord> {
    const LIST: &[(&str, &[&str])] = &[
        (
            "易燃易爆",
            &[
                "汽油",
                "柴油",
                "煤油",
                "酒精",
                "乙醇",
                "油漆",
                "稀释剂",
                "天那水",
                "鞭炮",
                "烟花",
                "炸药",
                "雷管",
                "打火机",
                "火柴",
                "液化气",
                "煤气罐",
                "氧气瓶",
                "丁烷",
                "松香水",
                "香蕉水",
                "发胶",
                "喷漆",
                "固体酒精",
            ],
        ),
        (
            "腐蚀性",
            &[
                "硫酸",
                "盐酸",
                "硝酸",
                "烧碱",
                "氢氧化钠",
                "电瓶液",
                "蓄电池液",
            ],
        ),
        (
            "有毒/易污染",
            &["农药", "杀虫剂", "除草剂", "氰化", "砒霜", "水银", "汞"],
        ),
        ("放射性", &["放射性", "放射源"]),
        ("违禁品", &["枪支", "弹药", "管制刀具", "毒品", "仿真枪"]),
        (
            "性质不明的化学品",
            &["化学品", "化工原料", "不明液体", "试剂"],
        ),
    ];
    LIST.iter()
        .flat_map(|(category, words)| {
            words.iter().map(|word| ProhibitedWord {
                word: (*word).to_owned(),
                category: (*category).to_owned(),
            })
        })
        .collect()
}

/// Why a consignment is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The reason in Chinese, as recorded and shown: "品名含「汽油」（易燃易爆），不予托运".
    pub reason: String,
}

/// Screens a consignment. `declared_dangerous` is the clerk's answer to "危险品?" after
/// looking at the goods; a name on the list refuses even when the answer was no.
#[must_use]
pub fn screen(
    goods_name: &str,
    declared_dangerous: bool,
    list: &[ProhibitedWord],
) -> Option<Refusal> {
    let name = goods_name.trim();
    if let Some(hit) = list
        .iter()
        .filter(|p| !p.word.trim().is_empty())
        .find(|p| name.contains(p.word.trim()))
    {
        return Some(Refusal {
            reason: format!(
                "品名含「{}」（{}），不予托运",
                hit.word.trim(),
                hit.category
            ),
        });
    }
    declared_dangerous.then(|| Refusal {
        reason: "开单员判定为危险品，不予托运".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screening_rules() {
        let list = default_list();
        for (goods, dangerous, refused_word) in [
            ("服装", false, None),
            ("汽油发电机配件", false, Some("汽油")),
            ("工业酒精", false, Some("酒精")),
            ("烟花爆竹", false, Some("烟花")),
            ("油漆桶（空）", false, Some("油漆")),
            ("五金配件", true, Some("危险品")),
            ("  鞭炮 ", false, Some("鞭炮")),
        ] {
            let refusal = screen(goods, dangerous, &list);
            match refused_word {
                None => assert!(refusal.is_none(), "{goods}"),
                Some(word) => assert!(refusal.unwrap().reason.contains(word), "{goods}"),
            }
        }
    }

    #[test]
    fn reason_names_the_class() {
        let reason = screen("硫酸", false, &default_list()).unwrap().reason;
        assert_eq!(reason, "品名含「硫酸」（腐蚀性），不予托运");
    }

    #[test]
    fn blank_words_never_match() {
        let list = vec![ProhibitedWord {
            word: " ".into(),
            category: "x".into(),
        }];
        assert!(screen("服装", false, &list).is_none());
    }
}
