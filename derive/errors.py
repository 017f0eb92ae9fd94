"""The one exception type for bad input: it always names the file and the field."""
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """User text in a message: control characters (newlines too) shown escaped, so a message
    stays one line whatever a file name or value holds."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


class InputError(Exception):
    """Bad user input. ``str(err)`` is the one-line message the CLI prints (exit code 2)."""

    def __init__(self, source: str, field: str, message: str):
        self.source = one_line(source)
        self.field = one_line(field)
        self.message = one_line(message)
        super().__init__(f"{self.source}: {self.field}: {self.message}" if field
                         else f"{self.source}: {self.message}")
