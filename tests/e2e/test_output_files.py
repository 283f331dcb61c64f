"""The files recist writes keep what their owner set (issue 31): an output (`-o`, and FILE and
FILE.bak of `recist serve`) that replaces a file keeps its mode; a new one gets 0666 less the umask;
a symbolic link is written through to its target, which gets the output, the link staying a link;
no temporary file is left beside either.
"""
import os
import shutil
import stat
import subprocess
import tempfile

from e2e import BINARY, check, equal, main, path
from test_serve import Server
from test_serve_writers import follow_up, put

SOURCE = path("data", "examples", "measurements.csv")


def mode(p):
    return stat.S_IMODE(os.stat(p).st_mode)


def assess_to(output, umask=None):
    """recist assess --format json -o OUTPUT of the examples, under `umask` when given."""
    p = subprocess.run([BINARY, "assess", "--format", "json", "-o", output, SOURCE], capture_output=True,
                       timeout=120, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
    equal(p.returncode, 0, f"exit code ({p.stderr[:300]!r})")


def temporaries(*folders):
    return [n for f in folders for n in os.listdir(f) if ".tmp." in n]


def test_an_output_keeps_its_mode_a_new_one_honours_the_umask_a_link_is_written_through():
    folder = tempfile.mkdtemp(prefix="recist-out-")
    try:
        kept = os.path.join(folder, "kept.json")
        open(kept, "w").write("old")
        os.chmod(kept, 0o600)
        assess_to(kept)
        equal(oct(mode(kept)), oct(0o600), "the mode of the output replaced")
        check(open(kept).read().startswith("{"), "the output was written")
        for umask, expected in ((0o027, 0o640), (0o077, 0o600), (0o022, 0o644)):
            new = os.path.join(folder, f"new{umask:o}.json")
            assess_to(new, umask)
            equal(oct(mode(new)), oct(expected), f"a new output under umask {umask:03o}")
        # A link to a file in another folder, and a link to a file not written yet.
        real_folder = os.path.join(folder, "real")
        os.mkdir(real_folder)
        real = os.path.join(real_folder, "result.json")
        open(real, "w").write("old")
        os.chmod(real, 0o640)
        link = os.path.join(folder, "link.json")
        os.symlink(os.path.join("real", "result.json"), link)
        assess_to(link)
        check(os.path.islink(link), "the link stays a link")
        check(open(real).read().startswith("{"), "the target got the output")
        equal(oct(mode(real)), oct(0o640), "the target's mode")
        dangling = os.path.join(folder, "dangling.json")
        os.symlink(os.path.join(real_folder, "later.json"), dangling)
        assess_to(dangling)
        check(os.path.islink(dangling) and open(os.path.join(real_folder, "later.json")).read().startswith("{"),
              "a dangling link's target is created")
        equal(temporaries(folder, real_folder), [], "temporary files left")
    finally:
        shutil.rmtree(folder)


def test_a_save_keeps_the_mode_of_file_and_file_bak_and_writes_through_a_link():
    folder = tempfile.mkdtemp(prefix="recist-serve-")
    try:
        real_folder = os.path.join(folder, "real")
        os.mkdir(real_folder)
        real = os.path.join(real_folder, "measurements.csv")
        shutil.copyfile(SOURCE, real)
        os.chmod(real, 0o600)
        link = os.path.join(folder, "measurements.csv")
        os.symlink(real, link)
        server = Server(link)
        try:
            for date in ("2026-09-01", "2026-09-02"):
                got = server.json("GET", "/api/tracks/EX-01/INVESTIGATOR")
                out = {}
                put(server, "EX-01", follow_up(got["track"], date), got["version"], out, "put")
                equal(out["put"][0], 200, f"save ({out['put'][1][:200]!r})")
        finally:
            server.stop()
        check(os.path.islink(link), "FILE stays a link")
        check("2026-09-02" in open(real).read(), "the link's target got the save")
        equal(oct(mode(real)), oct(0o600), "FILE's mode after a save")
        equal(oct(mode(link + ".bak")), oct(0o600), "FILE.bak takes FILE's mode")
        check("2026-09-01" in open(link + ".bak").read(), "FILE.bak holds the previous save")
        equal(temporaries(folder, real_folder), [], "temporary files left")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main([
        test_an_output_keeps_its_mode_a_new_one_honours_the_umask_a_link_is_written_through,
        test_a_save_keeps_the_mode_of_file_and_file_bak_and_writes_through_a_link,
    ])
