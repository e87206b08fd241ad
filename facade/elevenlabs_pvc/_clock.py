"""How the client measures and spends time: retries and ``wait`` go through here.

Tests replace these attributes to run without waiting.
"""

from __future__ import annotations

import time

monotonic = time.monotonic
sleep = time.sleep


async def async_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported on first use so that ``import elevenlabs_pvc`` does not pay for asyncio."""
    import asyncio

    await asyncio.sleep(seconds)
