"""cseas-site: a static news-archive generator for CSEAS Indonesia."""

__version__ = "0.1.0"
