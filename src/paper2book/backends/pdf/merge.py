"""A volume's parts (front matter, then each issue) joined into one PDF with pikepdf.

Each part is a whole tagged PDF from WeasyPrint.  The merged file is what
one pass over the volume would have written:

* pages in order, a blank verso after a part that ends on a right-hand page
  (every issue begins on a right-hand page);
* one outline: each part's bookmarks, in order (pikepdf carries them);
* one name tree of destinations, every part's; the front matter's 总目录
  links lead to stand-ins (``v-i<n>``) that are pointed at the issues here;
* one structure tree: the parts' Document elements joined into one, their
  parent-tree keys renumbered after the parts before (pages' StructParents,
  annotations' StructParent);
* each font program once: the parts embed the same subsets
  (weasy/fontshare.py), so identical font streams are kept once;
* the front matter's document information, XMP metadata, language, marking
  and output intents (it was rendered with the volume's metadata).
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pikepdf

STAND_IN = "v-"                 # the front matter's links to issues: v-i3 for i3
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
# What the merged root takes from the front matter's root; the rest is rebuilt.
_ROOT_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents",
              "/PageMode", "/PageLayout")


def merge(parts: list[Path], target: Path, pad: list[bool]) -> int:
    """Write ``parts`` as one PDF at ``target``; ``pad[k]``: a blank page after part k.
    Returns the page count."""
    import pikepdf

    out = pikepdf.new()
    dests: dict[str, pikepdf.Object] = {}
    document: pikepdf.Object | None = None
    kids: list[pikepdf.Object] = []
    nums: list[tuple[int, pikepdf.Object]] = []
    next_key = 0
    for k, part in enumerate(parts):
        with pikepdf.open(part) as src:
            first, known = len(out.pages), len(out.objects)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")      # the destinations are carried below
                out.add_pages_from(src)
            if k == 0:
                _take_root(out, src)
            _collect_dests(out, src, dests)
            shift = next_key
            tree = src.Root.get("/StructTreeRoot")
            if tree is not None:
                copied = _foreign(out, src, tree)
                part_doc, part_kids = _document(copied)
                if document is None:
                    document = part_doc
                kids += part_kids
                pairs = list(pikepdf.NumberTree(copied.ParentTree).items()) \
                    if "/ParentTree" in copied else []
                nums += [(key + shift, value) for key, value in pairs]
                last = max((key for key, _ in pairs), default=-1)
                next_key = shift + int(copied.get("/ParentTreeNextKey", last + 1))
            for page in out.pages[first:]:
                _renumber(page.obj, shift)
            _own_streams(out, known)
        if pad[k]:
            box = out.pages[-1].mediabox
            blank = out.add_blank_page(page_size=(float(box[2]), float(box[3])))
            if document is not None or kids:        # as WeasyPrint tags a blank page: no content
                blank.obj.StructParents = next_key
                nums.append((next_key, pikepdf.Array()))
                next_key += 1
    if document is not None or kids:
        _join_structure(out, document, kids, nums, next_key)
    _point_stand_ins(out, dests)
    _write_dests(out, dests)
    _share_fonts(out)
    out.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(out.pages)


def _own_streams(out: pikepdf.Pdf, known: int) -> None:
    """The streams copied since object ``known`` hold their (still encoded) bytes, so the
    part can be closed: qpdf would otherwise read them from it when saving, and keep every
    part open, each with all its objects read, until then (a month: 560 MB)."""
    import pikepdf

    for number in range(known + 1, len(out.objects) + 1):
        obj = out.get_object(number, 0)
        if isinstance(obj, pikepdf.Stream):
            obj.write(obj.read_raw_bytes(), filter=cast(Any, obj.get("/Filter")),
                      decode_parms=cast(Any, obj.get("/DecodeParms")), type_check=False)


def _take_root(out: pikepdf.Pdf, src: pikepdf.Pdf) -> None:
    for key in _ROOT_KEYS:
        if key in src.Root:
            out.Root[key] = _foreign(out, src, src.Root[key])
    out.docinfo = _foreign(out, src, src.docinfo)


def _foreign(out: pikepdf.Pdf, src: pikepdf.Pdf, value: Any) -> Any:
    """``value`` of ``src``, copied into ``out`` (pikepdf copies indirect objects only)."""
    import pikepdf

    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        return out.copy_foreign(value if value.is_indirect else src.make_indirect(value))
    return value


def _collect_dests(out: pikepdf.Pdf, src: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    """Every named destination of ``src``, its page now the merged file's."""
    import pikepdf

    names = src.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, dest in pikepdf.NameTree(names.Dests).items():
        if name not in dests:
            dests[name] = _foreign(out, src, dest)


