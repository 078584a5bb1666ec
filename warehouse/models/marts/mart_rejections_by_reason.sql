-- grain: one row per source x column x rule of the values the pipeline rejected (key: source, column_name, reason_key)
create or replace view mart_rejections_by_reason as

with rejected as (
    select
        source,
        column_name,
        -- rows loaded before reason keys existed are grouped by their wording, values left out
        coalesce(reason_key, regexp_replace(reason, '''[^'']*''', '''…''', 'g')) as reason_key,
        regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason,
        case
            when reason_key = 'rule.rejections_capped'
                then coalesce(try_cast(json_extract_string(reason_args, '$.more') as bigint), 0)
            else 1
        end as values_rejected,
        load_id
    from rejected_rows
),

by_reason as (
    select
        source,
        column_name,
        reason_key,
        min(reason) as reason,
        sum(values_rejected)::bigint as values_rejected,
        count(distinct load_id) as loads
    from rejected
    group by source, column_name, reason_key
),

final as (
    select
        source,
        column_name,
        reason_key,
        reason,
        values_rejected,
        loads,
        row_number() over (order by values_rejected desc, source, column_name, reason) as rank
    from by_reason
)

select * from final;

comment on view mart_rejections_by_reason is 'The rejected values counted by source, column and rule: the one definition of "rejected rows by reason" for workforce status and the /quality page. Read it ordered by rank. One rule is one row whatever the values it rejected (the reason shows them as …); a file refused whole counts as one value of its file-level reason.';
comment on column mart_rejections_by_reason.source is 'Source of the files: enrolments, assessments, hiring, placements or bmo; null for files whose source could not be recognised.';
comment on column mart_rejections_by_reason.column_name is 'Canonical column of the rejected values (the natural key''s columns for duplicates); null for files refused whole and for the summary of values past the cap.';
comment on column mart_rejections_by_reason.reason_key is 'Stable key of the rule (pipelines/messages.py), to show the reason in another language; the wording itself for rows loaded before keys existed.';
comment on column mart_rejections_by_reason.reason is 'The reason in English as the pipeline worded it, the quoted values replaced by …; for a reason that quotes no value (a duplicate''s line), one of its wordings.';
comment on column mart_rejections_by_reason.values_rejected is 'Rejected values with this reason, in all loads; for rule.rejections_capped, the values of capped files that were counted but not listed.';
comment on column mart_rejections_by_reason.loads is 'Loads (load_log rows) with at least one value rejected for this reason.';
comment on column mart_rejections_by_reason.rank is '1 for the reason with the most rejected values, then by source, column and reason: the order to show them in.';
