-- The warehouse contract (docs/DATA.md). Codes are resolved against data/reference;
-- dates are DATE (Gregorian); months are the first day of the month.

-- Reference tables: rewritten from data/reference/*.csv on every load.
CREATE TABLE IF NOT EXISTS provinces (
    province_code VARCHAR PRIMARY KEY,   -- DOPA code, '65'
    iso_code VARCHAR NOT NULL,           -- 'TH-65'
    name_th VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    region4 VARCHAR NOT NULL,            -- 4-region administrative/statistical system (code)
    region6 VARCHAR NOT NULL             -- 6-region geographic system (code)
);
CREATE TABLE IF NOT EXISTS regions (
    system VARCHAR NOT NULL,             -- 'region4' | 'region6'
    region_code VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    PRIMARY KEY (system, region_code)
);
CREATE TABLE IF NOT EXISTS ministries (
    ministry_code VARCHAR PRIMARY KEY,
    name_th VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    short_th VARCHAR,
    short_en VARCHAR,
    sort_order INTEGER
);
CREATE TABLE IF NOT EXISTS services (
    service_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL,
    unit_en VARCHAR NOT NULL,
    unit_th VARCHAR NOT NULL,
    primary_metric VARCHAR NOT NULL,
    active_threshold DOUBLE NOT NULL,    -- active when the primary metric's monthly value is above this
    colour VARCHAR NOT NULL,
    sort_order INTEGER
);
CREATE TABLE IF NOT EXISTS metrics (
    service_code VARCHAR NOT NULL,
    metric VARCHAR PRIMARY KEY,          -- what usage_monthly.metric holds: 'traffic_gb'
    name_th VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    unit_en VARCHAR NOT NULL,
    unit_th VARCHAR NOT NULL,
    max_value DOUBLE                     -- NULL: no bound beyond the input contract's
);
CREATE TABLE IF NOT EXISTS cost_assumptions (
    service_code VARCHAR PRIMARY KEY,
    cost_low_thb_per_unit_year DOUBLE NOT NULL,
    cost_mid_thb_per_unit_year DOUBLE NOT NULL,
    cost_high_thb_per_unit_year DOUBLE NOT NULL,
    staff_hours_saved_per_unit_year DOUBLE NOT NULL,
    staff_cost_thb_per_hour DOUBLE NOT NULL,
    source VARCHAR NOT NULL,
    is_assumption BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS vocabularies (
    vocabulary VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name_th VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    PRIMARY KEY (vocabulary, code)
);

-- Core tables loaded from files.
CREATE TABLE IF NOT EXISTS agencies (
    agency_id VARCHAR PRIMARY KEY,
    agency_name VARCHAR NOT NULL,
    ministry_code VARCHAR NOT NULL,
    department VARCHAR,
    province_code VARCHAR NOT NULL,
    level VARCHAR,                       -- central | provincial | local
    load_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS subscriptions (
    agency_id VARCHAR NOT NULL,
    service_code VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    units BIGINT NOT NULL,               -- 1 when the file leaves it blank
    load_id INTEGER NOT NULL,
    PRIMARY KEY (agency_id, service_code, start_date)
);
CREATE TABLE IF NOT EXISTS usage_monthly (
    month DATE NOT NULL,
    agency_id VARCHAR NOT NULL,
    service_code VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    load_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    response_id VARCHAR PRIMARY KEY,     -- from the file, or derived from file and line when blank
    response_date DATE NOT NULL,
    event_id VARCHAR,
    agency_id VARCHAR,
    province_code VARCHAR NOT NULL,
    service_code VARCHAR,
    satisfaction TINYINT NOT NULL,       -- 1-5
    issue VARCHAR,                       -- a feedback_issue code; 'other' for an answer outside the vocabulary
    comment VARCHAR,
    load_id INTEGER NOT NULL,
    issue_text VARCHAR                   -- that answer as written (NULL when the issue is a vocabulary code);
                                         -- last, as where ALTER TABLE below adds it to an older warehouse
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    province_code VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    title VARCHAR,
    attendees BIGINT,
    agencies_attended BIGINT,
    load_id INTEGER NOT NULL,
    PRIMARY KEY (event_id, province_code)
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id VARCHAR PRIMARY KEY,
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    agency_id VARCHAR,
    service_code VARCHAR NOT NULL,
    category VARCHAR,
    channel VARCHAR,
    load_id INTEGER NOT NULL
);

-- A warehouse built by an earlier version is brought up to this schema (no-ops on a new one): counts
-- wider than INTEGER, the issue answer kept as written.
ALTER TABLE subscriptions ALTER COLUMN units TYPE BIGINT;
ALTER TABLE events ALTER COLUMN attendees TYPE BIGINT;
ALTER TABLE events ALTER COLUMN agencies_attended TYPE BIGINT;
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS issue_text VARCHAR;

-- Load bookkeeping.
CREATE TABLE IF NOT EXISTS etl_loads (
    load_id INTEGER PRIMARY KEY,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    sheet VARCHAR,                       -- the XLSX sheet, NULL for CSV
    encoding VARCHAR                     -- what the CSV was read as
);
CREATE TABLE IF NOT EXISTS etl_rejects (
    load_id INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    line BIGINT NOT NULL,                -- line in the file (CSV) or row in the sheet (XLSX); header = 1
    column_name VARCHAR,
    raw_value VARCHAR,
    reason VARCHAR NOT NULL,
    suggestion VARCHAR
);
-- Facts about the warehouse as a whole: 'sample' = 'true' when it holds sample data; 'batch_first_load',
-- the first load_id of the latest batch (the data check loads_reconcile compares that batch's etl_loads
-- with the rows its loads left in the tables).
CREATE TABLE IF NOT EXISTS warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR);
