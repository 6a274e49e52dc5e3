"""barter: a sourced ledger of what states under sanctions give each other, read from the news."""

__version__ = "0.1.0"
