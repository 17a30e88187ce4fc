"""Screening suppliers: rows -> matches -> findings -> report, and what the outcome means.

`screener.Screener` screens one row at a time against the catalogue; `pipeline` runs a
whole supplier file through it (streaming, de-duplicated, in worker processes when
asked) into a report or a report writer; `outcome` decides fail-on, exit codes and
the summary; `staleness` is the `--max-list-age` gate.
"""