def _document(tree: pikepdf.Object) -> tuple[pikepdf.Object | None, list[pikepdf.Object]]:
    """A part's Document element and its children (WeasyPrint puts one Document under the root)."""
    import pikepdf

    k = tree.K
    top = list(k) if isinstance(k, pikepdf.Array) else [k]
    if len(top) == 1 and str(top[0].get("/S")) == "/Document":
        doc = top[0]
        kids = doc.K
        return doc, list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return None, top


def _renumber(page: pikepdf.Object, shift: int) -> None:
    if not shift:
        return
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + shift
    for annot in page.get("/Annots", []):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + shift


def _join_structure(out: pikepdf.Pdf, document: pikepdf.Object | None, kids: list[pikepdf.Object],
                    nums: list[tuple[int, pikepdf.Object]], next_key: int) -> None:
    import pikepdf

    if document is None:
        document = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                        S=pikepdf.Name.Document))
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/P" in kid:
            kid.P = document
    document.K = pikepdf.Array(kids)
    document.P = root
    root.K = pikepdf.Array([document])
    # One flat /Nums array, as WeasyPrint writes it (and as simple readers expect).
    flat = pikepdf.Array()
    for key, value in sorted(nums, key=lambda kv: kv[0]):
        flat.append(key)
        flat.append(value)
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=flat))
    root.ParentTreeNextKey = next_key
    out.Root.StructTreeRoot = root


def _point_stand_ins(out: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    """The front matter's links to ``v-i<n>`` lead to issue ``i<n>`` itself."""
    import pikepdf

    for page in out.pages:
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest")
            if isinstance(dest, pikepdf.String) and str(dest).startswith(STAND_IN):
                real = str(dest)[len(STAND_IN):]
                if real in dests:
                    annot.Dest = pikepdf.String(real)
                    if str(annot.get("/Contents", "")) == str(dest):
                        annot.Contents = pikepdf.String(real)
    for name in [n for n in dests if n.startswith(STAND_IN)]:
        del dests[name]


def _write_dests(out: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    import pikepdf

    names = out.Root.get("/Names")
    if names is None:
        out.Root.Names = names = out.make_indirect(pikepdf.Dictionary())
    tree = pikepdf.NameTree.new(out)
    for name in sorted(dests, key=lambda n: n.encode("utf-8")):
        tree[name] = dests[name]
    names.Dests = tree.obj


def _share_fonts(out: pikepdf.Pdf) -> None:
    """Identical embedded font programs, one object."""
    seen: dict[bytes, pikepdf.Object] = {}
    done: set[tuple[int, int]] = set()
    for page in out.pages:
        resources: Any = page.obj.get("/Resources") or {}
        fonts: Any = resources.get("/Font") or {}
        for font in fonts.values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None or descriptor.objgen in done:
                    continue
                done.add(descriptor.objgen)
                for key in _FONT_FILES:
                    stream = descriptor.get(key)
                    if stream is None:
                        continue
                    digest = hashlib.sha256(stream.read_raw_bytes()).digest() + \
                        repr(sorted((k, str(v)) for k, v in stream.stream_dict.items()
                                    if k != "/Length")).encode()
                    kept = seen.setdefault(digest, stream)
                    if kept.objgen != stream.objgen:
                        descriptor[key] = kept
