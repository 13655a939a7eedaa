// The object-detection and segmentation panels: an image (chosen or dropped) goes to
// POST /api/detect or /api/segment; detections are drawn as labelled boxes over the image and
// listed; the segmentation overlay is shown with a legend of the classes present. No dependencies.

function formatMs(value) {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function formatPercent(fraction) {
  const percent = fraction * 100;
  return `${percent < 0.1 ? percent.toFixed(2) : percent.toFixed(1)}%`;
}

/** Wires a drop zone + file input to `run(file)`; returns the status setter. */
function wirePanel(prefix, run) {
  const input = document.getElementById(`${prefix}-input`);
  const drop = document.getElementById(`${prefix}-drop`);
  const status = document.getElementById(`${prefix}-status`);
  const setStatus = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle('error', isError);
  };
  const choose = (file) => {
    if (file) void run(file, setStatus);
  };
  input.addEventListener('change', () => choose(input.files?.[0]));
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    choose(event.dataTransfer?.files?.[0]);
  });
  return setStatus;
}

async function post(path, file) {
  const form = new FormData();
  form.append('image', file, file.name || 'image');
  const started = performance.now();
  const response = await fetch(path, { method: 'POST', body: form });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `POST ${path} answered ${response.status}`);
  return { body, roundTrip: performance.now() - started };
}

// Object detection ----------------------------------------------------------------------------

const detection = {
  image: document.getElementById('detect-image'),
  stage: document.getElementById('detect-stage'),
  boxes: document.getElementById('detect-boxes'),
  list: document.getElementById('detect-list'),
  placeholder: document.getElementById('detect-placeholder'),
  result: document.getElementById('detect-result'),
  ranOn: document.getElementById('detect-ran-on'),
  threshold: document.getElementById('detect-threshold'),
  thresholdValue: document.getElementById('detect-threshold-value'),
};
let detectionUrl = null;
let detectionRequests = 0;

async function detect(file, setStatus) {
  const id = ++detectionRequests;
  document.body.dataset.detectState = 'busy';
  setStatus('Detecting… (the first request also prepares the model)');
  if (detectionUrl) URL.revokeObjectURL(detectionUrl);
  detectionUrl = URL.createObjectURL(file);
  detection.image.src = detectionUrl;
  detection.image.alt = file.name;
  detection.boxes.replaceChildren();
  detection.list.replaceChildren();
  try {
    const threshold = Number(detection.threshold.value) / 100;
    const [{ body, roundTrip }] = await Promise.all([
      post(`/api/detect?scoreThreshold=${threshold}`, file),
      detection.image.decode().catch(() => {}),
    ]);
    if (id !== detectionRequests) return;
    const width = detection.image.naturalWidth || 1;
    const height = detection.image.naturalHeight || 1;
    for (const found of body.detections) {
      const box = document.createElement('div');
      box.className = 'detect-box';
      box.style.left = `${(found.box.x / width) * 100}%`;
      box.style.top = `${(found.box.y / height) * 100}%`;
      box.style.width = `${(found.box.width / width) * 100}%`;
      box.style.height = `${(found.box.height / height) * 100}%`;
      const tag = document.createElement('span');
      tag.className = 'detect-tag';
      tag.textContent = `${found.label} ${formatPercent(found.score)}`;
      box.append(tag);
      detection.boxes.append(box);
      const item = document.createElement('li');
      item.textContent = `${found.label} ${formatPercent(found.score)} at ${found.box.x}, ${found.box.y} (${found.box.width}×${found.box.height})`;
      detection.list.append(item);
    }
    detection.placeholder.hidden = true;
    detection.result.hidden = false;
    detection.ranOn.textContent = `${body.model.name} v${body.model.version} · ${body.device} · server ${formatMs(body.timings.total)} · round trip ${formatMs(roundTrip)}`;
    setStatus(body.detections.length === 0 ? 'No objects above the threshold.' : `${body.detections.length} objects.`);
    document.body.dataset.detectState = 'done';
  } catch (error) {
    if (id !== detectionRequests) return;
    setStatus(error.message, true);
    document.body.dataset.detectState = 'error';
  }
}

// Segmentation ----------------------------------------------------------------------------------

const segmentation = {
  image: document.getElementById('segment-image'),
  legend: document.getElementById('segment-legend'),
  placeholder: document.getElementById('segment-placeholder'),
  result: document.getElementById('segment-result'),
  ranOn: document.getElementById('segment-ran-on'),
};
let segmentationRequests = 0;

async function segment(file, setStatus) {
  const id = ++segmentationRequests;
  document.body.dataset.segmentState = 'busy';
  setStatus('Segmenting… (the first request also prepares the model)');
  try {
    const { body, roundTrip } = await post('/api/segment', file);
    if (id !== segmentationRequests) return;
    segmentation.image.src = body.overlay;
    segmentation.image.alt = `${file.name} with the classes coloured`;
    await segmentation.image.decode().catch(() => {});
    segmentation.legend.replaceChildren(
      ...body.classes.map((entry) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = `rgb(${entry.color.join(',')})`;
        const text = document.createElement('span');
        text.textContent = `${entry.label} ${formatPercent(entry.fraction)}`;
        item.append(swatch, text);
        return item;
      }),
    );
    segmentation.placeholder.hidden = true;
    segmentation.result.hidden = false;
    segmentation.ranOn.textContent = `${body.width}×${body.height} · ${body.model.name} v${body.model.version} · ${body.device} · server ${formatMs(body.timings.total)} · round trip ${formatMs(roundTrip)}`;
    setStatus('Done.');
    document.body.dataset.segmentState = 'done';
  } catch (error) {
    if (id !== segmentationRequests) return;
    setStatus(error.message, true);
    document.body.dataset.segmentState = 'error';
  }
}

if (detection.image) {
  wirePanel('detect', detect);
  detection.threshold.addEventListener('input', () => {
    detection.thresholdValue.textContent = `${detection.threshold.value}%`;
  });
  document.body.dataset.detectState = 'idle';
}
if (segmentation.image) {
  wirePanel('segment', segment);
  document.body.dataset.segmentState = 'idle';
}
