"""One settings object, read from the environment (and an optional ``.env``).

Build it with :func:`get_settings` (cached) at start-up, never at import time. Secrets have no
defaults: ``NEO4J_PASSWORD`` must be set.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")
    neo4j_timeout_s: float = Field(default=5.0, alias="NEO4J_TIMEOUT_S")

    shared_data: Path = Field(default=Path("../shared/data"), alias="CGI_SHARED_DATA")
    evidence_store: Path = Field(default=Path("var/evidence"), alias="CGI_EVIDENCE_STORE")
    signature_store: Path = Field(default=Path("var/signatures"), alias="CGI_SIGNATURE_STORE")
    local_neo4j_home: Path = Field(default=Path("var/neo4j"), alias="CGI_NEO4J_HOME")
    map_tiles: str | None = Field(default=None, alias="CGI_MAP_TILES")  # None: no tile layer
    public_url: str = Field(default="http://127.0.0.1:8000", alias="CGI_PUBLIC_URL")
    candidates_top_n: int = Field(default=20, alias="CGI_CANDIDATES_TOP_N")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
