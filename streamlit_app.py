"""Profilsamtale: `streamlit run streamlit_app.py`.

Run by Streamlit as the page script (`__main__`), it is the router over profiling/ui/app_pages. Imported
by the server, it is the ASGI app: Streamlit plus the routes that set and clear the sign-in cookie.
"""

import streamlit as st

if __name__ == "__main__":
    from profiling.ui import shell

    shell.run()
else:
    from profiling.web import routes

    app = st.App(__file__, routes=routes())
