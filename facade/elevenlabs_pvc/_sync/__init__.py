# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/__init__.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
"""The async client and its resources, from which ``scripts/unasync.py`` writes the sync client."""
