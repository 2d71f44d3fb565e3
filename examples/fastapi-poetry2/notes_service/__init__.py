"""Stores and serves short notes."""
