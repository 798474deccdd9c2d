"""All Cypher of the service, one module per aggregate. Every value is a ``$parameter``."""
