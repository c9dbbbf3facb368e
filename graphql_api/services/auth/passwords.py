"""Password hashing: bcrypt over a SHA-256 pre-hash, run off the event loop.

bcrypt reads at most 72 bytes (bcrypt 5 refuses more), so a long passphrase is first
reduced to a fixed 44-byte digest: every byte of it counts and none is refused.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from functools import lru_cache

import bcrypt

from graphql_api.services.cpu import CpuPool


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def _hash_sync(password: str, rounds: int) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode()


async def hash_password(password: str, rounds: int, pool: CpuPool) -> str:
    return await pool.run(_hash_sync, password, rounds)


@lru_cache(maxsize=4)
def _decoy_hash(rounds: int) -> str:
    return _hash_sync(secrets.token_urlsafe(16), rounds)


async def verify_password(password: str, hashed: str | None, rounds: int, pool: CpuPool) -> bool:
    """Check a password; with no account (`hashed` None) burn the same time and fail.

    An unknown email and a wrong password must be indistinguishable, timing included.
    """

    def check() -> bool:
        target = hashed if hashed is not None else _decoy_hash(rounds)
        ok = bcrypt.checkpw(_prehash(password), target.encode())
        return ok and hashed is not None

    return await pool.run(check)
