"""Writes to a WAICO node through the real huggingface_hub client, unchanged
(hf_xet installed and not disabled): HfApi and the `hf upload` command.

Run by commons.rs with HF_ENDPOINT pointing at the test server; the first
argument is JSON with the users' tokens. Prints "HF WRITE OK".
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import get_session

cfg = json.loads(sys.argv[1])
endpoint = os.environ["HF_ENDPOINT"]
api = HfApi(endpoint=endpoint, token=cfg["token"])
work = tempfile.mkdtemp(prefix="hf-write-")
cache = os.path.join(work, "cache")


def sha(data):
    return hashlib.sha256(data).hexdigest()


def file_sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def status_of(call):
    try:
        call()
    except HfHubHTTPError as e:
        return e.response.status_code
    return 200


# whoami-v2
me = api.whoami()
assert me["name"] == cfg["user"], me
assert me["auth"]["accessToken"]["role"] == "write", me

# create_repo: as the owner's delegate; again is 409, exist_ok passes
owner = cfg["owner"]
suffix = cfg.get("suffix", "")
repo = f"{owner}/hf-written{suffix}"
url = api.create_repo(repo)
assert url.repo_id == repo and url.repo_type == "model", (url, url.repo_id)
assert api.create_repo(repo, exist_ok=True).repo_id == repo
assert status_of(lambda: api.create_repo(repo)) == 409
data_url = api.create_repo(f"{owner}/hf-data{suffix}", repo_type="dataset")
assert data_url.repo_type == "dataset", data_url
# someone else's namespace is refused
assert status_of(lambda: api.create_repo("FRA/not-mine")) in (400, 403)

# upload_folder of 50 files (README with a card, nested folders)
folder = os.path.join(work, "folder")
expected = {}
for i in range(50):
    rel = "README.md" if i == 0 else f"part{i % 5}/file{i:02d}.txt"
    data = (
        b"---\nlicense: apache-2.0\npipeline_tag: fill-mask\n---\n# Written by the HF client\n"
        if i == 0
        else (f"file {i}\n" * (i * 37 + 1)).encode()
    )
    path = os.path.join(folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    expected[rel] = sha(data)
first = api.upload_folder(folder_path=folder, repo_id=repo, commit_message="fifty files")
assert len(first.oid) == 40, first
info = api.model_info(repo, files_metadata=True)
assert sorted(s.rfilename for s in info.siblings) == sorted(expected), info.siblings
assert info.sha == first.oid, (info.sha, first.oid)
assert info.pipeline_tag == "fill-mask" and info.card_data.license == "apache-2.0", info
for rel, digest in expected.items():
    got = hf_hub_download(repo, rel, cache_dir=cache, token=cfg["token"])
    assert file_sha(got) == digest, rel

# a big file through the LFS batch endpoint: a file object is sent with the
# basic transfer (PUT to the ticketed address, then verify) even with hf_xet
big_path = os.path.join(work, "model.bin")
with open(big_path, "wb") as f:
    for i in range(cfg["big_mib"]):
        f.write(hashlib.sha256(str(i).encode()).digest() * 32768)
big_sha = file_sha(big_path)
with open(big_path, "rb") as f:
    lfs_commit = api.upload_file(
        path_or_fileobj=f, path_in_repo="weights/model.bin", repo_id=repo, commit_message="big"
    )
got = hf_hub_download(repo, "weights/model.bin", cache_dir=cache, revision=lfs_commit.oid)
assert file_sha(got) == big_sha, "LFS file read back differs"
# a file by path above nothing special: inline in the commit
small = os.urandom(300_000)
small_path = os.path.join(work, "small.bin")
with open(small_path, "wb") as f:
    f.write(small)
api.upload_file(path_or_fileobj=small_path, path_in_repo="weights/small.bin", repo_id=repo,
                commit_message="small\n\nwith a description")
got = hf_hub_download(repo, "weights/small.bin", cache_dir=cache)
assert file_sha(got) == sha(small)
# the same file again changes nothing the client would commit twice for LFS
assert api.file_exists(repo, "weights/model.bin")

# history, newest first, with titles and messages
commits = api.list_repo_commits(repo)
assert [c.title for c in commits] == ["small", "big", "fifty files"], [c.title for c in commits]
assert commits[0].message == "with a description", commits[0].message
assert commits[-1].commit_id == first.oid
assert commits[0].authors == [cfg["user"]], commits[0].authors

# a branch from an existing commit id, a tag, refs
api.create_branch(repo, branch="from-first", revision=first.oid)
api.create_branch(repo, branch="from-first", revision=first.oid, exist_ok=True)
assert status_of(lambda: api.create_branch(repo, branch="from-first")) == 409
try:
    api.create_branch(repo, branch="nowhere", revision="f" * 40)
    raise AssertionError("a branch from an unknown commit was made")
except RevisionNotFoundError:
    pass
assert sorted(api.list_repo_files(repo, revision="from-first")) == sorted(expected)
api.create_tag(repo, tag="v1", revision=commits[1].commit_id)
assert status_of(lambda: api.create_tag(repo, tag="v1", revision=commits[0].commit_id)) == 409
refs = api.list_repo_refs(repo)
branches = {b.name: b.target_commit for b in refs.branches}
assert branches == {"main": commits[0].commit_id, "from-first": first.oid}, branches
assert [(t.name, t.ref, t.target_commit) for t in refs.tags] == [
    ("v1", "refs/tags/v1", commits[1].commit_id)
], refs.tags
assert "weights/small.bin" not in api.list_repo_files(repo, revision="v1")

# a commit on the new branch leaves main alone
api.upload_file(path_or_fileobj=b"branch only\n", path_in_repo="BRANCH.txt", repo_id=repo,
                revision="from-first", commit_message="on the branch")
assert "BRANCH.txt" in api.list_repo_files(repo, revision="from-first")
assert "BRANCH.txt" not in api.list_repo_files(repo)

# paths-info: files and folders; missing paths left out
paths = api.get_paths_info(repo, ["README.md", "weights", "missing.txt", "weights/model.bin"])
kinds = {p.path: type(p).__name__ for p in paths}
assert kinds == {"README.md": "RepoFile", "weights": "RepoFolder", "weights/model.bin": "RepoFile"}, kinds
model_bin = [p for p in paths if p.path == "weights/model.bin"][0]
assert model_bin.size == os.path.getsize(big_path) and model_bin.lfs.sha256 == big_sha, model_bin

# deleting a file and a folder; a missing file is EntryNotFound
api.delete_file("part1/file01.txt", repo_id=repo)
assert not api.file_exists(repo, "part1/file01.txt")
try:
    api.delete_file("no/such.txt", repo_id=repo)
    raise AssertionError("deleting a missing file passed")
except EntryNotFoundError:
    pass
api.delete_folder("part2", repo_id=repo)
left = api.list_repo_files(repo)
assert not any(p.startswith("part2/") for p in left), left
assert "part3/file03.txt" in left

# a commit naming a stale parent is refused; one without parent goes on the head
from huggingface_hub import CommitOperationAdd

assert status_of(lambda: api.create_commit(
    repo, [CommitOperationAdd("x.txt", b"x")], commit_message="stale", parent_commit=first.oid
)) == 409

# deleting refs
api.delete_tag(repo, tag="v1")
api.delete_branch(repo, branch="from-first")
refs = api.list_repo_refs(repo)
assert [b.name for b in refs.branches] == ["main"] and refs.tags == [], refs
assert status_of(lambda: api.delete_branch(repo, branch="main")) in (400, 403, 409)
try:
    api.list_repo_files(repo, revision="from-first")
    raise AssertionError("a deleted branch still resolves")
except RevisionNotFoundError:
    pass

# the `hf upload` command, unchanged
cli_folder = os.path.join(work, "cli")
os.makedirs(cli_folder)
with open(os.path.join(cli_folder, "cli.txt"), "w") as f:
    f.write("uploaded by hf upload\n")
hf = os.path.join(os.path.dirname(sys.executable), "hf")
env = dict(os.environ, HF_TOKEN=cfg["token"])
run = subprocess.run(
    [hf, "upload", repo, cli_folder, ".", "--commit-message", "from the cli"],
    env=env, capture_output=True, text=True,
)
assert run.returncode == 0, (run.stdout, run.stderr)
assert "cli.txt" in api.list_repo_files(repo)
assert api.list_repo_commits(repo)[0].title == "from the cli"

# gated access requests, owner's side
gated = cfg.get("gated")
if gated:
    pending = api.list_pending_access_requests(gated)
    assert [r.username for r in pending] == [cfg["requester"]], pending
    api.accept_access_request(gated, cfg["requester"])
    assert [r.username for r in api.list_accepted_access_requests(gated)] == [cfg["requester"]]
    assert list(api.list_pending_access_requests(gated)) == []
    got = hf_hub_download(gated, "config.json", cache_dir=cache, token=cfg["requester_token"])
    assert open(got).read() == cfg["gated_config"]

# an unknown API route answers in the Hub's error shape with a hint
r = get_session().get(f"{endpoint}/api/spaces/{owner}/nothing/runtime")
assert r.status_code == 404, r.status_code
assert r.headers.get("x-error-code") == "EndpointNotFound", r.headers
assert "Hugging Face Hub API" in r.json()["error"], r.text

# delete_repo; then it is gone
api.delete_repo(repo)
try:
    api.model_info(repo)
    raise AssertionError("a deleted repository is still there")
except RepositoryNotFoundError:
    pass
api.delete_repo(repo, missing_ok=True)
api.delete_repo(f"{owner}/hf-data{suffix}", repo_type="dataset")
print("HF WRITE OK")
