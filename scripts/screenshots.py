"""Screenshots of every page, as a person sees them, at 1440, 1280 and 800 px wide: starts the app
on a fresh copy of the bundled sample (a temporary store) and drives Debian's Chromium with Playwright.

    .venv/bin/python scripts/screenshots.py [--language sv|en] [--widths 1280,800] [OUT_DIR]
    (default /tmp/adoption-screenshots; --language opens every page with ?lang=, the sidebar's language choice)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools import serve  # noqa: E402

PAGES = {
    "portfolio": "",
    "customer": "customer?customer=0f032267-6f2d-4244-ad85-daf6bf35a591",
    "customer-jonkoping": "customer?customer=b9406161-76cc-4fa7-b25f-25d5e558692c",
    "next-steps": "next_steps",
    "upload": "upload",
    "data": "data",
    "settings": "settings",
}
WIDTHS = (1440, 1280, 800)


def with_language(path: str, language: str | None) -> str:
    """The page's path with `lang=` added to its query (none: the browser's language, English here)."""
    if not language:
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def main(out: Path, language: str | None = None, widths: tuple[int, ...] = WIDTHS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    server, url = serve.start(tmp / "store.duckdb", tmp / "log", seconds=120)
    try:
        with serve.chromium() as browser:
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 2400})
                for name, path in PAGES.items():
                    page.goto(f"{url}/{with_language(path, language)}")
                    page.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(2500)  # charts draw after the page settles
                    # Streamlit scrolls inside its main block: grow the window to it, so the whole page is seen
                    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 9000)})
                    page.wait_for_timeout(1500)
                    suffix = f"-{language}" if language else ""
                    page.screenshot(path=str(out / f"{name}-{width}{suffix}.png"), full_page=True)
                    page.set_viewport_size({"width": width, "height": 2400})
                page.close()
    finally:
        serve.stop(server)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshots of every page.")
    parser.add_argument("out", nargs="?", default="/tmp/adoption-screenshots", type=Path)
    parser.add_argument("--language", choices=["sv", "en"], help="the pages' language (default: the browser's)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="comma-separated widths in px")
    args = parser.parse_args()
    main(args.out, args.language, tuple(int(w) for w in args.widths.split(",")))
