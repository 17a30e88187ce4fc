"""Getting lists and keeping them: official sources -> local store -> the catalogue screenings read.

`sources` reads each publisher's format, `http` and `updater` download or import a
file, `store` keeps one checked snapshot per source with its provenance (`manifest`,
`checks`, `dates`), `bundled` loads the curated lists shipped in the repository's
`lists/` folder, and `catalog` joins the two and owns the candidate index built over
them. Nothing here knows about suppliers.
"""
