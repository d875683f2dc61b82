//! Stations (网点) sharing one database (issue 15): who a station is and which of them a
//! person works at.
//!
//! A company whose stations share one database keeps one row per station: its code (the
//! prefix of its waybill numbers, e.g. `GZ`), its name and phone as printed on waybills,
//! and the counties it receives goods for (a truck whose route reaches one of them is
//! checked in there). A database of one station has exactly one, made from its desk
//! settings when stations came in (migration 19); nothing changes for it.
//!
//! Each member of staff belongs to one station and sees and changes only its stock, cash
//! and staff; a supervisor or finance clerk of the company (总部) belongs to none and sees
//! every station ([`Scope::Company`]). A record's station is where it was made: a
//! waybill's and a manifest's are stored with them; a payment's is the station of the
//! clerk who took it.

use serde::{Deserialize, Serialize};

use crate::domain::people::Role;

/// The station a database of one station is, and the one the company's own staff act
/// for when they issue a waybill or open a truck.
pub const FIRST: i64 = 1;

/// One station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    /// Its number in the database (`FIRST` for the first).
    pub id: i64,
    /// 代码: the prefix of its waybill numbers, 1–4 capital letters (`GZ`).
    pub code: String,
    /// 名称, as printed on its waybills (广州白云站).
    pub name: String,
    /// 电话, as printed on its waybills.
    pub phone: String,
    /// 本站区县: county codes it receives goods for.
    pub counties: Vec<String>,
}

impl Station {
    /// "GZ 广州站".
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }

    /// The counties as typed and stored: codes separated by spaces.
    #[must_use]
    pub fn counties_text(&self) -> String {
        self.counties.join(" ")
    }

    /// County codes from what a person typed: separated by spaces, commas or 、.
    #[must_use]
    pub fn parse_counties(typed: &str) -> Vec<String> {
        typed
            .split([' ', ',', '，', '、'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Whether the record can be saved: a code of 1–4 capital letters, a name, and a
    /// phone of digits and dashes. `known_county` says whether a county code exists.
    ///
    /// # Errors
    /// What is wrong, in Chinese, naming the field.
    pub fn check(&self, known_county: impl Fn(&str) -> bool) -> Result<(), String> {
        let code = self.code.trim();
        if code.is_empty() || code.len() > 4 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "站点代码「{code}」不对：应为 1–4 个大写字母（单号的开头，如 GZ）"
            ));
        }
        if self.name.trim().is_empty() {
            return Err("站点名称不能为空".to_owned());
        }
        if self.name.chars().count() > 30 {
            return Err("站点名称太长（最多 30 个字）".to_owned());
        }
        if !self
            .phone
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            return Err(format!("站点电话「{}」只能有数字和 -", self.phone.trim()));
        }
        if let Some(bad) = self.counties.iter().find(|c| !known_county(c)) {
            return Err(format!("本站区县代码 {bad} 不存在"));
        }
        Ok(())
    }
}

/// Which stations a person sees and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// One station's: its stock, cash and staff.
    Station(i64),
    /// Every station's (总部: the company's supervisor and finance).
    Company,
}

impl Default for Scope {
    /// The first station's: where a new person works unless said otherwise.
    fn default() -> Self {
        Self::Station(FIRST)
    }
}

impl Scope {
    /// The scope of a person stored with `station` (`None`: the company's).
    #[must_use]
    pub fn of(station: Option<i64>) -> Self {
        station.map_or(Self::Company, Self::Station)
    }

    /// The station stored for a person of this scope.
    #[must_use]
    pub fn stored(self) -> Option<i64> {
        match self {
            Self::Station(id) => Some(id),
            Self::Company => None,
        }
    }

    /// Whether a record of `station` is seen (and may be changed) in this scope.
    #[must_use]
    pub fn covers(self, station: i64) -> bool {
        match self {
            Self::Station(id) => id == station,
            Self::Company => true,
        }
    }

