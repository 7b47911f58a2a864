"""The ``workbench`` command line: :mod:`workbench.cli.main` and one module per subcommand.

The top floor of the house: it imports the facade and the features, and nothing imports it
(``python -m workbench`` and the console script start it by name).
"""
