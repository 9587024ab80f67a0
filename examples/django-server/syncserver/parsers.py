"""Request bodies are JSON by contract (section 1).

- The body is parsed as JSON whatever Content-Type the client declares, so a body that is not
  JSON gets the contract's 400 rather than DRF's 415 for an unexpected media type.
- JSON nested deeper than Python's recursion limit is a malformed body (400), not a 500.
"""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JsonBodyParser(JSONParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
