"""The async client and its resources: the one hand-written source of both clients.

``scripts/unasync.py`` writes the sync client (``elevenlabs_pvc._sync``) from these files.
"""
