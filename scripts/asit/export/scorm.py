"""The built book as a SCORM 1.2 package: one SCO per module, the whole site inside.

Structure: one organization with one item per module, in module order. Each item launches
``asit-sco/<module>.html``, a small page that holds the SCORM session (``asit-lms.js`` in its
SCO role) and shows the module's pages in a frame. The pages are the built book itself, a
shared asset of every SCO, so every relative link works inside the package and a learner can
read on in the book from any module. The practice scenarios report to the LMS through the
SCO page; nothing is fetched from outside the package.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import scoring
from ..loader import Course, ModuleFolder
from ..render.book_pages import module_index_path
from .settings import settings_script_body
from .zipdet import deterministic_zip

SCO_DIR = "asit-sco"
SITE_RESOURCE = "RES-site"
# What the site holds that a package does not need: Sphinx's build records and page sources.
LEFT_OUT_DIRS = ("_sources/", ".doctrees/")
LEFT_OUT_FILES = (".buildinfo",)

NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)


class SiteMissingError(Exception):
    """The built book is not there, or lacks a module's pages: build it first."""


@dataclass(frozen=True)
class Sco:
    """One module as a SCO: where it starts and what it can score."""

    folder: ModuleFolder
    launch: str  # the SCO page, from the package root
    start: str  # the module's first page, from the package root
    scenarios: dict[str, float]  # scenario id -> the best path's points

    @property
    def identifier(self) -> str:
        return f"RES-{self.folder.name}"

    @property
    def title(self) -> str:
        return f"Module {self.folder.module.number}: {self.folder.module.title}"


def scos(course: Course) -> list[Sco]:
    return [
        Sco(
            folder=folder,
            launch=f"{SCO_DIR}/{folder.name}.html",
            start=f"{module_index_path(folder)}.html",
            scenarios={item.scenario.id: scoring.best_total(item.scenario) for item in folder.scenarios},
        )
        for folder in sorted(course.modules, key=lambda f: f.module.number)
    ]


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the built site, by path from its root."""
    files: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(LEFT_OUT_DIRS) and rel not in LEFT_OUT_FILES:
            files[rel] = path.read_bytes()
    return files


def sco_page(course: Course, sco: Sco) -> str:
    """The page an LMS launches for a module: the SCORM session and a frame for the pages."""
    title = html.escape(sco.title)
    scenarios = html.escape(json.dumps(sco.scenarios, sort_keys=True), quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; }}
iframe {{ display: block; border: 0; width: 100%; height: 100%; }}
#asit-sco-note {{ margin: 0; padding: .5rem 1rem; background: #fff3cd; font-family: sans-serif; }}
</style>
<script>{settings_script_body(course.settings)}</script>
<script src="../_static/asit-lms.js" data-asit-sco="{html.escape(sco.folder.name)}" data-asit-root="../"
 data-asit-scenarios="{scenarios}"></script>
</head>
<body>
<p id="asit-sco-note" hidden>No LMS was found: this module works, but nothing is recorded.</p>
<iframe title="{title}" data-src="../{html.escape(sco.start)}"></iframe>
</body>
</html>
"""


def _q(tag: str, ns: str = NS_CP) -> str:
    return f"{{{ns}}}{tag}"


def manifest(course: Course, units: list[Sco], files: list[str]) -> str:
    """imsmanifest.xml (SCORM 1.2, IMS Content Packaging 1.1.2), identifiers from content ids."""
    ET.register_namespace("", NS_CP)
    ET.register_namespace("adlcp", NS_ADLCP)
    ET.register_namespace("xsi", NS_XSI)
    course_id = course.settings.course_id
    root = ET.Element(
        _q("manifest"),
        {"identifier": f"MANIFEST-{course_id}", "version": "1.2", _q("schemaLocation", NS_XSI): SCHEMA_LOCATION},
    )
    metadata = ET.SubElement(root, _q("metadata"))
    ET.SubElement(metadata, _q("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, _q("schemaversion")).text = "1.2"
    organizations = ET.SubElement(root, _q("organizations"), {"default": f"ORG-{course_id}"})
    organization = ET.SubElement(organizations, _q("organization"), {"identifier": f"ORG-{course_id}"})
    ET.SubElement(organization, _q("title")).text = str(course.config.get("title") or course_id)
    mastery = course.settings.lms_pass_percent
    for unit in units:
        item = ET.SubElement(
            organization,
            _q("item"),
            {"identifier": f"ITEM-{unit.folder.name}", "identifierref": unit.identifier, "isvisible": "true"},
        )
        ET.SubElement(item, _q("title")).text = unit.title
        if mastery is not None and unit.scenarios:
            ET.SubElement(item, _q("masteryscore", NS_ADLCP)).text = f"{mastery:g}"
    resources = ET.SubElement(root, _q("resources"))
    for unit in units:
        resource = ET.SubElement(
            resources,
            _q("resource"),
            {
                "identifier": unit.identifier,
                "type": "webcontent",
                _q("scormtype", NS_ADLCP): "sco",
                "href": unit.launch,
            },
        )
        ET.SubElement(resource, _q("file"), {"href": unit.launch})
        ET.SubElement(resource, _q("dependency"), {"identifierref": SITE_RESOURCE})
    shared = ET.SubElement(
        resources,
        _q("resource"),
        {"identifier": SITE_RESOURCE, "type": "webcontent", _q("scormtype", NS_ADLCP): "asset"},
    )
    for name in files:
        ET.SubElement(shared, _q("file"), {"href": name})
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def package_files(course: Course, site: Path) -> dict[str, bytes]:
    """Every file of the package, the manifest included."""
    if not (site / "index.html").is_file():
        raise SiteMissingError(f"{site}: no built book here; run `asit build` first")
    files = site_files(site)
    units = scos(course)
    missing = [unit.start for unit in units if unit.start not in files]
    if missing:
        raise SiteMissingError(f"{site}: the built book lacks {', '.join(missing)}; run `asit build` again")
    shared = sorted(files)
    for unit in units:
        files[unit.launch] = sco_page(course, unit).encode("utf-8")
    files["imsmanifest.xml"] = manifest(course, units, shared).encode("utf-8")
    return files


def scorm_package(course: Course, site: Path) -> bytes:
    """The SCORM 1.2 package as zip bytes: the same bytes for the same site."""
    return deterministic_zip(package_files(course, site))
