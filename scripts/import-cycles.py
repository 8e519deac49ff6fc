#!/usr/bin/env python3
"""Finds import loops between the files of each crate.

Reads every `crate::a::b…` path in a crate's sources (in `use` lines and in
code), resolves it to the deepest file it names (`src/a/b.rs`, `src/a.rs`,
`src/a/mod.rs`), and reports every cycle of that file graph. A module's own
`mod x;` lines are not edges; `super::` paths are. Exits 1 when a crate has
a loop. Usage: scripts/import-cycles.py [crate-dir …] (default: crates/*).
"""

import pathlib
import re
import sys

PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")


def module_of(src: pathlib.Path, file: pathlib.Path) -> list[str]:
    rel = file.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("lib", "main", "mod"):
        parts = parts[:-1]
    return parts


def file_of(src: pathlib.Path, parts: list[str]) -> pathlib.Path | None:
    """The deepest source file of the module path `parts`."""
    for n in range(len(parts), 0, -1):
        for cand in (src.joinpath(*parts[:n]).with_suffix(".rs"), src.joinpath(*parts[:n], "mod.rs")):
            if cand.exists():
                return cand
    return None


def reexports(src: pathlib.Path) -> dict[str, list[str]]:
    """Names the crate root re-exports (`pub use state::{AppState, …};`)."""
    found = {}
    root = src / "lib.rs"
    if root.exists():
        for module, names in re.findall(r"pub use (\w+)::\{?([^;]*?)\}?;", root.read_text()):
            for name in re.findall(r"\w+", names):
                found[name] = [module]
    return found


def graph(src: pathlib.Path) -> dict[pathlib.Path, set[pathlib.Path]]:
    edges: dict[pathlib.Path, set[pathlib.Path]] = {}
    names = reexports(src)
    for file in sorted(src.rglob("*.rs")):
        here = module_of(src, file)
        text = file.read_text()
        # Tests inside a file may use anything; they are not part of the shape.
        text = text.split("#[cfg(test)]")[0]
        out = edges.setdefault(file, set())
        for root, rest in PATH.findall(text):
            parts = rest.split("::")[1:]
            if root == "super":
                base = here[:-1] if file.name not in ("mod.rs",) else here[:-1]
                parts = base + parts
            elif parts and parts[0] in names:
                parts = names[parts[0]] + parts
            target = file_of(src, parts)
            if target and target != file:
                out.add(target)
    return edges


def cycles(edges):
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    crates = [pathlib.Path(a) for a in sys.argv[1:]] or sorted((root / "crates").iterdir())
    bad = 0
    for crate in crates:
        src = crate / "src"
        if not src.is_dir():
            continue
        for cycle in cycles(graph(src)):
            bad += 1
            print(f"{crate.name}: " + " -> ".join(str(f.relative_to(src)) for f in cycle))
    if bad:
        print(f"{bad} import loop(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
