"""handgrad's command line: a thin layer above ``derive`` (symbolic) and ``numeric`` (NumPy/torch)
that parses arguments, calls them and prints."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handgrad")
except PackageNotFoundError:          # running from a source tree that was never installed
    __version__ = "0+unknown"
