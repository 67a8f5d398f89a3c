"""QR codes of links, as SVG data URIs: an <img> the Content-Security-Policy allows
(img-src 'self' data:), with no inline style."""

import segno


def qr_image(text: str) -> str:
    """Dark on white with the standard quiet zone, medium error correction (a phone camera
    on a cracked screen still reads it)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(
        dark="#1a1a1a", light="#ffffff", border=4, omitsize=True
    )
