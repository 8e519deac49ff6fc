"""Drives the real huggingface_hub client against a WAICO node.

Run by commons.rs with HF_ENDPOINT pointing at the test server; the first
argument is JSON describing what the server holds. Prints "HF CLIENT OK".
"""
import hashlib
import json
import os
import socket
import sys
import tempfile
import threading
import urllib.parse

from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from huggingface_hub.errors import GatedRepoError
from huggingface_hub.file_download import hf_hub_url, http_get

cfg = json.loads(sys.argv[1])
work = tempfile.mkdtemp(prefix="hf-client-")
model = cfg["model"]
weights = bytes.fromhex(cfg["weights_hex"])
api = HfApi()

# model_info at main and at a tag
info = api.model_info(model)
assert info.id == model, info.id
assert info.sha == cfg["main_sha"], (info.sha, cfg["main_sha"])
assert sorted(s.rfilename for s in info.siblings) == sorted(cfg["main_files"]), info.siblings
assert info.pipeline_tag == "fill-mask", info.pipeline_tag
assert info.card_data.license == "apache-2.0", info.card_data
assert info.card_data.language == ["sw", "en"], info.card_data.language
assert info.gated is False and info.private is False
assert info.author == model.split("/")[0]
old = api.model_info(model, revision="v1")
assert old.sha == cfg["v1_sha"], (old.sha, cfg["v1_sha"])

# dataset_info
ds = api.dataset_info(cfg["dataset"])
assert ds.id == cfg["dataset"] and ds.sha == cfg["dataset_sha"], ds
assert [s.rfilename for s in ds.siblings] == ["README.md", "data/train.csv"], ds.siblings

# list_models with search and author
found = [m.id for m in api.list_models(search="swahili", author=model.split("/")[0])]
assert found == [model], found
assert [m.id for m in api.list_models(search="no-such-thing-anywhere")] == []

# listings span pages (one repository a page here): the client follows the
# Link header; members-only repositories are listed only to members
everything = sorted(m.id for m in api.list_models())
assert everything == ["KEN/gated-model", cfg["large"], model], everything
as_member = sorted(m.id for m in api.list_models(token=cfg["approved_token"]))
assert as_member == ["KEN/gated-model", "KEN/internal-model", cfg["large"], model], as_member
assert len(list(api.list_models(limit=1))) == 1

# filters: tags, task, licence, language (every one must hold), gated
ids = lambda models: [m.id for m in models]
assert ids(api.list_models(filter="fill-mask")) == [model]
assert ids(api.list_models(pipeline_tag="fill-mask")) == [model]
assert ids(api.list_models(filter=["fill-mask", "license:apache-2.0", "sw"])) == [model]
assert ids(api.list_models(filter=["fill-mask", "zh"])) == []
assert ids(api.list_models(gated=True)) == ["KEN/gated-model"]
assert sorted(ids(api.list_models(gated=False))) == [cfg["large"], model]
assert ids(api.list_datasets(language="sw")) == [cfg["dataset"]]
assert ids(api.list_datasets(filter="license:cc-by-4.0")) == [cfg["dataset"]]
assert ids(api.list_datasets(language="fr")) == []

# list_repo_files (tree listing)
assert sorted(api.list_repo_files(model)) == sorted(cfg["main_files"])
assert sorted(api.list_repo_files(cfg["dataset"], repo_type="dataset")) == ["README.md", "data/train.csv"]

# hf_hub_download at another revision, and at main
cache = os.path.join(work, "cache")
p = hf_hub_download(model, "config.json", revision="v1", cache_dir=cache)
assert open(p, "rb").read() == cfg["v1_config"].encode(), open(p, "rb").read()
assert cfg["v1_sha"] in p, p
p = hf_hub_download(model, "config.json", cache_dir=cache)
assert open(p, "rb").read() == cfg["main_config"].encode()
p = hf_hub_download(model, "weights/model.safetensors", cache_dir=cache)
assert open(p, "rb").read() == weights
p = hf_hub_download(cfg["dataset"], "data/train.csv", repo_type="dataset", cache_dir=cache)
assert open(p, "rb").read() == cfg["csv"].encode()

