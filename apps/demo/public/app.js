// The demo page: reads /api/info, then sends each chosen or dropped image to /api/classify and
// shows the top-5 with probability bars and the timings. Plain ES module, no dependencies.

const elements = {
  factModel: document.getElementById('fact-model'),
  factOpenVino: document.getElementById('fact-openvino'),
  factInference: document.getElementById('fact-inference'),
  device: document.getElementById('device'),
  drop: document.getElementById('drop'),
  input: document.getElementById('image-input'),
  preview: document.getElementById('preview'),
  dropHint: document.getElementById('drop-hint'),
  dropAgain: document.getElementById('drop-again'),
  placeholder: document.getElementById('placeholder'),
  limitHint: document.getElementById('limit-hint'),
  status: document.getElementById('status'),
  result: document.getElementById('result'),
  predictions: document.getElementById('predictions'),
  timingDecode: document.getElementById('timing-decode'),
  timingInference: document.getElementById('timing-inference'),
  timingTotal: document.getElementById('timing-total'),
  timingRoundTrip: document.getElementById('timing-round-trip'),
  ranOn: document.getElementById('ran-on'),
};

let currentFile = null;
let previewUrl = null;
let requestCounter = 0;

function setStatus(text, isError = false) {
  elements.status.textContent = text;
  elements.status.classList.toggle('error', isError);
}

function formatMs(value) {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function formatPercent(score) {
  const percent = score * 100;
  return `${percent < 0.1 ? percent.toFixed(2) : percent.toFixed(1)}%`;
}

async function loadInfo() {
  try {
    const response = await fetch('/api/info');
    if (!response.ok) throw new Error(`GET /api/info answered ${response.status}`);
    const info = await response.json();
    elements.factModel.textContent = `${info.model.name} v${info.model.version}`;
    elements.factModel.title = `${info.model.task} · from ${info.model.source}`;
    elements.factOpenVino.textContent = info.openvinoVersion;
    elements.factOpenVino.title = info.openvinoBuild;
    // Where classifications run: in the demo's process, or on a KServe v2 server (--endpoint).
    elements.factInference.textContent =
      info.location.kind === 'remote' ? `remote: ${info.location.endpoint}` : 'in-process';
    elements.factInference.title = info.location.description;
    elements.device.replaceChildren(
      ...info.devices.map((device) => {
        const option = document.createElement('option');
        option.value = device;
        option.textContent = device;
        option.selected = device === info.defaultDevice;
        return option;
      }),
    );
    elements.device.disabled = false;
    const megabytes = Math.round(info.uploadLimitBytes / (1024 * 1024));
    elements.limitHint.textContent = `JPEG, PNG, WebP, GIF, TIFF or AVIF · up to ${megabytes} MB`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    setStatus(`Cannot reach the demo server: ${error.message}`, true);
  }
}

function showPreview(file) {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(file);
  elements.preview.src = previewUrl;
  elements.preview.alt = file.name;
  elements.preview.hidden = false;
  elements.dropHint.hidden = true;
  elements.dropAgain.hidden = false;
  elements.drop.classList.add('has-image');
}

function renderPredictions(result, roundTripMs) {
  elements.predictions.replaceChildren(
    ...result.predictions.map((prediction) => {
      const item = document.createElement('li');
      item.className = 'prediction';
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = prediction.label;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = formatPercent(prediction.score);
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('role', 'presentation');
      const fill = document.createElement('span');
      // Bars are relative to the probability (0-100%), never stretched to the best score.
      fill.style.width = `${Math.max(0.5, Math.min(100, prediction.score * 100))}%`;
      bar.append(fill);
      item.append(label, score, bar);
      return item;
    }),
  );
  elements.timingDecode.textContent = formatMs(result.timings.decodeMs);
  elements.timingInference.textContent = formatMs(result.timings.inferenceMs);
  elements.timingTotal.textContent = formatMs(result.timings.totalMs);
  elements.timingRoundTrip.textContent = formatMs(roundTripMs);
  elements.ranOn.textContent =
    result.location.kind === 'remote'
      ? `${result.model.name} v${result.model.version} ran remotely: ${result.location.description} · ${result.openvinoVersion}`
      : `${result.model.name} v${result.model.version} ran in-process on ${result.device} · OpenVINO ${result.openvinoVersion}`;
  elements.result.hidden = false;
  elements.placeholder.hidden = true;
}

async function classify() {
  if (!currentFile) return;
  const file = currentFile;
  const device = elements.device.value;
  const request = ++requestCounter;
  setStatus(`Classifying ${file.name} on ${device}…`);
  document.body.dataset.state = 'busy';
  const form = new FormData();
  form.append('image', file, file.name);
  const started = performance.now();
  try {
    const response = await fetch(`/api/classify?device=${encodeURIComponent(device)}`, { method: 'POST', body: form });
    const body = await response.json().catch(() => null);
    if (request !== requestCounter) return;
    if (!response.ok) {
      const message = body?.error?.message ?? `The server answered ${response.status}.`;
      elements.result.hidden = true;
      elements.placeholder.hidden = false;
      setStatus(message, true);
      document.body.dataset.state = 'error';
      return;
    }
    renderPredictions(body, performance.now() - started);
    setStatus(`${file.name} · ${(file.size / 1024).toFixed(0)} KB`);
    document.body.dataset.state = 'done';
  } catch (error) {
    if (request !== requestCounter) return;
    setStatus(`The request failed: ${error.message}`, true);
    document.body.dataset.state = 'error';
  }
}

function choose(file) {
  if (!file) return;
  currentFile = file;
  if (file.type.startsWith('image/')) showPreview(file);
  void classify();
}

elements.input.addEventListener('change', () => choose(elements.input.files?.[0]));
elements.device.addEventListener('change', () => void classify());
for (const type of ['dragenter', 'dragover']) {
  elements.drop.addEventListener(type, (event) => {
    event.preventDefault();
    elements.drop.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) {
  elements.drop.addEventListener(type, () => elements.drop.classList.remove('dragging'));
}
elements.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  choose(event.dataTransfer?.files?.[0]);
});

void loadInfo();
