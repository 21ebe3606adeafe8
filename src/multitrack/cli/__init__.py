"""The ``multitrack`` command: one typer app, one module per subcommand group."""
