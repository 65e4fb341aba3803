// One JS worker of the JS baselines: computes its range of the pipeline's dataset and posts
// back the partial sum. The range arrives by postMessage; the data is the range itself.
import { heavySum } from './heavy.js';

self.onmessage = ({ data: { start, end, rounds } }) => {
  self.postMessage(heavySum(start, end, rounds));
};
