-- grain: one row per French region of the reference regions.csv (key: region_code)
create or replace table dim_region as

with regions as (
    select * from ref_regions
),

final as (
    select
        region_code,
        region_name,
        iso_code,
        tile_col,
        tile_row
    from regions
)

select * from final
order by region_code;

comment on table dim_region is 'The French regions (reference regions.csv, editable): INSEE code, name, ISO 3166-2 code and position on the tile map, where every region has the same visual weight.';
comment on column dim_region.region_code is 'INSEE region code, as text (''01'' Guadeloupe keeps its leading zero); the key every fact uses.';
comment on column dim_region.region_name is 'Region name in French.';
comment on column dim_region.iso_code is 'ISO 3166-2 code (FR-IDF, FR-ARA, ...).';
comment on column dim_region.tile_col is 'Column of the region''s tile on the tile map, from 0 at the left.';
comment on column dim_region.tile_row is 'Row of the region''s tile on the tile map, from 0 at the top.';
