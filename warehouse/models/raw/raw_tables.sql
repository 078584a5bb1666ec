-- Landing tables of the pipelines: one row per natural key of DATA_CONTRACT.md,
-- values already validated and in canonical form (codes, enums, ISO dates),
-- with lineage: the file and line the current version came from, and when.
-- pipelines/ingest.py upserts here; the staging models read from here.
-- The natural keys are not declared as primary keys: DuckDB would maintain an
-- index that makes loading millions of rows 10 to 20 times slower. ingest keeps
-- each key unique instead (duplicates in a file are rejected, a key already
-- loaded is updated in place).
create schema if not exists raw;

create table if not exists raw.enrolments (
    learner_id varchar not null,
    programme_code varchar not null,
    region_code varchar not null,
    start_date date not null,
    end_date date,
    status varchar not null,          -- enrolled / completed / withdrawn
    certified boolean,                -- null when the file did not say
    pathway varchar,                  -- null when the file did not say (the programme's applies)
    source_file varchar not null,
    source_line integer not null,
    loaded_at timestamp not null
    -- natural key (learner_id, programme_code, start_date), kept unique by pipelines/ingest.py (see the top)
);

create table if not exists raw.assessments (
    learner_id varchar not null,
    skill_code varchar not null,
    assessed_on date not null,
    score double not null,
    method varchar,                   -- vr / ar / digital_twin / serious_game / practical / written
    source_file varchar not null,
    source_line integer not null,
    loaded_at timestamp not null
    -- natural key (learner_id, skill_code, assessed_on), kept unique by pipelines/ingest.py (see the top)
);

create table if not exists raw.hiring (
    employer_id varchar not null,
    region_code varchar not null,
    trade_code varchar not null,
    month date not null,
    openings integer not null,
    hires integer not null,
    jobs_created integer not null,
    hires_from_campus integer not null,
    open_vacancies integer not null,
    source_file varchar not null,
    source_line integer not null,
    loaded_at timestamp not null
    -- natural key (employer_id, region_code, trade_code, month), kept unique by pipelines/ingest.py (see the top)
);

create table if not exists raw.placements (
    learner_id varchar not null,
    employer_id varchar not null,
    trade_code varchar not null,
    region_code varchar not null,
    hired_on date not null,
    contract varchar not null,        -- cdi / cdd / interim / apprenticeship
    source_file varchar not null,
    source_line integer not null,
    loaded_at timestamp not null
    -- natural key (learner_id, employer_id, hired_on), kept unique by pipelines/ingest.py (see the top)
);

create table if not exists raw.bmo (
    year integer not null,
    bmo_code varchar not null,
    bmo_label varchar,
    family_code varchar,
    family_label varchar,
    region_code varchar,
    region_name varchar,
    department_code varchar not null,
    department_name varchar,
    employment_area_code varchar not null,
    employment_area_name varchar,
    met integer,                      -- null when masked
    xmet integer,
    smet integer,
    met_masked boolean not null,
    xmet_masked boolean not null,
    smet_masked boolean not null,
    source_file varchar not null,
    source_line integer not null,
    loaded_at timestamp not null
    -- natural key (year, bmo_code, department_code, employment_area_code), kept unique by pipelines/ingest.py (see the top)
);

create sequence if not exists load_id_seq;

create table if not exists load_log (
    load_id bigint primary key default nextval('load_id_seq'),
    file_path varchar not null,
    sha256 varchar not null,
    source varchar,
    status varchar not null,          -- loaded / skipped / failed
    rows_read bigint not null default 0,
    rows_inserted bigint not null default 0,
    rows_updated bigint not null default 0,
    rows_unchanged bigint not null default 0,
    rows_rejected bigint not null default 0,
    started_at timestamp not null,
    finished_at timestamp,
    message varchar,
    is_demo boolean not null default false  -- the file is unmodified demonstration data (demo-manifest.json)
);

create table if not exists rejected_rows (
    load_id bigint not null,
    file_path varchar not null,
    source varchar,
    line integer,                     -- line in the file, the header being line 1; null for a whole-file refusal
    column_name varchar,
    value varchar,
    reason varchar not null
);

-- Columns added since the first release: added in place, so that a warehouse built by an
-- earlier version keeps working (its older rows have them null).
alter table load_log add column if not exists file_name varchar;      -- path relative to the folder ingested, or the file's name
alter table load_log add column if not exists sheet varchar;          -- the sheet of a workbook, null for other files
alter table load_log add column if not exists message_key varchar;    -- key of pipelines/messages.py
alter table load_log add column if not exists message_args varchar;   -- its arguments, JSON
alter table rejected_rows add column if not exists file_name varchar;
alter table rejected_rows add column if not exists sheet varchar;
alter table rejected_rows add column if not exists reason_key varchar;
alter table rejected_rows add column if not exists reason_args varchar;

-- Their documentation lives with them (the other columns' is in staging/landing_comments.sql).
comment on column load_log.file_name is 'The file as a person knows it: its path relative to the folder that was ingested, or its name when the file itself was given. Show this rather than file_path, which may be a temporary folder that no longer exists.';
comment on column load_log.sheet is 'The sheet of a workbook this row is about (a workbook loads each sheet that holds a source, one row each); null for CSV and Parquet files.';
comment on column load_log.message_key is 'Stable key of message (pipelines/messages.py), for showing it in another language; null when there is nothing to say.';
comment on column load_log.message_args is 'The arguments of message_key, as JSON text (file path, counts, column names).';
comment on column rejected_rows.file_name is 'The file as a person knows it: its path relative to the folder that was ingested, or its name when the file itself was given.';
comment on column rejected_rows.sheet is 'The sheet of a workbook the line is in; null for CSV and Parquet files.';
comment on column rejected_rows.reason_key is 'Stable key of reason (pipelines/messages.py): one key per rule, whatever the values, for counting by rule and showing the reason in another language. rule.rejections_capped marks the one summary row written past the cap of rejected values per file (WORKFORCE_REJECTED_ROWS_CAP).';
comment on column rejected_rows.reason_args is 'The arguments of reason_key, as JSON text: column, value (cut at 200 characters) and what the rule compares it with.';
