// A signature pad on a canvas: pointer strokes, exported as a PNG data URL.
export function signaturePad(canvas) {
  const ink = canvas.getContext('2d');
  ink.lineWidth = 2; ink.lineCap = 'round';
  let drawing = false; let signed = false;
  // The canvas may be drawn narrower than its pixels (max-width on a phone): scale the pointer into canvas pixels.
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
  };
  canvas.addEventListener('pointerdown', (e) => { drawing = true; signed = true; ink.beginPath(); ink.moveTo(...at(e)); });
  canvas.addEventListener('pointermove', (e) => { if (drawing) { ink.lineTo(...at(e)); ink.stroke(); } });
  window.addEventListener('pointerup', () => { drawing = false; });
  return {
    clear: () => { ink.clearRect(0, 0, canvas.width, canvas.height); signed = false; },
    isSigned: () => signed,
    dataUrl: () => canvas.toDataURL('image/png'),
  };
}
