"""Builds a TechDocs site with MkDocs and prints the navigation MkDocs built, as JSON.

Usage: python nav.py SITE_DIR OUTPUT_DIR

Runs `mkdocs build` exactly as `techdocs-cli generate --no-docker` does (the techdocs-core
plugin is added when mkdocs.yml does not list it), with one extra plugin that records the
navigation after every page has been read, so page titles are the ones MkDocs gave them.
Prints {"site_name", "nav": [...], "pages": [...]} where a nav item is
{"page": path, "title": t}, {"section": t, "children": [...]} or {"link": url, "title": t}.
"""
import json
import os
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page


def item(node):
    if isinstance(node, Section):
        return {"section": node.title, "children": [item(c) for c in node.children]}
    if isinstance(node, Page):
        return {"page": node.file.src_uri, "title": node.title}
    if isinstance(node, Link):
        return {"link": node.url, "title": node.title}
    raise TypeError(type(node))


class Record(BasePlugin):
    def on_nav(self, nav, config, files):
        self.nav = nav
        self.files = files
        return nav

    def on_post_build(self, config):
        pages = [
            {"page": f.src_uri, "title": f.page.title}
            for f in self.files.documentation_pages()
            if f.page is not None
        ]
        json.dump(
            {"site_name": config["site_name"], "nav": [item(n) for n in self.nav.items], "pages": pages},
            sys.stdout,
            indent=1,
        )
        sys.stdout.write("\n")


def main():
    site, out = sys.argv[1], sys.argv[2]
    os.chdir(site)
    config = load_config(config_file="mkdocs.yml", site_dir=out)
    if "techdocs-core" not in config["plugins"]:
        # techdocs-cli adds the plugin itself when a site does not list it.
        config = load_config(config_file="mkdocs.yml", site_dir=out, plugins=["techdocs-core"] + list(config["plugins"].keys()))
    config["plugins"]["hub-record"] = Record()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


if __name__ == "__main__":
    main()
