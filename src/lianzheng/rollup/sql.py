"""The roll-up's SQL: one text that DuckDB and Spark both run.

Views (registered by `rollup.aggregate`):
- `units`: one row per unit read (`UNIT_COLUMNS`), with its place on the command line;
- `repo_risks`, `export_risks`: grade, category, areas (list of strings) of every risk — the
  first from the repositories (Arrow), the second straight from the exports' `risks.parquet`;
- `area_terms`, `category_terms`: the vocabularies in SPEC's order (`ord`).

Portable on purpose: no `unnest`/`explode` (DuckDB and Spark name them differently) but a
LEFT JOIN on `array_contains`, which both have, so that a risk counts once under each of its
areas and once under `none` when it has none; sums cast to BIGINT (DuckDB's SUM of an
integer is a HUGEINT); every ORDER BY complete, so both engines give the same rows in the
same order.
"""

from __future__ import annotations

RISKS = """
WITH risks AS (
  SELECT grade, category, areas FROM repo_risks
  UNION ALL
  SELECT grade, category, areas FROM export_risks
)"""

NONE = "none"  # the area or category of a risk that has none (未标注)

TOTALS = """
SELECT CAST(COUNT(*) AS BIGINT) AS units,
       CAST(COALESCE(SUM(powers), 0) AS BIGINT) AS powers,
       CAST(COALESCE(SUM(risks_high), 0) AS BIGINT) AS risks_high,
       CAST(COALESCE(SUM(risks_medium), 0) AS BIGINT) AS risks_medium,
       CAST(COALESCE(SUM(risks_low), 0) AS BIGINT) AS risks_low,
       CAST(SUM(high_short_of_measures) AS BIGINT) AS high_short_of_measures,
       CAST(SUM(reviews_due) AS BIGINT) AS reviews_due,
       CAST(SUM(measures_overdue) AS BIGINT) AS measures_overdue,
       CAST(SUM(red_cases) AS BIGINT) AS red_cases,
       CAST(SUM(warnings_undisposed) AS BIGINT) AS warnings_undisposed,
       CAST(SUM(disposals_overdue) AS BIGINT) AS disposals_overdue
FROM units
"""

AREAS = RISKS + """
SELECT COALESCE(t.area, 'none') AS area,
       MIN(COALESCE(t.ord, 999999)) AS ord,
       CAST(SUM(CASE WHEN r.grade = 'high' THEN 1 ELSE 0 END) AS BIGINT) AS high,
       CAST(SUM(CASE WHEN r.grade = 'medium' THEN 1 ELSE 0 END) AS BIGINT) AS medium,
       CAST(SUM(CASE WHEN r.grade = 'low' THEN 1 ELSE 0 END) AS BIGINT) AS low
FROM risks r LEFT JOIN area_terms t ON array_contains(r.areas, t.area)
WHERE r.grade IN ('high', 'medium', 'low')
GROUP BY COALESCE(t.area, 'none')
ORDER BY ord, area
"""

CATEGORIES = RISKS + """
SELECT COALESCE(t.category, 'none') AS category,
       MIN(COALESCE(t.ord, 999999)) AS ord,
       CAST(COUNT(*) AS BIGINT) AS n
FROM risks r LEFT JOIN category_terms t ON r.category = t.category
GROUP BY COALESCE(t.category, 'none')
ORDER BY ord, category
"""

# The units with the most items to chase: reviews due, measures overdue, warnings not
# disposed of (W001) and disposals overdue (W002).
MOST_OVERDUE = """
SELECT position, overdue
FROM (
  SELECT position,
         CAST(COALESCE(reviews_due, 0) + COALESCE(measures_overdue, 0)
              + COALESCE(warnings_undisposed, 0) + COALESCE(disposals_overdue, 0) AS BIGINT) AS overdue
  FROM units
) o
WHERE overdue > 0
ORDER BY overdue DESC, position
LIMIT {limit}
"""

QUERIES = {"totals": TOTALS, "areas": AREAS, "categories": CATEGORIES, "most_overdue": MOST_OVERDUE}
