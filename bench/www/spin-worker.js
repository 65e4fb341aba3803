// The parallel-capacity probe's worker: counts loop iterations for `ms` milliseconds.
self.onmessage = ({ data: { ms } }) => {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) for (let i = 0; i < 1000; i++) n += 1;
  self.postMessage(n);
};
