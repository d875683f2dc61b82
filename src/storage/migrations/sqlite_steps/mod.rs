//! SQLite's migrations, one string each: migration N is `MIGRATIONS[N - 1]`. Released
//! migrations are never edited (PostgreSQL's schema: `pg_15.sql` and `pg.rs`).

mod early;
mod later;
mod latest;
mod stations_and_cod;

/// Migration N is `MIGRATIONS[N - 1]`; a new one goes at the end (in `latest.rs`).
pub(super) const MIGRATIONS: &[&str] = &[
    early::DESK,
    early::PEOPLE,
    early::LOGINS,
    early::DISPATCH,
    later::PEOPLE_REQUESTS,
    later::ATTACHMENTS,
    later::SCHEDULE,
    later::SERVICE,
    later::CUSTOMERS,
    later::LEDGER,
    later::CASH_BOOK,
    later::CLAIMS,
    later::MONEY_OUT_AND_IN,
    later::IDENTITY,
    later::SEALS,
    later::ATTACHMENT_FILES,
    later::CHANGE_WATCH,
    later::NAME_SEARCH,
    stations_and_cod::STATIONS,
    stations_and_cod::EVENT_CHARGES,
    stations_and_cod::CHARGE_ADJUSTMENTS,
    stations_and_cod::REWEIGHS,
    stations_and_cod::DEBT_CHARGES,
    stations_and_cod::STORAGE_FEE_WAIVERS,
    stations_and_cod::CHARGE_CARRY_AND_APPEALS,
    stations_and_cod::COD_ON_WAYBILLS,
    stations_and_cod::COD_COLLECTIONS,
    stations_and_cod::COD_REMITTANCES,
    stations_and_cod::QUOTE_PIECES,
    stations_and_cod::INSPECTIONS,
    latest::RETURN_CALLS,
    latest::APPOINTMENTS,
    latest::CASE_STEPS,
    latest::COMPLAINT_TRAIL,
    latest::REVIEW_INDEXES,
];
