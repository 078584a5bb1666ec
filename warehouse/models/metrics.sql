-- The ratios and derived measures of METRICS.md, each defined once, as DuckDB macros stored in the
-- warehouse. The marts compute their columns with them, the dashboard's queries apply the same
-- macros to sums over a selection (a ratio of sums, never a mean of ratios), and analysts can call
-- them too: select coverage(sum(supply), sum(demand)) from mart_talent_gap. The build runs this file
-- before the models. Every ratio is null, never zero or an error, when its denominator is 0.

create or replace macro skill_level(score) as
    case when score < 40 then 1 when score < 60 then 2 when score < 80 then 3 when score >= 80 then 4 end;
comment on macro skill_level is 'Skill level an assessment score (0 to 100) reaches: 1 below 40 (notions), 2 from 40 to below 60 (application), 3 from 60 to below 80 (maîtrise), 4 from 80 (expertise); null for no score.';

create or replace macro ratio(numerator, denominator) as numerator / nullif(denominator, 0);
comment on macro ratio is 'numerator / denominator; null when the denominator is 0 (METRICS.md: ratios are null, never zero or an error, when their denominator is 0).';

create or replace macro talent_gap(demand, supply) as demand - supply;
comment on macro talent_gap is 'Talent gap: demand - supply (openings minus job-ready graduates); positive is a shortage.';

create or replace macro coverage(supply, demand) as ratio(supply, demand);
comment on macro coverage is 'Coverage: supply / demand, job-ready graduates per opening; null when demand is 0.';

create or replace macro job_ready_rate(supply, graduates) as ratio(supply, graduates);
comment on macro job_ready_rate is 'Job-ready rate: job-ready graduates / graduates; null when there are no graduates.';

create or replace macro completion_rate(completed, withdrawn) as ratio(completed, completed + withdrawn);
comment on macro completion_rate is 'Completion rate: completed / (completed + withdrawn); enrolments still in training are left out.';

create or replace macro certification_rate(certified, completed) as ratio(certified, completed);
comment on macro certification_rate is 'Certification rate: certified / completed.';

create or replace macro placement_rate(placed, eligible) as ratio(placed, eligible);
comment on macro placement_rate is 'Placement rate within six months: placed_6m / eligible_6m.';

create or replace macro campus_share(hires_from_campus, hires) as ratio(hires_from_campus, hires);
comment on macro campus_share is 'Campus share of hires: hires_from_campus / hires.';

create or replace macro proficient_share(proficient, assessed) as ratio(proficient, assessed);
comment on macro proficient_share is 'Share at or above the required level: proficient / assessed.';

create or replace macro blocked_share(blocked, not_job_ready) as ratio(blocked, not_job_ready);
comment on macro blocked_share is 'Share of the not-job-ready enrolments that a skill blocked: blocked / not_job_ready.';

create or replace macro difficulty_rate(difficult_projects, projects) as ratio(difficult_projects, projects);
comment on macro difficulty_rate is 'BMO difficulty rate: hiring projects judged difficult (xmet) / hiring projects (met), both summed over the cells where neither count was published masked.';

create or replace macro weighted_mean(value, weight) as sum(value * weight) / nullif(sum(weight), 0);
comment on macro weighted_mean is 'An aggregate: the mean of value weighted by weight over the rows (a mean score over several cells, each weighted by the learners it was computed on).';
