"""Exit 0 when the PostgreSQL server for the test run answers; 77 (skip) when it does not, unless
running under CI, where a missing server fails the run."""

import os
import sys

import dj_database_url
import psycopg

url = sys.argv[1]
params = dj_database_url.parse(url)
try:
    psycopg.connect(
        host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname="postgres", connect_timeout=3
    ).close()
except psycopg.OperationalError as error:
    print(f"PostgreSQL is not reachable at {url}: {error}", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)
