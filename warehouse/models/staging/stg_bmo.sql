-- grain: one row per BMO survey year x BMO occupation x department x employment area, as loaded (key: year, bmo_code, department_code, employment_area_code)
create or replace view stg_bmo as

with source as (
    select * from raw.bmo
),

final as (
    select
        year,
        bmo_code,
        bmo_label,
        family_code,
        family_label,
        region_code,
        region_name,
        department_code,
        department_name,
        employment_area_code,
        employment_area_name,
        met,
        xmet,
        smet,
        met_masked,
        xmet_masked,
        smet_masked,
        source_file,
        source_line,
        loaded_at
    from source
)

select * from final;

comment on view stg_bmo is 'Staging view of France Travail''s "Besoins en Main-d''Œuvre" (BMO) survey as published, with its masked small counts kept as null plus a flag. Read fact_bmo instead for analysis.';
comment on column stg_bmo.year is 'Survey year.';
comment on column stg_bmo.bmo_code is 'BMO occupation code (FAP-based, coarser than the bioproduction trades).';
comment on column stg_bmo.bmo_label is 'BMO occupation name as published.';
comment on column stg_bmo.family_code is 'BMO occupation family code.';
comment on column stg_bmo.family_label is 'BMO occupation family name.';
comment on column stg_bmo.region_code is 'INSEE code of the region, as text.';
comment on column stg_bmo.region_name is 'Region name as published.';
comment on column stg_bmo.department_code is 'Department (département) code, as text.';
comment on column stg_bmo.department_name is 'Department name as published.';
comment on column stg_bmo.employment_area_code is 'Employment area (bassin d''emploi) code of that survey year.';
comment on column stg_bmo.employment_area_name is 'Employment area name of that survey year.';
comment on column stg_bmo.met is 'Hiring projects (met); null when masked.';
comment on column stg_bmo.xmet is 'Hiring projects judged difficult by the employer (xmet); null when masked.';
comment on column stg_bmo.smet is 'Seasonal hiring projects (smet); null when masked.';
comment on column stg_bmo.met_masked is 'True when met was published masked (*) because it was small.';
comment on column stg_bmo.xmet_masked is 'True when xmet was published masked (*) because it was small.';
comment on column stg_bmo.smet_masked is 'True when smet was published masked (*) because it was small.';
comment on column stg_bmo.source_file is 'File the current version of the row was loaded from.';
comment on column stg_bmo.source_line is 'Line of that file, the header being line 1.';
comment on column stg_bmo.loaded_at is 'When that file was loaded.';
