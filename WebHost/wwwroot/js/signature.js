// A signature pad on a canvas: pointer strokes, exported as a PNG data URL. Who cannot draw with a pointer
// (keyboard, switch access, a screen reader) signs by writing the typed name onto the pad (`writeName`): the
// acceptance then carries that image like any other signature, and the name typed is the one sent as signedBy.
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
    writeName: (name) => {
      const text = (name ?? '').trim();
      if (!text) return false;
      ink.clearRect(0, 0, canvas.width, canvas.height);
      // The name is shrunk until it fits the pad's width.
      let size = Math.floor(canvas.height / 2.5);
      do { ink.font = `italic ${size}px serif`; size -= 2; } while (size > 10 && ink.measureText(text).width > canvas.width - 16);
      ink.fillStyle = '#000';
      ink.textBaseline = 'middle';
      ink.fillText(text, 8, canvas.height / 2);
      signed = true;
      return true;
    },
    dataUrl: () => canvas.toDataURL('image/png'),
  };
}
