"""A SAS XPORT or Dataset-XML dataset cut short is exit 3 with a message naming the file and the
last whole record (issue 31), never a track assessed without its last records.
"""
import os
import shutil
import tempfile

from e2e import check, equal, main, path, run

TRIAL_SDTM = path("data", "sdtm", "nct07289048")


def cut_copy(fmt, domain, drop):
    folder = tempfile.mkdtemp(prefix="recist-cut-")
    shutil.copytree(os.path.join(TRIAL_SDTM, fmt), os.path.join(folder, fmt))
    name = os.path.join(folder, fmt, f"{domain}.{fmt}")
    data = open(name, "rb").read()
    open(name, "wb").write(data[:-drop])
    return folder, name


def test_a_cut_xpt_is_exit_3_naming_the_file_and_the_last_whole_observation():
    for domain, drop in (("tr", 573), ("tr", 80 * 3), ("tu", 41), ("rs", 80)):
        folder, name = cut_copy("xpt", domain, drop)
        try:
            p = run("assess", "--format", "json", os.path.join(folder, "xpt"))
            equal(p.returncode, 3, f"{domain}.xpt less {drop} bytes: exit code ({p.stderr[:300]!r})")
            check(name in p.stderr and "cut short" in p.stderr and "last whole observation is" in p.stderr,
                  f"{domain}.xpt less {drop} bytes: {p.stderr[:400]!r}")
            equal(p.stdout, "", "nothing written")
        finally:
            shutil.rmtree(folder)


def test_a_cut_dataset_xml_is_exit_3_naming_the_file():
    for domain, drop in (("tr", 573), ("tu", 20)):
        folder, name = cut_copy("xml", domain, drop)
        try:
            p = run("assess", "--format", "json", os.path.join(folder, "xml"))
            equal(p.returncode, 3, f"{domain}.xml less {drop} bytes: exit code ({p.stderr[:300]!r})")
            check(name in p.stderr, f"{domain}.xml less {drop} bytes: {p.stderr[:400]!r}")
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main([test_a_cut_xpt_is_exit_3_naming_the_file_and_the_last_whole_observation,
          test_a_cut_dataset_xml_is_exit_3_naming_the_file])
