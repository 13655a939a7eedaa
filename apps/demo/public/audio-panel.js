// The audio panel: choose or drop a WAV file, POST /api/listen, show the clip's top classes and the
// top classes of every 0.975 s window over time (YAMNet). No dependencies. The panel adds its own
// <section> to the page's panels.

const section = document.createElement('section');
section.className = 'panel';
section.id = 'audio-panel';
section.setAttribute('aria-labelledby', 'audio-title');
section.innerHTML = `
  <h2 id="audio-title">Sound classification</h2>
  <div class="columns">
    <div>
      <label class="drop" id="audio-drop" for="audio-input">
        <input type="file" id="audio-input" name="audio" accept=".wav,audio/wav,audio/x-wav" />
        <span class="drop-hint"><strong>Choose a WAV file</strong> or drop it here
          <small>PCM or float, any sample rate, mono or stereo, up to 10 minutes</small></span>
      </label>
      <audio id="audio-player" controls hidden></audio>
      <p class="status" id="audio-status" role="status" aria-live="polite"></p>
    </div>
    <div class="outcome">
      <p class="placeholder" id="audio-placeholder">The clip's most likely AudioSet classes, and each moment's, appear here.</p>
      <div class="audio-result" id="audio-result" hidden>
        <h3>Whole clip</h3>
        <ol class="predictions" id="audio-classes"></ol>
        <h3>Over time</h3>
        <table class="audio-windows">
          <thead><tr><th scope="col">Time</th><th scope="col">Top classes</th></tr></thead>
          <tbody id="audio-windows"></tbody>
        </table>
        <p class="ran-on" id="audio-summary"></p>
      </div>
    </div>
  </div>`;
document.querySelector('main.panels')?.append(section);

const panel = {
  input: section.querySelector('#audio-input'),
  drop: section.querySelector('#audio-drop'),
  player: section.querySelector('#audio-player'),
  status: section.querySelector('#audio-status'),
  placeholder: section.querySelector('#audio-placeholder'),
  result: section.querySelector('#audio-result'),
  classes: section.querySelector('#audio-classes'),
  windows: section.querySelector('#audio-windows'),
  summary: section.querySelector('#audio-summary'),
};
let playerUrl = null;

function setStatus(text, isError = false) {
  panel.status.textContent = text;
  panel.status.classList.toggle('error', isError);
}

function setState(state) {
  document.body.dataset.audioState = state;
}

function scoreItem(item) {
  const entry = document.createElement('li');
  entry.className = 'prediction';
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = item.label;
  const score = document.createElement('span');
  score.className = 'score';
  score.textContent = `${(item.score * 100).toFixed(1)}%`;
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  fill.style.width = `${Math.max(0.5, Math.min(100, item.score * 100))}%`;
  bar.append(fill);
  entry.append(label, score, bar);
  return entry;
}

async function listen(file) {
  if (!file) return;
  if (playerUrl) URL.revokeObjectURL(playerUrl);
  playerUrl = URL.createObjectURL(file);
  panel.player.src = playerUrl;
  panel.player.hidden = false;
  setState('busy');
  setStatus('Listening… (the first request also prepares the model)');
  const form = new FormData();
  form.append('audio', file, file.name || 'audio.wav');
  try {
    const response = await fetch('/api/listen?topK=5', { method: 'POST', body: form });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.error?.message ?? `POST /api/listen answered ${response.status}`);
    panel.classes.replaceChildren(...body.classes.map(scoreItem));
    panel.windows.replaceChildren(
      ...body.windows.map((window) => {
        const row = document.createElement('tr');
        const time = document.createElement('td');
        time.textContent = `${window.start.toFixed(2)}–${window.end.toFixed(2)} s`;
        const top = document.createElement('td');
        top.textContent = window.classes
          .slice(0, 3)
          .map((item) => `${item.label} ${(item.score * 100).toFixed(0)}%`)
          .join(' · ');
        row.append(time, top);
        return row;
      }),
    );
    panel.summary.textContent = `${body.durationSeconds.toFixed(2)} s at ${body.sampleRate} Hz · ${body.windows.length} windows · ${body.model.name} v${body.model.version} · ${body.timings.total.toFixed(0)} ms`;
    panel.placeholder.hidden = true;
    panel.result.hidden = false;
    setStatus('Done.');
    setState('done');
  } catch (error) {
    setStatus(error.message, true);
    setState('error');
  }
}

panel.input.addEventListener('change', () => listen(panel.input.files?.[0]));
panel.drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  panel.drop.classList.add('dragging');
});
panel.drop.addEventListener('dragleave', () => panel.drop.classList.remove('dragging'));
panel.drop.addEventListener('drop', (event) => {
  event.preventDefault();
  panel.drop.classList.remove('dragging');
  listen(event.dataTransfer?.files?.[0]);
});
setState('idle');
