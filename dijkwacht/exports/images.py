"""A chart as a picture: SVG to PNG, for slides and reports that take no SVG.

WeasyPrint (which makes every PDF already) lays the SVG out on a page of exactly its size, and
PDFium renders that page to pixels. No rasteriser of our own, no system library beyond those
the PDFs need.
"""

from __future__ import annotations

import io
import threading

SCALE = 2  # pixels per SVG unit: sharp on a high-density screen and in print
# PDFium is not thread-safe, not even across documents: one rendering at a time per process.
_PDFIUM = threading.Lock()


def svg_to_png(svg: str, width: float, height: float, *, scale: int = SCALE) -> bytes:
    import pypdfium2
    from weasyprint import HTML

    page = (
        "<!doctype html><html><head><style>"
        f"@page {{ size: {width}px {height}px; margin: 0 }}"
        "body { margin: 0 } svg { display: block }"
        f"</style><title>chart</title></head><body>{svg}</body></html>"
    )
    pdf = HTML(string=page).write_pdf()
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            # A CSS pixel is 0.75 PDF point; PDFium renders 72 points per inch at scale 1.
            image = document[0].render(scale=scale / 0.75).to_pil()
        finally:
            document.close()
    output = io.BytesIO()
    image.convert("RGB").save(output, format="PNG", optimize=True)
    return output.getvalue()
