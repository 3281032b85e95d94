"""A paper2book backend from outside the project: the book as plain text.

It sees only the document model (Book -> Issue -> Page -> Article -> blocks),
exactly like the built-in backends, and writes to the temporary path it is
given; paper2book renames that file into place.  Its one setting, ``prefix``
(a line written before the title), comes from the config file's
``backends: {txt: {...}}``.
"""

from __future__ import annotations

from pathlib import Path

INDENT = "\u3000\u3000"     # two ideographic spaces: the print paragraph indent


class PlainTextBackend:
    name = "txt"
    extension = ".txt"
    description = "plain UTF-8 text (p2b-plaintext plugin)"

    def write(self, book, path, options) -> None:
        title = getattr(options, "title", None) or book.title
        # Its own settings, from paper2book.yaml's ``backends: {txt: {prefix: ...}}``.
        prefix = options.settings_for(self.name).get("prefix")
        out = ([str(prefix)] if prefix else []) + [title, "=" * 20, ""]
        for issue in book.issues:
            for page in issue.pages:
                out += [f"{issue.newspaper} {issue.date_label} {issue.weekday}  {page.label}", ""]
                for art in page.articles:
                    if art.kicker:
                        out.append(art.kicker)
                    out.append(art.title)
                    if art.subtitle:
                        out.append("——" + art.subtitle)
                    if art.byline:
                        out.append(art.byline)
                    out.append("")
                    for caption in art.captions:
                        out.append("图片说明：" + caption)
                    if art.captions:
                        out.append("")
                    for block in art.blocks:
                        if block.type == "heading":
                            out += ["", block.text] + ([block.subtitle] if block.subtitle else []) + [""]
                        else:
                            out.append(INDENT + block.text)
                    if art.editor:
                        out.append(f"（责任编辑：{art.editor}）")
                    out += ["", "-" * 20, ""]
        while out and out[-1] in ("", "-" * 20):
            out.pop()
        Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
