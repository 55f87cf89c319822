"""Profilsamtale: `streamlit run streamlit_app.py`.

Run by Streamlit as the page script (`__main__`), it is the router over profiling/ui/app_pages. Imported
by the server, it is the ASGI app: Streamlit plus the routes that set and clear the sign-in cookie.
"""

import streamlit as st

if __name__ == "__main__":
    from profiling.ui import shell

    shell.run()
else:
    # What page runs import on first use (Streamlit's dataframe path imports pandas lazily) is imported
    # here, once per process before any session runs: sessions opening at the same moment after a start
    # then never meet a half-imported module ("partially initialized module 'pandas'", seen under load).
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    import profiling.ui.shell  # noqa: F401
    from profiling.web import (
        build_the_theme_once,
        hand_over_script_events_in_batches,
        keep_compiled_pages_while_running,
        keep_the_server_offline,
        routes,
    )

    keep_the_server_offline()
    build_the_theme_once()
    hand_over_script_events_in_batches()
    keep_compiled_pages_while_running()

    app = st.App(__file__, routes=routes())
