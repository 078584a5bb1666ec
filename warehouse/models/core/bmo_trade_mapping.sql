-- grain: one row per BMO métier code x trade or trade family it feeds, from the reference bmo_trades.csv (key: bmo_code, target_level, target_code)
create or replace table bmo_trade_mapping as

with mapping as (
    select * from ref_bmo_trades
),

final as (
    select
        mapping.bmo_code,
        mapping.bmo_label,
        case when mapping.trade_code is not null then 'trade' else 'family' end as target_level,
        coalesce(mapping.trade_code, mapping.family) as target_code,
        mapping.trade_code,
        coalesce(dim_trade.family, mapping.family) as family,
        mapping.share,
        mapping.why
    from mapping
    left join dim_trade
        on dim_trade.trade_code = mapping.trade_code
)

select * from final
order by bmo_code, target_level desc, target_code;

comment on table bmo_trade_mapping is 'Which of France Travail''s BMO métiers feed which bioproduction trades (reference bmo_trades.csv, editable; docs/bmo.md): a métier feeds one trade, or several with a stated share each, or a whole trade family when no public figure splits it between trades. The shares of a code add up to 1.';
comment on column bmo_trade_mapping.bmo_code is 'BMO métier code as published in the survey''s "Code métier BMO" column (FAP-based).';
comment on column bmo_trade_mapping.bmo_label is 'BMO métier name, as the mapping file writes it (the survey''s own name is in fact_bmo.bmo_label).';
comment on column bmo_trade_mapping.target_level is 'trade when the métier is compared with one trade, family when with a whole trade family.';
comment on column bmo_trade_mapping.target_code is 'The trade code (dim_trade) or the family name the métier is compared with.';
comment on column bmo_trade_mapping.trade_code is 'The trade, when target_level is trade; null for a family.';
comment on column bmo_trade_mapping.family is 'The trade family: the trade''s own (dim_trade.family), or the family compared with.';
comment on column bmo_trade_mapping.share is 'Share of the métier''s hiring projects counted for this target, above 0 and at most 1; the shares of a code add up to 1.';
comment on column bmo_trade_mapping.why is 'Why the métier feeds this target, and which shares are conventions.';
