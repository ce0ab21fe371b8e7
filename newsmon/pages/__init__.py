"""Pure parsing: HTML, feeds, sitemaps, dates, encodings, URLs and seed documents in; values out.

Nothing here does I/O or touches the database, so every function is testable from a saved page
and safe to run in the analysis worker process."""
