"""One module per subcommand, each with ``add(subparsers)`` (its options) and ``run(args)``."""
