"""The one way a reader says an input cannot be read.

A reader raises ``Unreadable`` with a reason written for the person running
the ingest: what is wrong and what to do.  The dispatcher turns it into a
``Reject`` naming the input, so each bad input gets one line and the batch
goes on.
"""

from __future__ import annotations


class Unreadable(Exception):
    """An input (a file, a URL, one line or record of one) that cannot become a Document."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
