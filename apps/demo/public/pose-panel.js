// The pose panel: choose or drop a photo, POST /api/pose, draw MoveNet's 17 keypoints and the
// skeleton over the photo (keypoints are in the photo's own pixels) and list them. No dependencies.
// The panel adds its own <section> to the page's panels.

const MIN_SCORE = 0.2;

const section = document.createElement('section');
section.className = 'panel';
section.id = 'pose-panel';
section.setAttribute('aria-labelledby', 'pose-title');
section.innerHTML = `
  <h2 id="pose-title">Pose estimation</h2>
  <div class="columns">
    <div>
      <label class="drop" id="pose-drop" for="pose-input">
        <input type="file" id="pose-input" name="image" accept="image/*,.bmp" />
        <span class="drop-hint"><strong>Choose a photo of a person</strong> or drop it here
          <small>JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP</small></span>
      </label>
      <p class="status" id="pose-status" role="status" aria-live="polite"></p>
    </div>
    <div class="outcome">
      <p class="placeholder" id="pose-placeholder">The photo with MoveNet's 17 keypoints and skeleton appears here.</p>
      <div class="pose-result" id="pose-result" hidden>
        <canvas id="pose-canvas" aria-label="Photo with the estimated pose"></canvas>
        <p class="ran-on" id="pose-summary"></p>
        <ol class="pose-keypoints" id="pose-keypoints"></ol>
      </div>
    </div>
  </div>`;
document.querySelector('main.panels')?.append(section);

const panel = {
  input: section.querySelector('#pose-input'),
  drop: section.querySelector('#pose-drop'),
  status: section.querySelector('#pose-status'),
  placeholder: section.querySelector('#pose-placeholder'),
  result: section.querySelector('#pose-result'),
  canvas: section.querySelector('#pose-canvas'),
  summary: section.querySelector('#pose-summary'),
  keypoints: section.querySelector('#pose-keypoints'),
};

function setStatus(text, isError = false) {
  panel.status.textContent = text;
  panel.status.classList.toggle('error', isError);
}

function setState(state) {
  document.body.dataset.poseState = state;
}

function loadImage(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => resolve({ image, url });
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error(`The browser cannot show ${file.name || 'this file'}.`));
    };
    image.src = url;
  });
}

/** Draws the photo, the skeleton edges whose two ends are confident, then the confident keypoints. */
function draw(image, pose) {
  const { canvas } = panel;
  canvas.width = pose.width;
  canvas.height = pose.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0, pose.width, pose.height);
  const scale = Math.max(pose.width, pose.height) / 400;
  context.lineWidth = 3 * scale;
  context.strokeStyle = '#2f5bea';
  for (const [from, to] of pose.skeleton) {
    const a = pose.keypoints[from];
    const b = pose.keypoints[to];
    if (a.score < MIN_SCORE || b.score < MIN_SCORE) continue;
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  }
  for (const point of pose.keypoints) {
    if (point.score < MIN_SCORE) continue;
    context.beginPath();
    context.fillStyle = point.name.startsWith('left')
      ? '#f79009'
      : point.name.startsWith('right')
        ? '#12b76a'
        : '#e31b54';
    context.arc(point.x, point.y, 4 * scale, 0, 2 * Math.PI);
    context.fill();
  }
}

async function estimate(file) {
  if (!file) return;
  setState('busy');
  setStatus('Estimating… (the first request also prepares the model)');
  const form = new FormData();
  form.append('image', file, file.name || 'image');
  try {
    const [response, shown] = await Promise.all([
      fetch('/api/pose', { method: 'POST', body: form }),
      loadImage(file).catch(() => null),
    ]);
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.error?.message ?? `POST /api/pose answered ${response.status}`);
    if (shown) {
      draw(shown.image, body);
      URL.revokeObjectURL(shown.url);
    }
    panel.keypoints.replaceChildren(
      ...body.keypoints.map((point) => {
        const item = document.createElement('li');
        item.dataset.name = point.name;
        item.textContent = `${point.name.replace('_', ' ')}: (${point.x.toFixed(0)}, ${point.y.toFixed(0)}) ${point.score.toFixed(2)}`;
        item.classList.toggle('unsure', point.score < MIN_SCORE);
        return item;
      }),
    );
    panel.summary.textContent = `${body.width}x${body.height} · pose score ${body.score.toFixed(2)}${body.score < 0.3 ? ' (probably no person)' : ''} · ${body.model.name} v${body.model.version} · ${body.timings.total.toFixed(0)} ms`;
    panel.placeholder.hidden = true;
    panel.result.hidden = false;
    setStatus('Done.');
    setState('done');
  } catch (error) {
    setStatus(error.message, true);
    setState('error');
  }
}

panel.input.addEventListener('change', () => estimate(panel.input.files?.[0]));
panel.drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  panel.drop.classList.add('dragging');
});
panel.drop.addEventListener('dragleave', () => panel.drop.classList.remove('dragging'));
panel.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  panel.drop.classList.remove('dragging');
  estimate(event.dataTransfer?.files?.[0]);
});
setState('idle');
