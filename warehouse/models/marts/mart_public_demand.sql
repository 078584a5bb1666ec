-- grain: one row per mapped trade or trade family x region x BMO survey year (key: target_level, target_code, region_code, year)
create or replace table mart_public_demand as

-- France Travail's BMO survey beside employers' own returns. BMO counts hiring projects of every
-- employer of every sector (not jobs, not people, and never learners: no column here is protected),
-- so a métier's projects are the whole country's, bioproduction a part of them; its difficulty rate
-- is the share of projects the employers themselves expect to be difficult. Masked cells (*) add
-- nothing to the sums and are counted apart; the difficulty rate is computed on the cells whose
-- met and xmet were both published.

with mapped_cells as (
    select
        fact_bmo.year,
        fact_bmo.region_code,
        fact_bmo.bmo_code,
        fact_bmo.met,
        fact_bmo.xmet,
        fact_bmo.smet,
        fact_bmo.met_masked,
        fact_bmo.xmet_masked,
        fact_bmo.smet_masked,
        bmo_trade_mapping.target_level,
        bmo_trade_mapping.target_code,
        bmo_trade_mapping.trade_code,
        bmo_trade_mapping.family,
        bmo_trade_mapping.share
    from fact_bmo
    inner join bmo_trade_mapping
        on bmo_trade_mapping.bmo_code = fact_bmo.bmo_code
),

public_demand as (
    select
        target_level,
        target_code,
        region_code,
        year,
        any_value(trade_code) as trade_code,
        any_value(family) as family,
        string_agg(distinct bmo_code, ', ' order by bmo_code) as bmo_codes,
        sum(share * met) filter (where not met_masked) as met,
        sum(share * xmet) filter (where not xmet_masked) as xmet,
        sum(share * smet) filter (where not smet_masked) as smet,
        sum(share * met) filter (where not met_masked and not xmet_masked) as rated_met,
        sum(share * xmet) filter (where not met_masked and not xmet_masked) as rated_xmet,
        count(*) as cells,
        count(*) filter (where met_masked) as masked_met_cells,
        count(*) filter (where xmet_masked) as masked_xmet_cells,
        count(*) filter (where smet_masked) as masked_smet_cells
    from mapped_cells
    group by target_level, target_code, region_code, year
),

-- The trades each target stands for: the trade itself, or every trade of the family.
target_trades as (
    select distinct
        bmo_trade_mapping.target_level,
        bmo_trade_mapping.target_code,
        dim_trade.trade_code
    from bmo_trade_mapping
    inner join dim_trade
        on (bmo_trade_mapping.target_level = 'trade' and dim_trade.trade_code = bmo_trade_mapping.trade_code)
        or (bmo_trade_mapping.target_level = 'family' and dim_trade.family = bmo_trade_mapping.target_code)
),

reported_openings as (
    select
        target_trades.target_level,
        target_trades.target_code,
        fact_hiring.region_code,
        fact_hiring.year,
        sum(fact_hiring.openings)::bigint as reported_openings
    from fact_hiring
    inner join target_trades
        on target_trades.trade_code = fact_hiring.trade_code
    group by target_trades.target_level, target_trades.target_code, fact_hiring.region_code, fact_hiring.year
),

reporting as (
    select max(last_complete_month) as last_complete_month, count(*) > 0 as has_hiring
    from fact_reporting_month
),

final as (
    select
        public_demand.target_level,
        public_demand.target_code,
        public_demand.trade_code,
        public_demand.family,
        public_demand.region_code,
        public_demand.year,
        public_demand.bmo_codes,
        public_demand.met,
        public_demand.xmet,
        public_demand.smet,
        public_demand.rated_met,
        public_demand.rated_xmet,
        difficulty_rate(public_demand.rated_xmet, public_demand.rated_met) as difficulty_rate,
        public_demand.cells,
        public_demand.masked_met_cells,
        public_demand.masked_xmet_cells,
        public_demand.masked_smet_cells,
        reported_openings.reported_openings,
        reporting.has_hiring and (
            reporting.last_complete_month is null
            or make_date(public_demand.year, 12, 1) > reporting.last_complete_month
        ) as reported_openings_provisional
    from public_demand
    cross join reporting
    left join reported_openings
        on reported_openings.target_level = public_demand.target_level
        and reported_openings.target_code = public_demand.target_code
        and reported_openings.region_code is not distinct from public_demand.region_code
        and reported_openings.year = public_demand.year
)

select * from final
order by year, target_level desc, target_code, region_code;

comment on table mart_public_demand is 'Public demand beside employers'' own figures: France Travail''s BMO survey ("Besoins en Main-d''Œuvre") summed over the BMO métiers that feed each trade or trade family (bmo_trade_mapping, each weighted by its share), by region and survey year, next to the openings employers reported for the same trades, region and calendar year. BMO counts hiring projects of every employer of every sector, not jobs and not people (never learners: nothing here is a protected count). Cells published masked (*) add nothing to the sums and are counted apart.';
comment on column mart_public_demand.target_level is 'trade when the row compares one trade, family when a whole trade family (a métier that no public figure splits between trades).';
comment on column mart_public_demand.target_code is 'The trade code (dim_trade) or the family name.';
comment on column mart_public_demand.trade_code is 'The trade when target_level is trade; null for a family row (a trade filter then leaves the row out).';
comment on column mart_public_demand.family is 'The trade family: the trade''s own, or the family compared.';
comment on column mart_public_demand.region_code is 'INSEE code of the region of the BMO cells (the survey''s REG), as text.';
comment on column mart_public_demand.year is 'BMO survey year: the hiring projects employers announced for that calendar year (the survey runs in the autumn before and is published in the spring).';
comment on column mart_public_demand.bmo_codes is 'The BMO métier codes summed in the row, comma-separated.';
comment on column mart_public_demand.met is 'Hiring projects (BMO met), each métier weighted by its share; over the cells whose met was published, null when every cell was masked.';
comment on column mart_public_demand.xmet is 'Hiring projects the employers judged difficult (BMO xmet), weighted the same way, over the cells whose xmet was published.';
comment on column mart_public_demand.smet is 'Seasonal hiring projects (BMO smet), weighted the same way, over the cells whose smet was published.';
comment on column mart_public_demand.rated_met is 'Hiring projects of the cells whose met and xmet were both published: the difficulty rate''s denominator.';
comment on column mart_public_demand.rated_xmet is 'Difficult projects of those same cells: the difficulty rate''s numerator.';
comment on column mart_public_demand.difficulty_rate is 'rated_xmet / rated_met: the share of hiring projects judged difficult, between 0 and 1, over the cells where neither count was masked; null when there are none. [ratio of rated_xmet, rated_met]';
comment on column mart_public_demand.cells is 'Published BMO rows (métier x department x employment area) summed in the row.';
comment on column mart_public_demand.masked_met_cells is 'Of those rows, the ones whose met was published masked (*), left out of met.';
comment on column mart_public_demand.masked_xmet_cells is 'Rows whose xmet was published masked (*), left out of xmet and of the difficulty rate.';
comment on column mart_public_demand.masked_smet_cells is 'Rows whose smet was published masked (*), left out of smet.';
comment on column mart_public_demand.reported_openings is 'Positions employers reported opening (fact_hiring.openings) for the trade, or the family''s trades, in the region over the calendar year of the survey; null when none reported.';
comment on column mart_public_demand.reported_openings_provisional is 'True when employers'' returns do not cover that whole year yet (its December is after the last complete month, fact_reporting_month): reported_openings will still grow.';
