/** Running exported NumPy programs from the tests (python3 with NumPy, when the machine has it). */
import { execFileSync } from 'node:child_process';

function pythonWithNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export const hasNumpy = pythonWithNumpy();

/**
 * Runs the exported programs in one Python process (importing NumPy takes a second or more on a
 * busy machine): each file still runs as its own __main__ script, with its own globals.
 */
const RUN_ALL = `
import contextlib, io, json, runpy, sys
outputs = []
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(path, run_name="__main__")
    outputs.append(buffer.getvalue())
print(json.dumps(outputs))
`;

/** What each file printed, in order. */
export function runPythonFiles(files: string[]): string[] {
  const out = execFileSync('python3', ['-c', RUN_ALL, ...files], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as string[];
}
