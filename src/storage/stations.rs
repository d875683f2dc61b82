//! Stations sharing the database (`domain::stations`): their records, whose stations a
//! connection serves ([`Db::set_scope`]), and each station's part of the settings.
//!
//! The desk settings keep what the whole company shares (its name, the premium); a
//! station's name, phone and number prefix, and the counties it receives for, are its
//! row in `stations`. [`Db::desk_settings`] and [`Db::dispatch_settings`] read them for
//! the station the connection acts for, so every page, printout and number that used
//! "the station" keeps doing so, for the right one.

use super::revisions::{self, Edit, Record};
use super::sql::{Conn, NO_ARGS, Row, args};
use super::{Db, Result, StorageError};
use crate::domain::dispatch::DispatchSettings;
use crate::domain::settings::DeskSettings;
use crate::domain::stations::{Scope, Station};
use std::collections::BTreeMap;

const COLUMNS: &str = "id, code, name, phone, counties";

fn station_from(row: &Row) -> super::sql::Result<Station> {
    let (id, code, name, phone, counties) = row.read::<(i64, String, String, String, String)>()?;
    Ok(Station {
        id,
        code,
        name,
        phone,
        counties: Station::parse_counties(&counties),
    })
}

/// The station `id`, read in `conn`.
pub(super) fn station_in(conn: Conn<'_>, id: i64) -> Result<Station> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM stations WHERE id = ?1"),
        args![id],
        station_from,
    )?
    .ok_or_else(|| StorageError::NotFound(format!("找不到站点 {id}")))
}

/// The station of the person `staff_id` (`None`: the company's, or no such person).
pub(super) fn post_of(conn: Conn<'_>, staff_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_opt(
            "SELECT station_id FROM staff WHERE id = ?1",
            args![staff_id],
            |r| r.get::<Option<i64>>(0),
        )?
        .flatten())
}

/// The station whose code begins `number` (the longest, should one code begin another).
pub(super) fn station_of_number(conn: Conn<'_>, number: &str) -> Result<Option<i64>> {
    Ok(conn.value(
        "SELECT id FROM stations WHERE substr(?1, 1, length(code)) = code
         ORDER BY length(code) DESC LIMIT 1",
        args![number],
    )?)
}

/// Puts `staff_id` at `post` from a connection serving `scope` (only the company's moves
/// people), in the caller's transaction; nothing is written when they are there already.
pub(super) fn move_staff(conn: Conn<'_>, scope: Scope, staff_id: &str, post: Scope) -> Result<()> {
    let row: Option<(String, Option<i64>)> = conn.query_opt(
        "SELECT role, station_id FROM staff WHERE id = ?1",
        args![staff_id],
        Row::read,
    )?;
    let Some((role, now)) = row else {
        return Err(StorageError::NotFound(format!("找不到工号 {staff_id}")));
    };
    if Scope::of(now) == post {
        return Ok(());
    }
    if scope != Scope::Company {
        return Err(StorageError::Refused(
            "只有总部（全公司）的主管可以把员工调到别的站点".to_owned(),
        ));
    }
    let role = crate::domain::people::Role::from_label(&role).ok_or_else(|| {
        StorageError::Corrupt(format!("工号 {staff_id} 的岗位「{role}」无法识别"))
    })?;
    crate::domain::stations::check_post(role, post).map_err(StorageError::Refused)?;
    if let Scope::Station(id) = post {
        station_in(conn, id)?;
    }
    conn.execute(
        "UPDATE staff SET station_id = ?1 WHERE id = ?2",
        args![post.stored(), staff_id],
    )?;
    Ok(())
}

/// The dispatch settings as stored (the company's part: its counties are each station's).
pub(super) fn dispatch_json(conn: Conn<'_>) -> Result<DispatchSettings> {
    super::settings::read_json(
        conn,
        revisions::Setting::Dispatch.key(),
        revisions::Setting::Dispatch.label(),
    )
}

/// Writes a station's row, refusing a code or name another station has.
fn write_station(conn: Conn<'_>, station: &Station) -> Result<i64> {
    let (code, name) = (station.code.trim(), station.name.trim());
    let taken: Option<String> = conn.value(
        "SELECT name FROM stations WHERE (code = ?1 OR name = ?2) AND id <> ?3",
        args![code, name, station.id],
    )?;
    if let Some(other) = taken {
        return Err(StorageError::Refused(format!(
            "站点代码 {code} 或名称 {name} 已是「{other}」的：每个站点的代码和名称都不能重复"
        )));
    }
    let (phone, counties) = (station.phone.trim(), station.counties_text());
    if station.id == 0 {
        Ok(conn.insert(
            "INSERT INTO stations (code, name, phone, counties) VALUES (?1, ?2, ?3, ?4)",
            args![code, name, phone, counties],
        )?)
    } else if conn.execute(
        "UPDATE stations SET code = ?1, name = ?2, phone = ?3, counties = ?4 WHERE id = ?5",
        args![code, name, phone, counties, station.id],
    )? == 0
    {
        Err(StorageError::NotFound(format!("找不到站点 {}", station.id)))
    } else {
        Ok(station.id)
    }
}

