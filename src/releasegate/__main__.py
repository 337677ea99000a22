"""``python -m releasegate``."""

from __future__ import annotations

from releasegate.cli import entrypoint

if __name__ == "__main__":
    entrypoint()
