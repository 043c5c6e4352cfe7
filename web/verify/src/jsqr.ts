// The QR decoder as its own asset (see scan.ts): jsQR from npm, exposed to the page's script.
import jsQRModule from "jsqr";

// jsQR is a UMD bundle: its function is the default import or that import's `default`,
// depending on how the bundler reads the CommonJS module.
const jsQR = (jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ?? (jsQRModule as unknown as typeof jsQRModule.default);
(window as unknown as { verifyJsQR: typeof jsQR }).verifyJsQR = jsQR;
