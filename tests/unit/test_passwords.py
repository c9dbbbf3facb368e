"""Password hashing: bcrypt at the configured cost, also for accounts that do not exist."""

from __future__ import annotations

from graphql_api.services.auth.passwords import _decoy_hash, hash_password, verify_password
from graphql_api.services.cpu import CpuPool

POOL = CpuPool("bcrypt-test", 1)


async def test_hash_uses_the_configured_cost_and_verifies() -> None:
    hashed = await hash_password("a long passphrase", 10, POOL)
    assert hashed.startswith("$2b$10$")
    assert await verify_password("a long passphrase", hashed, 10, POOL)
    assert not await verify_password("a long passphrasE", hashed, 10, POOL)


async def test_unknown_account_runs_bcrypt_at_the_same_cost_and_fails() -> None:
    # The decoy hash is what an unknown email is checked against: same cost, same work.
    assert _decoy_hash(10).startswith("$2b$10$")
    assert not await verify_password("anything at all", None, 10, POOL)
