"""The app's Streamlit pieces: the frame around every page, session state, shared widgets."""

import pandas  # noqa: F401  loaded once up front: Altair checks sys.modules for it, and two first sessions
# importing it at once through Streamlit let one see a half-initialised module (found by bench/soak.py)
