{#
    Generic test: the column is a key, never null and never repeated. One query instead
    of `unique` plus `not_null`: every dbt node costs a round of compile and execute, and
    a run builds after each change, so keys are checked in one pass.
#}
{% test primary_key(model, column_name) %}
select
    {{ column_name }} as key_value,
    count(*) as n_rows
from {{ model }}
group by {{ column_name }}
having {{ column_name }} is null or count(*) > 1
{% endtest %}
