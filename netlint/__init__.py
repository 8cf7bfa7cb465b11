"""netlint: lint Internet policy drafts and charters against the NETmundial principles."""

__version__ = "0.1.0"
