"""Catalogue and basket API."""