# a download resumed after an interruption: half the file is on disk,
# the client asks for the rest with Range and appends it
half = len(weights) // 2
partial = os.path.join(work, "model.safetensors.incomplete")
with open(partial, "wb") as f:
    f.write(weights[:half])
with open(partial, "ab") as f:
    http_get(hf_hub_url(model, "weights/model.safetensors"), f, resume_size=half, expected_size=len(weights))
assert open(partial, "rb").read() == weights, "resumed download differs"

# hf_hub_download itself resumes when the connection drops mid-file: a proxy
# in front of the node cuts the first GET of the weights after half the body;
# the client retries with a Range header and completes the file.
class CuttingProxy:
    def __init__(self, upstream, cut_path):
        self.upstream = upstream
        self.cut_path = cut_path
        self.requests = []
        self.cut_done = False
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            client, _ = self.sock.accept()
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()

    def handle(self, client):
        head = b""
        while b"\r\n\r\n" not in head:
            data = client.recv(65536)
            if not data:
                client.close()
                return
            head += data
        head, rest = head.split(b"\r\n\r\n", 1)
        # One request per connection, so that each is seen here.
        lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
        lines.append(b"Connection: close")
        text = b"\r\n".join(lines).decode("latin-1")
        with self.lock:
            self.requests.append(text)
            cut = not self.cut_done and text.startswith("GET ") and self.cut_path in text.split("\r\n")[0]
            self.cut_done = self.cut_done or cut
        upstream = socket.create_connection(self.upstream)
        upstream.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + rest)
        buffered, limit = b"", None
        while True:
            data = upstream.recv(65536)
            if not data:
                break
            if not cut:
                client.sendall(data)
                continue
            buffered += data
            if limit is None and b"\r\n\r\n" in buffered:
                header = buffered.split(b"\r\n\r\n", 1)[0]
                length = next(
                    int(l.split(b":", 1)[1]) for l in header.split(b"\r\n") if l.lower().startswith(b"content-length:")
                )
                limit = len(header) + 4 + length // 2
            if limit is not None and len(buffered) >= limit:
                client.sendall(buffered[:limit])
                break
        upstream.close()
        client.close()


node = urllib.parse.urlsplit(os.environ["HF_ENDPOINT"])
proxy = CuttingProxy((node.hostname, node.port), "/model.bin")
p = hf_hub_download(
    cfg["large"],
    "model.bin",
    cache_dir=os.path.join(work, "resume"),
    endpoint=f"http://127.0.0.1:{proxy.port}",
)
with open(p, "rb") as f:
    assert hashlib.sha256(f.read()).hexdigest() == cfg["large_sha256"], "resumed hf_hub_download differs"
assert proxy.cut_done, proxy.requests
# The client keeps the whole 10 MiB chunk it read before the cut and asks for the rest.
resumed = [r for r in proxy.requests if r.startswith("GET ") and "range: bytes=10485760-" in r.lower()]
assert resumed, proxy.requests

# snapshot_download of the whole repository
snap = snapshot_download(model, cache_dir=os.path.join(work, "snap"))
for name in cfg["main_files"]:
    assert os.path.exists(os.path.join(snap, name)), name
assert open(os.path.join(snap, "weights/model.safetensors"), "rb").read() == weights

# gated: refused without a token and with an unapproved one; granted with an approved one
gated = cfg["gated"]
for token in (None, cfg["unapproved_token"]):
    try:
        hf_hub_download(gated, "config.json", cache_dir=os.path.join(work, "g"), token=token)
        raise AssertionError(f"gated download succeeded with token={token!r}")
    except GatedRepoError:
        pass
p = hf_hub_download(gated, "config.json", cache_dir=os.path.join(work, "g2"), token=cfg["approved_token"])
assert open(p, "rb").read() == cfg["gated_config"].encode()
assert api.model_info(gated).gated == "manual"

print("HF CLIENT OK")
