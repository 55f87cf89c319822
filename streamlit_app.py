"""Profilsamtale: the Streamlit entry point - a router over profiling/ui/app_pages."""

from profiling.ui import shell

shell.run()
