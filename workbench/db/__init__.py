"""Live databases: URLs, connections, running DDL scripts transactionally."""
