"""Pull cursors: opaque to devices, here "v1." followed by the commit sequence number of the last
record a device received ("v1.0": nothing yet)."""
import re

_SHAPE = re.compile(r"v1\.(0|[1-9][0-9]{0,17})")


def encode(seq):
    return f"v1.{seq}"


def decode(text):
    """The sequence number, or None when `text` is not a cursor of this server's format."""
    m = _SHAPE.fullmatch(text)
    return int(m.group(1)) if m else None
