"""The one exception type for bad input: it always names the file and the field."""


class InputError(Exception):
    """Bad user input. ``str(err)`` is the one-line message the CLI prints (exit code 2)."""

    def __init__(self, source: str, field: str, message: str):
        self.source = str(source)
        self.field = field
        self.message = message
        super().__init__(f"{self.source}: {field}: {message}" if field else f"{self.source}: {message}")
