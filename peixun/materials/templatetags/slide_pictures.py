"""Template tags that place a slide's or a document's pictures in the workbench (``{% load slide_pictures %}``)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from peixun.materials import thumbnails

register = template.Library()


def picture_context(material, version, slide, workbench_page=None) -> dict:
    """What ``_slide_picture.html`` and ``_pages.html`` need: the state, and the pictures' addresses.
    ``workbench_page``: the workbench's page of segments a document's block stands above, named in the
    address it asks again at, so that the answer once drawn places each page's picture beside its segments."""
    pictures = thumbnails.pictures_of(version)
    state = pictures.state
    if state == "ready" and version.kind == "pptx" and not pictures.has(slide):
        state = "missing"
    numbers = range(1, pictures.drawn + 1) if state == "ready" and version.kind == "docx" else []
    poll_url = reverse("thumbnails:slide", args=[material.pk, version.pk, slide or 1])
    if workbench_page is not None and version.kind == "docx":
        poll_url = f"{poll_url}?page={workbench_page}"
    return {
        "material": material,
        "version": version,
        "slide": slide,
        "state": state,
        "pictures": pictures,
        "poll_url": poll_url,
        "src": reverse("thumbnails:picture", args=[material.pk, version.pk, slide]) if slide else "",
        "pages": [
            (number, reverse("thumbnails:picture", args=[material.pk, version.pk, number])) for number in numbers
        ],
    }


@register.inclusion_tag("materials/thumbnails/_slide_picture.html")
def slide_picture(material, version, slide):
    """The picture of ``slide`` beside its segments, or a block that asks for it until it is drawn."""
    return picture_context(material, version, slide)


@register.inclusion_tag("materials/thumbnails/_page_picture.html")
def page_picture(material, version, number):
    """The picture of a Word document's page ``number``, beside the segments found on it."""
    return {
        "number": number,
        "src": reverse("thumbnails:picture", args=[material.pk, version.pk, number]),
    }


@register.inclusion_tag("materials/thumbnails/_notice.html")
def pictures_notice(material, version, pages_known=False, workbench_page=None):
    """Once above the segments: why there are no pictures, or a document's pages as a strip when the
    page of a segment shown is not known (``pages_known``: each is shown beside its segments)."""
    context = picture_context(material, version, None, workbench_page)
    context.update(pages_known=pages_known, unlocated=context["state"] == "ready")
    return context
