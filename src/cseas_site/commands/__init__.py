"""One module per command, each with ``run(args) -> exit status``; cli.py parses the arguments and dispatches."""
