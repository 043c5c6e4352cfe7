// Reading QR codes in the browser with jsQR (npm `jsqr`): from an uploaded photo, or frame by
// frame from the camera. Nothing of the picture leaves the page.
import type jsQRModule from "jsqr";

type JsQR = typeof jsQRModule.default;

// jsQR is its own asset (src/jsqr.ts), loaded by a classic script tag the first time a picture
// is read, so that opening a link parses no QR decoder; a script tag works from file:// too.
declare const __JSQR_ASSET__: string;
let loading: Promise<JsQR> | undefined;

function loadJsQR(): Promise<JsQR> {
  loading ??= new Promise<JsQR>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = __JSQR_ASSET__;
    script.onload = () => resolve((window as unknown as { verifyJsQR: JsQR }).verifyJsQR);
    script.onerror = () => {
      loading = undefined;
      reject(new Error(`the QR reader (${__JSQR_ASSET__}) could not be loaded`));
    };
    document.head.append(script);
  });
  return loading;
}

function readPixels(source: CanvasImageSource, width: number, height: number, canvas = document.createElement("canvas")): ImageData {
  // Large phone photos are scaled down: jsQR's time grows with the pixel count.
  const scale = Math.min(1, 1600 / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

function decode(jsQR: JsQR, image: ImageData): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data;
}

/** The text of the QR code in an image file, or undefined when none is found. */
export async function qrFromFile(file: Blob): Promise<string | undefined> {
  const jsQR = await loadJsQR();
  const bitmap = await createImageBitmap(file);
  try {
    return decode(jsQR, readPixels(bitmap, bitmap.width, bitmap.height));
  } finally {
    bitmap.close();
  }
}

/** Scans camera frames until a code is read (resolves its text) or `stop` is called (resolves undefined). */
export async function scanCamera(video: HTMLVideoElement): Promise<{ result: Promise<string | undefined>; stop: () => void }> {
  const jsQR = await loadJsQR();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement("canvas");
  let stopped = false;
  let finish: (v: string | undefined) => void = () => {};
  const result = new Promise<string | undefined>((resolve) => (finish = resolve));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const t of stream.getTracks()) t.stop();
    video.srcObject = null;
    finish(undefined);
  };
  const tick = () => {
    if (stopped) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const text = decode(jsQR, readPixels(video, video.videoWidth, video.videoHeight, canvas));
      if (text) {
        finish(text);
        stop();
        return;
      }
    }
    setTimeout(tick, 150);
  };
  tick();
  return { result, stop };
}
