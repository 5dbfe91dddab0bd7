// Long work in slices: a turn of the event loop between two slices, so that the requests that came in meanwhile are served.

/**
 * Runs `steps` (a generator that yields between slices of its work) to its value, letting the event
 * loop read and serve other messages between slices. Undefined, and the rest of the work left
 * undone, as soon as `wanted` says no (the text changed, the request was cancelled).
 */
export async function inSlices<T>(steps: Generator<void, T, void>, wanted: () => boolean): Promise<T | undefined> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!wanted()) return undefined;
  }
}
