"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto).

Markdown cells are copied in order; the first cell's `# Title` and `> summary` become the README's header;
code cells marked `#| hide` are dropped, other code cells are shown as Python blocks; `../figures/` links
(relative to nbs/) become `figures/` (relative to the repository root).
`python .ci/readme.py --check` exits 1 when README.md is out of date.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render() -> str:
    nb = json.loads((root / 'nbs' / 'index.ipynb').read_text())
    parts = []
    for cell in nb['cells']:
        src = ''.join(cell['source']).strip()
        if not src: continue
        if cell['cell_type'] == 'markdown': parts.append(src.replace('](../figures/', '](figures/'))
        elif cell['cell_type'] == 'code' and '#| hide' not in src:
            parts.append('```python\n' + '\n'.join(l for l in src.splitlines() if not l.startswith('#|')) + '\n```')
    head = '<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n'
    return head + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        if (root / 'README.md').read_text() != text:
            sys.exit('README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit it')
        print('README.md is in sync with nbs/index.ipynb')
    else:
        (root / 'README.md').write_text(text); print('wrote README.md')
