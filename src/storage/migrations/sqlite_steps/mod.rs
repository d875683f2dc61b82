//! SQLite's migrations, one string each: migration N is `MIGRATIONS[N - 1]`. Released
//! migrations are never edited (PostgreSQL's schema: `pg_15.sql` and `pg.rs`).

mod early;
mod later;
mod latest;

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
    later::STATIONS,
    later::EVENT_CHARGES,
    later::CHARGE_ADJUSTMENTS,
    later::REWEIGHS,
    later::DEBT_CHARGES,
    later::STORAGE_FEE_WAIVERS,
    later::CHARGE_CARRY_AND_APPEALS,
    later::COD_ON_WAYBILLS,
    later::COD_COLLECTIONS,
    later::COD_REMITTANCES,
    later::QUOTE_PIECES,
    later::INSPECTIONS,
    latest::RETURN_CALLS,
    latest::APPOINTMENTS,
    latest::CASE_STEPS,
    latest::COMPLAINT_TRAIL,
];
