"""The async client and its resources, from which ``scripts/unasync.py`` writes the sync client."""