impl Db {
    /// Serves the stations of `scope` from now on: the window sets the logged-in
    /// person's, so lists, counts and checks read that station's records (or all, for
    /// the company's staff), and its settings are that station's.
    pub fn set_scope(&mut self, scope: Scope) {
        self.scope = scope;
    }

    /// Whose stations this connection serves.
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// Every station, in the order they were added.
    pub fn stations(&self) -> Result<Vec<Station>> {
        Ok(self.sql().query_map(
            &format!("SELECT {COLUMNS} FROM stations ORDER BY id"),
            NO_ARGS,
            station_from,
        )?)
    }

    /// One station.
    pub fn station(&self, id: i64) -> Result<Station> {
        station_in(self.sql(), id)
    }

    /// The station this connection acts for (the logged-in person's, or the first).
    pub fn acting_station(&self) -> Result<Station> {
        self.station(self.scope.acting())
    }

    /// Adds a station (`id` 0) or changes one, as the company's supervisor edited it
    /// (refused, naming who and when, if another save came since the page opened it).
    /// Returns its number.
    ///
    /// # Errors
    /// Refused in a station's scope (only the company adds or renames stations), for a
    /// code or name another station has, or as saved elsewhere meanwhile.
    pub fn save_station(&self, station: &Station, edit: Edit<'_>) -> Result<i64> {
        if self.scope != Scope::Company {
            return Err(StorageError::Refused(
                "只有总部（全公司）的主管可以添加或修改站点".to_owned(),
            ));
        }
        let tx = self.sql().begin()?;
        if station.id != 0 {
            revisions::advance(*tx, Record::Station(station.id), edit)?;
        }
        let id = write_station(*tx, station)?;
        tx.commit()?;
        Ok(id)
    }

    /// The desk settings as the acting station sees them: the company's, with the
    /// station's name, phone and number prefix.
    pub fn desk_settings(&self) -> Result<DeskSettings> {
        let mut settings: DeskSettings = self.json_setting(super::settings::DESK_KEY)?;
        let station = self.acting_station()?;
        settings.station_name = station.name;
        settings.station_phone = station.phone;
        settings.number_prefix = station.code;
        Ok(settings)
    }

    /// Saves the desk settings as edited on a page: the company's part in the settings,
    /// the station's name, phone and prefix in the acting station's row (refused, naming
    /// who and when, if another save came since the revision the page opened).
    pub fn edit_desk_settings(&self, settings: &DeskSettings, edit: Edit<'_>) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::DeskSettings, edit)?;
        let mut station = station_in(*tx, self.scope.acting())?;
        station.name.clone_from(&settings.station_name);
        station.phone.clone_from(&settings.station_phone);
        settings.number_prefix.trim().clone_into(&mut station.code);
        write_station(*tx, &station)?;
        super::settings::write_json(*tx, super::settings::DESK_KEY, "开单设置", settings)?;
        tx.commit()?;
        Ok(())
    }

    /// The dispatch settings, with the acting station's counties.
    pub fn dispatch_settings(&self) -> Result<DispatchSettings> {
        let mut settings = dispatch_json(self.sql())?;
        settings.station_codes = self.acting_station()?.counties;
        Ok(settings)
    }

    /// Saves the dispatch settings; the counties go to the acting station's row.
    pub fn save_dispatch_settings(
        &self,
        settings: &DispatchSettings,
        edit: Edit<'_>,
    ) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::Setting(revisions::Setting::Dispatch), edit)?;
        let mut station = station_in(*tx, self.scope.acting())?;
        station.counties.clone_from(&settings.station_codes);
        write_station(*tx, &station)?;
        super::settings::write_json(
            *tx,
            revisions::Setting::Dispatch.key(),
            revisions::Setting::Dispatch.label(),
            settings,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Puts a member of staff at a station, or with the company (`Scope::Company`).
    ///
    /// # Errors
    /// Refused in a station's scope (only the company moves people between stations),
    /// for a station that does not exist, or for a clerk put with the company.
    pub fn set_post(&self, staff_id: &str, post: Scope, edit: Edit<'_>) -> Result<()> {
        let tx = self.sql().begin()?;
        revisions::advance(*tx, Record::Staff(staff_id), edit)?;
        move_staff(*tx, self.scope, staff_id, post)?;
        tx.commit()?;
        Ok(())
    }

    /// The counties whose arrived goods this connection's station serves: `None` for
    /// the company, and in a database of one station (all goods are its).
    pub fn receiving_counties(&self) -> Result<Option<Vec<String>>> {
        if self.scope == Scope::Company || self.stations()?.len() < 2 {
            return Ok(None);
        }
        Ok(Some(self.acting_station()?.counties))
    }

    /// Where a member of staff works.
    pub fn post(&self, staff_id: &str) -> Result<Scope> {
        Ok(Scope::of(post_of(self.sql(), staff_id)?))
    }

    /// Where everyone works, by 工号.
    pub fn posts(&self) -> Result<BTreeMap<String, Scope>> {
        let rows = self.sql().query_map(
            "SELECT id, station_id FROM staff",
            NO_ARGS,
            Row::read::<(String, Option<i64>)>,
        )?;
        Ok(rows
            .into_iter()
            .map(|(id, station)| (id, Scope::of(station)))
            .collect())
    }
}

#[cfg(test)]
mod tests;
