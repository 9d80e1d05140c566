"""Every page (app.py, the Portfolio, and each file in pages/) calls ui.shell.frame() first, before any
other statement after its imports: Streamlit runs a deep link to pages/X.py as that file alone (a
`pages/` folder means an old-style multipage app), so the frame (sign-in gate, navigation, sidebar)
is only there if the page draws it. See ui/shell.py. A store error in a page's own code, after the
frame, is one sentence too."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import app_fixtures as fx
import ui.shell
from ui.widgets import md_text

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]


def first_statement(path: Path) -> ast.stmt:
    body = ast.parse(path.read_text()).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return next(node for node in body if not isinstance(node, ast.Import | ast.ImportFrom))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_the_page_calls_frame_first(path):
    tree = ast.parse(path.read_text())
    assert any(
        isinstance(node, ast.ImportFrom)
        and node.module == "ui.shell"
        and any(alias.name == "frame" for alias in node.names)
        for node in tree.body
    ), path
    statement = first_statement(path)  # frame(...), or `draw_summary = frame(..., summary_later=True)` (Upload)
    assert isinstance(statement, ast.Expr | ast.Assign) and isinstance(statement.value, ast.Call), ast.unparse(
        statement
    )
    assert isinstance(statement.value.func, ast.Name) and statement.value.func.id == "frame", ast.unparse(statement)


def test_the_navigation_lists_every_page_once():
    assert [script for script, _, _ in ui.shell.PAGES] == ["app.py"] + [
        f"pages/{name}.py" for name in ("customer", "next_steps", "upload", "data", "settings")
    ]
    assert {str(p.relative_to(REPO)) for p in PAGES} == {script for script, _, _ in ui.shell.PAGES}


def test_no_script_calls_st_navigation():
    """One st.navigation call anywhere would switch the server from the pages/ folder to a router for
    every later session (PagesManager.uses_pages_directory is process-wide)."""
    for path in [*PAGES, *(REPO / "ui").glob("*.py")]:
        assert "st.navigation(" not in path.read_text(), path


def test_a_store_error_in_a_page_s_own_code_is_one_sentence(filled):
    """The frame reads the store (the sidebar) and succeeds; the Customer page then reads the action log,
    whose table this damaged store lacks: the page shows the store's one sentence, not Streamlit's box."""
    with duckdb.connect(str(filled)) as cursor:
        cursor.execute("DROP TABLE actions")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["customer"] = fx.FABRIKAM
    at.switch_page("pages/customer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        md_text(f"The store at {filled} could not be read (Catalog Error: Table with name actions does not exist!).")
    ]
    assert at.title[0].value == "Customer insights"  # the page ran up to the read that failed
