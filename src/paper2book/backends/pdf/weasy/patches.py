"""``PATCHES``: every WeasyPrint internal the PDF backend replaces or reads, and every trick
it plays on the interpreter or another library, each with what its loss costs.

An entry's ``fingerprints`` are ``weasy.fingerprint(entry.refs())`` as measured on each
release tested (``python -m paper2book.backends.pdf.weasy.fingerprints`` prints them for
the installed one); docs/weasyprint.md says how to add a release.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PATCH = "patch"      # replaces WeasyPrint functions for one render (weasy.patched())
READS = "reading"    # reads WeasyPrint internals; the code that does checks weasy.usable()
TRICK = "trick"      # not WeasyPrint's: an interpreter or library trick, checked the same way


@dataclass(frozen=True)
class Patch:
    name: str                     # a patch: its module under weasy/, imported only to apply it
    kind: str
    replaces: tuple[str, ...]     # "module:attr" swapped for a render, in install()'s order
    uses: tuple[str, ...]         # every other internal it reads: fingerprinted too
    loses: str                    # what the PDF (or the run) loses with it off: the warning
    fingerprints: dict[str, str] = field(default_factory=dict)   # release -> fingerprint
    upstream: str = ""            # the upstream issue it answers

    def refs(self) -> tuple[str, ...]:
        return self.replaces + self.uses

    def changed_what(self) -> str:
        first = (self.replaces or self.uses)[0]
        more = len(self.refs()) - 1
        return f"{first}{f' (or one of the {more} internals it relies on)' if more else ''}"


_W70 = "WeasyPrint 70.0"
_BOXES = "weasyprint.formatting_structure.boxes"
_INLINE = "weasyprint.layout.inline"

PATCHES: tuple[Patch, ...] = (
    Patch("linecache", PATCH, (f"{_INLINE}:get_next_linebox",),
          (f"{_BOXES}:Box.deepcopy", f"{_BOXES}:Box.translate", f"{_BOXES}:Box.descendants",
           f"{_BOXES}:Box.is_floated", f"{_BOXES}:Box.is_absolutely_positioned",
           f"{_BOXES}:Box.is_running", f"{_BOXES}:InlineBox", f"{_BOXES}:TextBox",
           f"{_BOXES}:LineBox", "weasyprint.layout:LayoutContext"),
          "slower layout: each multi-column paragraph is broken into lines again for every "
          "try at balancing its columns (about 9 times)",
          {_W70: "e8a3a27909a30537"}, upstream="Kozea/WeasyPrint#578"),
    Patch("linebreak", PATCH, (f"{_INLINE}:split_first_line",), (),
          "slower layout: Pango lays out four lines of Chinese to find where one ends",
          {_W70: "5a40c6db62af5496"}, upstream="Kozea/WeasyPrint#578"),
    Patch("longtext", PATCH, (f"{_INLINE}:split_inline_level", f"{_INLINE}:skip_first_whitespace"),
          (f"{_INLINE}:split_text_box", f"{_INLINE}:resolve_percentages",
           f"{_BOXES}:TextBox.copy_with_text", f"{_BOXES}:TextBox"),
          "slower layout of long paragraphs: their time grows with the square of their length",
          {_W70: "93b8b88c5028acdc"}, upstream="Kozea/WeasyPrint#578"),
    Patch("keep", PATCH, ("weasyprint.layout.block:block_container_layout",),
          ("weasyprint.layout.block:remove_placeholders", f"{_BOXES}:FootnoteAreaBox",
           f"{_BOXES}:LineBox", f"{_BOXES}:ParentBox", f"{_BOXES}:InlineBox",
           "weasyprint.layout:LayoutContext"),
          "a headline may end a page with only a line or two of its article under it",
          {_W70: "7ba1329e5ee89b08"}),
    Patch("justify", PATCH, ("weasyprint.draw.text:draw_first_line",),
          (f"{_BOXES}:LineBox", f"{_BOXES}:TextBox", f"{_BOXES}:ParentBox", f"{_BOXES}:InlineBox",
           "weasyprint.text.ffi:ffi", "weasyprint.text.ffi:pango", "weasyprint.text.ffi:FROM_UNITS",
           "weasyprint.text.line_break:Layout", "weasyprint.document:Page"),
          "ragged Chinese lines (justified text is not flush with the column's edge) and no "
          "squeezing of punctuation pairs (标点挤压)",
          {_W70: "38f407118b87646e"}),
    Patch("structure", PATCH, ("weasyprint.pdf.stream:Stream.marked",
                               "weasyprint.pdf.tags:_build_box_tree",
                               "weasyprint.pdf.tags:_get_pdf_tag"),
          (f"{_BOXES}:MarginBox", f"{_BOXES}:TextBox", f"{_BOXES}:LineBox",
           "weasyprint.pdf.stream:Stream.begin_marked_content",
           "weasyprint.pdf.stream:Stream.end_marked_content", "weasyprint.pdf.tags:add_tags",
           "weasyprint.document:Page"),
          "WeasyPrint's own tagging: running heads and page numbers tagged into no structure "
          "element, leader dots read as text, the contents a plain list",
          {_W70: "7b71203ecbef7d84"}, upstream="Kozea/WeasyPrint#1836"),
    Patch("renumber", PATCH, ("weasyprint.layout:make_all_pages",),
          ("weasyprint.layout:layout_document", "weasyprint.layout:initialize_page_maker",
           "weasyprint.layout.page:remake_page", "weasyprint.layout:LayoutContext",
           "weasyprint.css.targets:TargetCollector", "weasyprint.css.targets:CounterLookupItem",
           "weasyprint.css.targets:TargetLookupItem"),
          "slower volumes: each issue after the first is laid out a second time to number "
          "its pages",
          {_W70: "b272ec02c57fa88e"}),
    Patch("fontshare", PATCH, ("weasyprint.pdf.fonts:Font.subset",), ("weasyprint.pdf.fonts:Font",),
          "bigger volumes: each issue embeds its own subset of every font",
          {_W70: "f4bb640632e0f0a4"}),
    Patch("variants", READS, (), ("weasyprint.pdf:VARIANTS",),
          "a PDF variant's name is no longer checked before the render",
          {_W70: "7861ee9595afd23c"}),
    Patch("notdef", READS, (), ("weasyprint.draw.text:draw_first_line",),
          "characters drawn as empty boxes may go unnamed in the missing-glyph warning",
          {_W70: "416754ee597b116d"}),
    Patch("harfbuzz_subset", READS, (), ("weasyprint.text.ffi:harfbuzz_subset",),
          "no warning when fonts are subset the slow way (without libharfbuzz-subset)",
          {_W70: "8a8d40b54dffe16e"}),
    Patch("libsearch", TRICK, (), ("ctypes.util:find_library", "cffi.api:_load_backend_lib"),
          "slower start: loading WeasyPrint probes gcc and ld for every library name it tries "
          "(about 0.2 s)",
          {"Python 3.11.2 and 3.11.7, cffi 2.1.1": "72a4e203fe6a23bf"}),
    Patch("headroom", TRICK, (), ("types:CodeType.replace",),
          "slower layout: CPython maps and unmaps a frame-stack chunk each time layout's calls "
          "cross one (about 3 % of an issue)",
          {"CPython 3.11": "33fe36b50ea3134b"}),
    Patch("closure", TRICK, (), ("fontTools.subset:Subsetter._closure_glyphs",),
          "bigger volumes: an issue that draws ligature dashes (——) embeds its own font subset",
          # 4.69 also closes over bitmap tables (EBDT, CBDT), which no font we set has.
          {"fontTools 4.68.0": "8183b20b33f35607", "fontTools 4.69.1": "26153888eb19ec87"}),
)
