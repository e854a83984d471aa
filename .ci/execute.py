#!/usr/bin/env python
"""Re-execute the walk-through notebooks in place, so that their figures and tables are committed with them.

    python .ci/execute.py                 # every walk-through notebook (all but the experiments 05/06 and index)
    python .ci/execute.py 02_cam 03_ffm   # some of them

Cells run as `nbdev_test` runs them (same executor, from nbs/, cells flagged `slow` or `cuda` skipped and left
without output), and stop at the first error. What is kept of the outputs: stdout, results and figures. What
is dropped or masked, so that a re-run only changes what really changed: stderr (warnings, progress bars),
absolute paths (the checkout becomes `.`, temporary folders `<tmp>`), and timings printed in outputs.
The experiment notebooks stay clean: their outputs are the files in figures/.
"""
import argparse, copy, json, os, re, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / 'nbs'
EXPERIMENTS = ('05_ablation', '06_comparison', 'index')
SKIP_FLAGS = {'slow', 'cuda'}

_TMP = re.compile(re.escape(tempfile.gettempdir().rstrip('/')) + r'/[\w.\-]+')
_TIME = re.compile(r'\b\d+(?:\.\d+)?(?:e[+-]?\d+)? ?(?:s|ms|µs|us|min|seconds|minutes)\b(?!\w)')
_PER_S = re.compile(r"(images_per_s'?\"?\s*[=:]\s*)\d+(?:\.\d+)?")
_RATE = re.compile(r'\b\d+(?:\.\d+)? ?(?:it|img|images)/s\b')

def scrub(text: str) -> str:
    "Outputs that change on every run (paths, timings) made stable."
    text = text.replace(str(ROOT), '.')
    text = _TMP.sub('<tmp>', text)
    text = _PER_S.sub(r'\1<rate>', text)
    return _RATE.sub('<rate>', _TIME.sub('<time>', text))

def clean_outputs(outputs: list) -> list:
    keep = []
    for o in outputs:
        o = dict(o)
        if o.get('output_type') == 'stream':
            if o.get('name') != 'stdout': continue
            text = ''.join(o['text']) if isinstance(o['text'], list) else o['text']
            if '\r' in text: text = '\n'.join(l.rsplit('\r', 1)[-1] for l in text.split('\n'))
            o['text'] = scrub(text)
        elif o.get('output_type') in ('execute_result', 'display_data'):
            data = {k: v for k, v in o.get('data', {}).items() if 'widget' not in k}
            if not data: continue
            if 'image/png' in data: data.pop('image/jpeg', None)  # one picture, not two encodings of it
            for k in ('text/plain', 'text/markdown', 'text/html'):
                if k in data: data[k] = scrub(''.join(data[k]) if isinstance(data[k], list) else data[k])
            o['data'] = data; o.pop('execution_count', None)
            if o['output_type'] == 'execute_result': o['execution_count'] = None
        elif o.get('output_type') == 'error': raise RuntimeError('an error output reached the cleaner')
        keep.append(o)
    return keep

def execute(name: str) -> float:
    from execnb.shell import CaptureShell
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    from fastcore.foundation import working_directory
    path = NBS / f'{name}.ipynb'
    raw = json.loads(path.read_text())
    nb = NBProcessor(path, procs=FrontmatterProc, process=True).nb
    def skip(cell):
        if cell.cell_type != 'code' or 'nbdev_export' + '(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        return direc.get('eval:', [''])[0].lower() == 'false' or bool(SKIP_FLAGS & direc.keys())
    os.environ['IN_TEST'] = '1'  # as nbdev_test: cells that check it stay small
    t0 = time.perf_counter()
    shell = CaptureShell(path)
    with working_directory(path.parent):
        try: shell.run_all(nb, exc_stop=True, preproc=skip)
        except Exception:
            sys.stderr.write(shell.prettytb(fname=path) + '\n'); raise SystemExit(f'{name}: a cell failed; nothing written')
    by_id = {c.get('id'): c for c in nb.cells}
    for i, c in enumerate(raw['cells']):
        if c['cell_type'] != 'code': continue
        done = by_id.get(c.get('id')) or nb.cells[i]
        c['outputs'] = [] if skip(done) else clean_outputs(copy.deepcopy(list(done.get('outputs', []))))
        c['execution_count'] = None
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + '\n')
    return time.perf_counter() - t0

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('names', nargs='*', help='notebook names without .ipynb (default: every walk-through notebook)')
    a = p.parse_args()
    names = a.names or [f.stem for f in sorted(NBS.glob('*.ipynb')) if f.stem not in EXPERIMENTS]
    for n in names: print(f'{n}: executed in {execute(n):.0f} s', flush=True)
    print('now run nbdev_clean (ids, metadata) before committing')