    /// The station whose waybills, trucks and settings a person of this scope works
    /// with: their own, or the first for the company's staff.
    #[must_use]
    pub fn acting(self) -> i64 {
        match self {
            Self::Station(id) => id,
            Self::Company => FIRST,
        }
    }
}

/// Whose stations a person's session serves: their station's, or all for the company's
/// own staff; and in a database of one station its supervisor and finance act for the
/// company (there is nothing else to see, and that is where they add the second station
/// and move themselves to the company).
#[must_use]
pub fn session_scope(post: Scope, role: Role, stations: usize) -> Scope {
    if stations <= 1 && matches!(role, Role::Supervisor | Role::Finance) {
        Scope::Company
    } else {
        post
    }
}

/// Why a person cannot be put in `scope`: only a supervisor or finance belongs to the
/// whole company.
///
/// # Errors
/// In Chinese.
pub fn check_post(role: Role, scope: Scope) -> Result<(), String> {
    if scope == Scope::Company && !matches!(role, Role::Supervisor | Role::Finance) {
        return Err(format!(
            "{}必须属于一个站点：只有主管和财务可以属于总部（全公司）",
            role.label()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(code: &str, name: &str, phone: &str) -> Station {
        Station {
            id: 2,
            code: code.to_owned(),
            name: name.to_owned(),
            phone: phone.to_owned(),
            counties: vec!["430602".to_owned()],
        }
    }

    #[test]
    fn a_station_is_checked_field_by_field() {
        let known = |c: &str| c == "430602";
        assert!(station("YY", "岳阳站", "0730-8888888").check(known).is_ok());
        for (code, name, phone, says) in [
            ("yy", "岳阳站", "", "站点代码"),
            ("YY1", "岳阳站", "", "站点代码"),
            ("YYYYY", "岳阳站", "", "站点代码"),
            ("", "岳阳站", "", "站点代码"),
            ("YY", " ", "", "站点名称"),
            ("YY", "岳阳站", "0730x", "站点电话"),
        ] {
            let refused = station(code, name, phone).check(known).unwrap_err();
            assert!(refused.contains(says), "{code} {name} {phone}: {refused}");
        }
        let mut far = station("YY", "岳阳站", "");
        far.counties.push("999999".to_owned());
        assert!(far.check(known).unwrap_err().contains("999999"));
    }

    #[test]
    fn counties_are_read_as_typed() {
        assert_eq!(
            Station::parse_counties(" 430602，430603、 430611 430621,"),
            ["430602", "430603", "430611", "430621"]
        );
    }

    #[test]
    fn scopes_cover_their_station_or_all() {
        assert!(Scope::Station(2).covers(2));
        assert!(!Scope::Station(2).covers(1));
        assert!(Scope::Company.covers(7));
        assert_eq!(Scope::Company.acting(), FIRST);
        assert_eq!(Scope::of(None), Scope::Company);
        assert_eq!(Scope::of(Some(3)).stored(), Some(3));
    }

    #[test]
    fn a_one_station_supervisor_acts_for_the_company() {
        let at_first = Scope::Station(FIRST);
        assert_eq!(session_scope(at_first, Role::Supervisor, 1), Scope::Company);
        assert_eq!(session_scope(at_first, Role::Clerk, 1), at_first);
        assert_eq!(session_scope(at_first, Role::Supervisor, 2), at_first);
        assert_eq!(
            session_scope(Scope::Company, Role::Finance, 3),
            Scope::Company
        );
    }

    #[test]
    fn only_supervisors_and_finance_belong_to_the_company() {
        assert!(check_post(Role::Supervisor, Scope::Company).is_ok());
        assert!(check_post(Role::Finance, Scope::Company).is_ok());
        assert!(check_post(Role::Clerk, Scope::Company).is_err());
        assert!(check_post(Role::Clerk, Scope::Station(1)).is_ok());
    }
}
