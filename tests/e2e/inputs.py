"""Finding the input files of the end-to-end tests: every CSV under data/ that recist reads as an
input (data/ also holds oracle tables such as expected best responses, which are not inputs), the
hand-written native files in tests/native/, the SDTM folders, and the root element of an XML file."""
import glob
import os
import re

from e2e import path, run


def files_under(folder, ext):
    """Every *.ext file below a folder of the source tree, sorted."""
    return sorted(glob.glob(path(folder, "**", "*." + ext), recursive=True))


def native_inputs():
    """(readable, skipped): the CSV files under data/ and tests/native/ that `recist assess` reads
    (exit 0 or 1), and those it refuses as a whole (exit 3: not an input file)."""
    readable, skipped = [], []
    for f in files_under("data", "csv") + files_under(os.path.join("tests", "native"), "csv"):
        p = run("assess", "--format", "json", f)
        (readable if p.returncode in (0, 1) else skipped).append(f)
    return readable, skipped


def sdtm_folders():
    """The SDTM folders under data/ (SPEC 4.3): those holding a TU dataset in any format."""
    return sorted({os.path.dirname(f) for ext in ("csv", "xpt", "xml") for f in files_under("data", ext)
                   if os.path.basename(f).lower() == "tu." + ext})


_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def xml_root(file):
    """The name of the first element of an XML file (after the prolog and comments), or None."""
    with open(file, encoding="utf-8", errors="replace") as f:
        text = f.read(65536)
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
    m = _ROOT.search(text)
    return m.group(1) if m else None
