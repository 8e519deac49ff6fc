"""Drives the real huggingface_hub client against a WAICO node.

Run by commons.rs with HF_ENDPOINT pointing at the test server; the first
argument is JSON describing what the server holds. Prints "HF CLIENT OK".
"""
import json
import os
import sys
import tempfile

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
assert everything == ["KEN/gated-model", model], everything
as_member = sorted(m.id for m in api.list_models(token=cfg["approved_token"]))
assert as_member == ["KEN/gated-model", "KEN/internal-model", model], as_member
assert len(list(api.list_models(limit=1))) == 1

# filters: tags, task, licence, language (every one must hold), gated
ids = lambda models: [m.id for m in models]
assert ids(api.list_models(filter="fill-mask")) == [model]
assert ids(api.list_models(pipeline_tag="fill-mask")) == [model]
assert ids(api.list_models(filter=["fill-mask", "license:apache-2.0", "sw"])) == [model]
assert ids(api.list_models(filter=["fill-mask", "zh"])) == []
assert ids(api.list_models(gated=True)) == ["KEN/gated-model"]
assert ids(api.list_models(gated=False)) == [model]
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
