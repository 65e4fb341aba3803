// Both ends of the postMessage hand-off benchmark. The page gives each of two workers one end
// of a MessageChannel; per round the sender posts `count` numbers, one message each (each a
// structured clone), and the receiver tells the page once the last one has arrived.
let role = null;
let port = null;
let want = 0, seen = 0, sum = 0;

function receive({ data: value }) {
  seen += 1;
  sum += value;
  if (seen === want) self.postMessage({ seen, sum });
}

self.onmessage = ({ data, ports }) => {
  if (data.role) {
    ({ role } = data);
    [port] = ports;
    if (role === 'receiver') port.onmessage = receive;
    self.postMessage('ready');
  } else if (role === 'receiver') {
    // Armed before the sender starts, so the round's count is known when messages arrive.
    want = data.count;
    seen = 0;
    sum = 0;
    self.postMessage('armed');
  } else {
    for (let i = 0; i < data.count; i++) port.postMessage(i);
  }
};
