"""The `kks` command line: one module per group of commands, a parser in Indonesian."""
