// The style-transfer panel: a content and a style image (chosen or dropped), a strength slider,
// then POST /api/stylize and show the returned image with the server's timings. No dependencies.

const panel = {
  contentInput: document.getElementById('style-content-input'),
  styleInput: document.getElementById('style-style-input'),
  contentDrop: document.getElementById('style-content-drop'),
  styleDrop: document.getElementById('style-style-drop'),
  contentPreview: document.getElementById('style-content-preview'),
  stylePreview: document.getElementById('style-style-preview'),
  strength: document.getElementById('style-strength'),
  strengthValue: document.getElementById('style-strength-value'),
  button: document.getElementById('style-run'),
  status: document.getElementById('style-status'),
  placeholder: document.getElementById('style-placeholder'),
  result: document.getElementById('style-result'),
  image: document.getElementById('style-image'),
  timings: document.getElementById('style-timings'),
};

const chosen = { content: null, style: null };
const previews = { content: null, style: null };
let resultUrl = null;

function setStatus(text, isError = false) {
  panel.status.textContent = text;
  panel.status.classList.toggle('error', isError);
}

function setState(state) {
  document.body.dataset.styleState = state;
}

function choose(which, file) {
  if (!file) return;
  chosen[which] = file;
  if (previews[which]) URL.revokeObjectURL(previews[which]);
  previews[which] = URL.createObjectURL(file);
  const image = which === 'content' ? panel.contentPreview : panel.stylePreview;
  image.src = previews[which];
  image.hidden = false;
  const drop = which === 'content' ? panel.contentDrop : panel.styleDrop;
  drop.classList.add('has-image');
  const hint = drop.querySelector('.drop-hint');
  if (hint) hint.hidden = true;
  panel.button.disabled = !(chosen.content && chosen.style);
  setStatus(
    chosen.content && chosen.style
      ? 'Ready: press Stylize.'
      : `Now choose the ${chosen.content ? 'style' : 'content'} image.`,
  );
}

function wire(which, input, drop) {
  input.addEventListener('change', () => choose(which, input.files?.[0]));
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    choose(which, event.dataTransfer?.files?.[0]);
  });
}

function formatMs(value) {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

// The one-piece Magenta model (TF Hub's SavedModel, --style-model) has no style bottleneck to blend:
// it takes strength 1 only, so the slider is locked there once the server says that is the form.
function lockStrengthFor(form) {
  if (form !== 'one-piece') return;
  panel.strength.value = '100';
  panel.strength.disabled = true;
  panel.strength.title = 'The one-piece model (TF Hub SavedModel) has no style bottleneck: strength is always 100%';
  panel.strengthValue.textContent = '100%';
}

async function stylize() {
  if (!(chosen.content && chosen.style)) return;
  const form = new FormData();
  form.append('content', chosen.content, chosen.content.name || 'content');
  form.append('style', chosen.style, chosen.style.name || 'style');
  const strength = Number(panel.strength.value) / 100;
  panel.button.disabled = true;
  setState('busy');
  setStatus('Stylizing… (the first request also prepares the models)');
  const started = performance.now();
  try {
    const response = await fetch(`/api/stylize?strength=${strength}`, { method: 'POST', body: form });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body?.error?.message ?? `POST /api/stylize answered ${response.status}`);
    }
    const blob = await response.blob();
    const roundTrip = performance.now() - started;
    lockStrengthFor(response.headers.get('x-hubvino-style-form'));
    const timings = JSON.parse(response.headers.get('x-hubvino-timings') ?? '{}');
    if (resultUrl) URL.revokeObjectURL(resultUrl);
    resultUrl = URL.createObjectURL(blob);
    panel.image.src = resultUrl;
    await panel.image.decode().catch(() => {});
    panel.placeholder.hidden = true;
    panel.result.hidden = false;
    panel.timings.textContent = `${response.headers.get('x-hubvino-size') ?? ''} · strength ${strength.toFixed(2)} · style ${formatMs(timings.prediction ?? 0)} · transfer ${formatMs(timings.transfer ?? 0)} · server ${formatMs(timings.total ?? 0)} · round trip ${formatMs(roundTrip)} · ${response.headers.get('x-hubvino-models') ?? ''}`;
    setStatus('Done.');
    setState('done');
  } catch (error) {
    setStatus(error.message, true);
    setState('error');
  } finally {
    panel.button.disabled = !(chosen.content && chosen.style);
  }
}

if (panel.button) {
  wire('content', panel.contentInput, panel.contentDrop);
  wire('style', panel.styleInput, panel.styleDrop);
  panel.strength.addEventListener('input', () => {
    panel.strengthValue.textContent = `${panel.strength.value}%`;
  });
  panel.button.addEventListener('click', stylize);
  setState('idle');
}
