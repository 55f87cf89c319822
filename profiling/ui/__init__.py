"""The Streamlit user interface: thin pages over the services."""
