{#
    The matching key of an entity name: lower case, letters and digits only, single
    spaces. "Red Silk", "RED SILK" and "Red-Silk" share one key.
#}
{% macro name_key(column) -%}
    trim(regexp_replace(lower({{ column }}), '[^\p{L}\p{N}]+', ' ', 'g'))
{%- endmacro %}
