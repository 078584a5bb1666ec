-- grain: one row per bioproduction trade (métier) of the reference trades.csv (key: trade_code)
create or replace table dim_trade as

with trades as (
    select * from ref_trades
),

final as (
    select
        trade_code,
        label_fr,
        label_en,
        family,
        rome_code
    from trades
)

select * from final
order by trade_code;

comment on table dim_trade is 'The bioproduction trades (métiers) the observatory follows (reference trades.csv, editable), with their family and ROME code.';
comment on column dim_trade.trade_code is 'Trade code (USP, DSP, QC, ...), the key hiring, placements, programmes and skill requirements use.';
comment on column dim_trade.label_fr is 'Trade name in French.';
comment on column dim_trade.label_en is 'Trade name in English.';
comment on column dim_trade.family is 'Trade family: production, quality, support, digital, engineering, management.';
comment on column dim_trade.rome_code is 'France Travail ROME v3 code; several trades share one, ROME being coarser than the sector''s trades.';
