"""barter's analyst desk: a JSON API and a dashboard over the store (`barter serve`).

app.py builds the FastAPI app; api.py is the JSON API under /api; pages.py the
HTML pages; queries.py the SQL they read with; highlight.py cuts article text
into escaped segments; timeline.py lays out the SVG chart; security.py holds
the headers, limits and token check; jobs.py runs ingest from the page.
"""

from barter.serve.app import create_app

__all__ = ["create_app"]
