"""Exports and printable reports: CSV, Excel and PDF built from service views."""
