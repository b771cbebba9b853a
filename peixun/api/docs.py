"""The schema and its two readers, Swagger UI and Redoc, served from Peixun's own static files (the sidecar).

Both pages keep the site's Content-Security-Policy: scripts from 'self' only, never inline (Swagger UI's
start script is fetched from its own address: drf-spectacular's split view). Redoc writes its styles into
the page as it draws, so its page alone also allows inline styles; nothing is ever loaded from elsewhere.
"""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

schema_view = SpectacularAPIView.as_view()
swagger_view = SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
redoc_view = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)
