"""Screenshots of every page, as a person sees them, at 1440, 1280 and 800 px wide: starts the app
on a fresh copy of the bundled sample (a temporary store) and drives Debian's Chromium with Playwright.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default /tmp/adoption-screenshots)
"""

from __future__ import annotations

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


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    server, url = serve.start(tmp / "store.duckdb", tmp / "log", seconds=120)
    try:
        with serve.chromium() as browser:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 2400})
                for name, path in PAGES.items():
                    page.goto(f"{url}/{path}")
                    page.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(2500)  # charts draw after the page settles
                    # Streamlit scrolls inside its main block: grow the window to it, so the whole page is seen
                    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 9000)})
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                    page.set_viewport_size({"width": width, "height": 2400})
                page.close()
    finally:
        serve.stop(server)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/adoption-screenshots"))
