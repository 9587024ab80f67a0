"""The contract fixes JSON for every answer, so the Accept header is not negotiated: a client
asking for text/html still gets JSON rather than a 406. Request parsing stays DRF's default."""
from rest_framework.negotiation import DefaultContentNegotiation


class AlwaysJson(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
