/**
 * Reading barcodes from the camera: the browser's own BarcodeDetector where it reads QR codes, else the
 * `barcode-detector` polyfill on zxing's WebAssembly, which we serve ourselves (by default it would fetch it from a
 * CDN, which fails in a shop without internet and leaks who scans what).
 */
interface Detected {
  rawValue: string;
}
interface Detector {
  detect(source: HTMLVideoElement): Promise<Detected[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

const FORMATS = ['qr_code', 'code_128', 'pdf417', 'aztec'];

async function detectorClass(): Promise<DetectorClass> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass & { getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (native) {
    const formats = await native.getSupportedFormats().catch(() => [] as string[]);
    if (formats.includes('qr_code')) return native;
  }
  const [{ BarcodeDetector, setZXingModuleOverrides }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  setZXingModuleOverrides({ locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) });
  return BarcodeDetector as unknown as DetectorClass;
}

export interface CameraScan {
  stop(): void;
}

/** Starts the back camera in `video` and calls `onCode` with each new code read (the same code once per 3 s). */
export async function startCameraScan(video: HTMLVideoElement, onCode: (code: string) => void): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    video.muted = true;
    video.setAttribute('playsinline', '');
    await video.play();
    const Detector = await detectorClass();
    const detector = new Detector({ formats: FORMATS });
    let last = '';
    let lastAt = 0;
    const tick = async () => {
      if (stopped) return;
      try {
        if (video.readyState >= 2) {
          const [code] = await detector.detect(video);
          if (code?.rawValue && (code.rawValue !== last || Date.now() - lastAt > 3000)) {
            last = code.rawValue;
            lastAt = Date.now();
            onCode(code.rawValue);
          }
        }
      } catch {
        // A frame that could not be read: try the next one.
      }
      setTimeout(() => void tick(), 200);
    };
    void tick();
  } catch (error) {
    stop();
    throw error;
  }
  return { stop };
}
