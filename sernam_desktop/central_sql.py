"""SQL views of the central database, for analysts (sqlite3 shell, Datasette, Excel ODBC).

Created by a migration of :mod:`sernam_desktop.central`; documented in
docs/central-sql.md.  The views only read: every table stays as the merge
code wrote it.  Qt-free.

``regiones``        table: the 16 regions and «Todas las regiones» (code, names, order).
``vigentes``        one row per (servicio, región, año): the official version.
``filas_vigentes``  one row per cell of every table row of every official form
                    (long key/value form).
"""

from __future__ import annotations

from typing import Any

from sernam_desktop.regions import all_choices

# The official version of each (servicio, región, año): the current submission of
# an active instance; while an identity conflict is open (two instances for one
# servicio/región/año) the instance received first — the same rule as the
# consolidated report (central_report.report_basis).
VIGENTES = """
CREATE VIEW vigentes AS
SELECT
  v.servicio                         AS servicio,
  v.region                           AS region,
  g.nombre                           AS region_nombre,
  v.anio                             AS anio,
  v.revision                         AS revision,
  v.state                            AS estado,
  v.received_at                      AS recibido,
  v.exported_at                      AS exportado,
  v.complete                         AS completo,
  v.missing                          AS datos_faltantes,
  v.instance_uuid                    AS formulario,
  v.id                               AS version,
  v.bundle_name                      AS archivo,
  v.content_hash                     AS hash,
  (v.region = '00')                  AS nacional,
  (SELECT count(*) FROM conflicts c
    WHERE c.resolved_at IS NULL AND c.region = v.region AND c.anio = v.anio
      AND v.id IN (c.submission_a, c.submission_b)) AS conflictos_abiertos
FROM (
  SELECT s.*, ROW_NUMBER() OVER (
           PARTITION BY i.servicio_key, i.region, i.anio
           ORDER BY i.first_received, s.id) AS n
  FROM instances i JOIN submissions s ON s.id = i.current_submission
  WHERE i.active = 1
) AS v
LEFT JOIN regiones g ON g.codigo = v.region
WHERE v.n = 1
"""

# Every cell of every table row of the official forms.  ``document`` is the
# interchange JSON: data.<section> is an array of row objects for tables.
# Only json_each (innocuous): the application opens files with
# trusted_schema=OFF, which refuses json_extract() inside a view.
FILAS_VIGENTES = """
CREATE VIEW filas_vigentes AS
SELECT
  v.region                           AS region,
  v.region_nombre                    AS region_nombre,
  v.servicio                         AS servicio,
  v.anio                             AS anio,
  sec.key                            AS seccion,
  fila.key + 1                       AS posicion,
  (SELECT i.value FROM json_each(fila.value) AS i WHERE i.key = 'id') AS fila_id,
  celda.key                          AS columna,
  celda.value                        AS valor,
  v.version                          AS version
FROM vigentes v
JOIN submissions s ON s.id = v.version
JOIN json_each(s.document, '$.data') AS sec
JOIN json_each(sec.value) AS fila
JOIN json_each(fila.value) AS celda
WHERE sec.type = 'array' AND fila.type = 'object' AND celda.key <> 'id'
"""


def create(db: Any) -> None:
    """Create the ``regiones`` table and the views (called by a migration)."""
    db["regiones"].create({"codigo": str, "nombre": str, "corto": str, "orden": int},
                          pk="codigo")
    db["regiones"].insert_all(
        {"codigo": r.code, "nombre": r.name, "corto": r.short, "orden": i}
        for i, r in enumerate(all_choices()))
    db.execute(VIGENTES)
    db.execute(FILAS_VIGENTES)
