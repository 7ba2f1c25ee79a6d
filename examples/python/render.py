#!/usr/bin/env python3
"""Embedding pmkit from Python: load a postmortem, look at it as a dict,
render it as Markdown.

    PYTHONPATH=build/python python3 examples/python/render.py FILE
"""
import sys

import pmkit


def main(path: str) -> int:
    with open(path, "rb") as f:
        data = f.read()
    try:
        postmortem = pmkit.load(data)
    except pmkit.Error as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    print(f"pmkit {pmkit.version()}: {postmortem.get('title', '(untitled)')}")
    open_items = [item for item in postmortem.get("actionItems", [])
                  if item.get("state") not in ("ACTION_ITEM_STATE_DONE",
                                               "ACTION_ITEM_STATE_VERIFIED",
                                               "ACTION_ITEM_STATE_WONT_DO")]
    print(f"{len(open_items)} open action item(s)")
    print(pmkit.render_markdown(postmortem))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} FILE")
    sys.exit(main(sys.argv[1]))
