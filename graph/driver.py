"""The one async driver per process, and the settings it is built from.

The API creates it in its lifespan; the CLI creates one per command. Repositories receive it.
"""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase

from domain.settings import Settings

__all__ = ["AsyncDriver", "make_driver", "ping"]  # other packages type the driver from here


def make_driver(settings: Settings) -> AsyncDriver:
    """Build the async driver. Short timeouts: a dead database must answer fast (503)."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_timeout=settings.neo4j_timeout_s,
        connection_acquisition_timeout=settings.neo4j_timeout_s,
        max_transaction_retry_time=settings.neo4j_timeout_s,
        max_connection_pool_size=50,
        # "property key does not exist" on optional properties is expected, not a warning.
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


async def ping(driver: AsyncDriver, *, database: str) -> None:
    """Round trip to the database; raises :class:`domain.errors.DatabaseUnavailable`."""
    from graph.base import translate_errors

    async with translate_errors():
        await driver.execute_query("RETURN 1", database_=database)
