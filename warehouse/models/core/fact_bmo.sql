-- grain: one row per BMO survey year x BMO occupation x department x employment area (key: year, bmo_code, department_code, employment_area_code)
create or replace table fact_bmo as

with bmo as (
    select * from stg_bmo
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
        case when not xmet_masked and met > 0 then xmet / met end as difficulty_rate,
        case when not smet_masked and met > 0 then smet / met end as seasonal_rate,
        source_file,
        source_line,
        loaded_at
    from bmo
)

select * from final;

comment on table fact_bmo is 'France Travail''s "Besoins en Main-d''Œuvre" survey of employers'' hiring projects: one row per survey year x BMO occupation x department x employment area. Counts published masked (*) because small stay masked: null with a flag, never a guessed number; sums over rows therefore leave the masked ones out.';
comment on column fact_bmo.year is 'Survey year.';
comment on column fact_bmo.bmo_code is 'BMO occupation code (FAP-based, coarser than the bioproduction trades).';
comment on column fact_bmo.bmo_label is 'BMO occupation name as published.';
comment on column fact_bmo.family_code is 'BMO occupation family code.';
comment on column fact_bmo.family_label is 'BMO occupation family name.';
comment on column fact_bmo.region_code is 'INSEE code of the region, as text; see dim_region.';
comment on column fact_bmo.region_name is 'Region name as published.';
comment on column fact_bmo.department_code is 'Department (département) code, as text.';
comment on column fact_bmo.department_name is 'Department name as published.';
comment on column fact_bmo.employment_area_code is 'Employment area (bassin d''emploi) code; the areas change between survey years.';
comment on column fact_bmo.employment_area_name is 'Employment area name of that survey year.';
comment on column fact_bmo.met is 'Hiring projects (met); null when masked.';
comment on column fact_bmo.xmet is 'Hiring projects the employer judged difficult (xmet); null when masked.';
comment on column fact_bmo.smet is 'Seasonal hiring projects (smet); null when masked.';
comment on column fact_bmo.met_masked is 'True when met was published masked (*) because it was small.';
comment on column fact_bmo.xmet_masked is 'True when xmet was published masked (*) because it was small.';
comment on column fact_bmo.smet_masked is 'True when smet was published masked (*) because it was small.';
comment on column fact_bmo.difficulty_rate is 'Share of hiring projects judged difficult, xmet / met, between 0 and 1; null when either count is masked or met is 0.';
comment on column fact_bmo.seasonal_rate is 'Share of seasonal hiring projects, smet / met, between 0 and 1; null when either count is masked or met is 0.';
comment on column fact_bmo.source_file is 'File the current version of the row was loaded from (lineage).';
comment on column fact_bmo.source_line is 'Line of that file, the header being line 1 (lineage).';
comment on column fact_bmo.loaded_at is 'When that file was loaded (lineage).';
